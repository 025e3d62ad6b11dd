#!/usr/bin/env node
// Entry point of `npx stepwise`. npx puts the project's Node 24 first on PATH, and Node 24
// runs our TypeScript sources directly, so there is no build step for the CLI.
import { main } from '../src/cli/main.ts';

process.exitCode = await main(process.argv.slice(2));
