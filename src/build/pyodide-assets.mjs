import { copyFile, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { PYODIDE_DIR, SNAPSHOT_FILE } from '../lib/runner/python-assets.ts';
import { preparePython } from '../lib/runner/python.ts';

/** What a browser needs to boot Pyodide without packages: nothing else is copied. */
export const PYODIDE_FILES = ['pyodide.mjs', 'pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip', 'pyodide-lock.json'];

/** What the snapshot holds besides Pyodide itself: the runner's harness, loaded and warmed up. */
const SNAPSHOT_INPUTS = ['../lib/runner/python.ts', '../lib/runner/python_harness.py', '../lib/runner/protocol.ts', import.meta.url];

/**
 * Serves Pyodide from the site itself, never a CDN: copies the runtime files from
 * node_modules/pyodide into public/pyodide/ (git-ignored) before `astro dev` and
 * `astro build` start, so both serve them at /pyodide/ and the build ships them in dist/.
 * Files already copied with the same size and date are left alone.
 * @returns {import('astro').AstroIntegration}
 */
export function pyodideAssets() {
  return {
    name: 'stepwise:pyodide-assets',
    hooks: {
      'astro:config:setup': async ({ config, logger }) => {
        const source = path.dirname(createRequire(import.meta.url).resolve('pyodide/package.json'));
        const target = path.join(fileURLToPath(config.publicDir), PYODIDE_DIR);
        await mkdir(target, { recursive: true });
        let copied = 0;
        for (const file of PYODIDE_FILES) {
          const from = path.join(source, file);
          const to = path.join(target, file);
          const [original, existing] = await Promise.all([stat(from), stat(to).catch(() => undefined)]);
          if (existing && existing.size === original.size && existing.mtimeMs >= original.mtimeMs) continue;
          await copyFile(from, to);
          copied += 1;
        }
        if (copied > 0) logger.info(`copied ${copied} Pyodide files to ${path.relative(process.cwd(), target)}/`);
        if (await writeSnapshot(source, target)) logger.info(`wrote ${PYODIDE_DIR}/${SNAPSHOT_FILE}`);
      },
    },
  };
}

/**
 * Most of a Pyodide boot is Python initialising itself (seconds on a slow machine), not
 * downloading. So the build starts the interpreter once, in Node, loads the runner's harness
 * into it, and ships a memory snapshot; browsers and the CLI restore that instead. It holds no
 * JavaScript objects (Pyodide refuses to save one that does), so where it was made does not
 * matter; Pyodide rejects it if it was made by a different build, and preparePython reloads
 * the harness if the snapshot's copy is not the current one. Rewritten when its inputs change.
 * @returns {Promise<boolean>} whether it was written
 */
async function writeSnapshot(source, target) {
  const file = path.join(target, SNAPSHOT_FILE);
  const inputs = [path.join(source, 'pyodide.asm.wasm'), ...SNAPSHOT_INPUTS.map((input) => fileURLToPath(new URL(input, import.meta.url)))];
  const [existing, ...sources] = await Promise.all([stat(file).catch(() => undefined), ...inputs.map((input) => stat(input))]);
  if (existing && sources.every((input) => existing.mtimeMs >= input.mtimeMs)) return false;
  const { loadPyodide } = await import('pyodide');
  const pyodide = await loadPyodide({ indexURL: `${source}${path.sep}`, _makeSnapshot: true, stdout: () => {}, stderr: () => {} });
  preparePython(pyodide, await readFile(new URL('../lib/runner/python_harness.py', import.meta.url), 'utf8'));
  await writeFile(file, await promisify(gzip)(pyodide.makeMemorySnapshot()));
  return true;
}
