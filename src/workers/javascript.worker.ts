/// <reference lib="webworker" />
import { serveJavaScript } from '../lib/runner/javascript.ts';
import type { RunRequest } from '../lib/runner/protocol.ts';
import { servePrivately } from './private-channel.ts';

servePrivately<RunRequest>(serveJavaScript);
