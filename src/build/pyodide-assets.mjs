import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { constants, zstdCompress } from 'node:zlib';
import { COLD_START_DIR, PYODIDE_DIR, SNAPSHOT_FILE, STDLIB_FILE, STDLIB_REST_FILE, WASM_DATA_PATCH_FILE, WASM_FILE } from '../lib/runner/python-assets.ts';
import { preparePython } from '../lib/runner/python.ts';
import { dataPatch, snapshotMemory, stripDataSegments } from '../lib/runner/wasm-data.ts';
import { splitStdlib } from './python-stdlib.mjs';

/**
 * What a browser needs to boot Pyodide without packages, besides the standard library (split,
 * below) and the wasm (written without its data, below): nothing else is copied.
 */
export const PYODIDE_FILES = ['pyodide.mjs', 'pyodide.asm.mjs', 'pyodide-lock.json'];
/** Copied as they are under COLD_START_DIR, for a start without the snapshot (which needs the whole standard library). */
const COLD_START_FILES = ['pyodide.asm.mjs', 'pyodide.asm.wasm', STDLIB_FILE];

/** What the snapshot and the split standard library depend on besides Pyodide itself: the runner's harness, loaded and warmed up. */
const SNAPSHOT_INPUTS = ['../lib/runner/python.ts', '../lib/runner/python_harness.py', '../lib/runner/protocol.ts', './python-stdlib.mjs', import.meta.url];

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
        await mkdir(path.join(target, COLD_START_DIR), { recursive: true });
        let copied = 0;
        const copies = [...PYODIDE_FILES.map((file) => [file, file]), ...COLD_START_FILES.map((file) => [file, path.join(COLD_START_DIR, file)])];
        for (const [file, as] of copies) {
          const from = path.join(source, file);
          const to = path.join(target, as);
          const [original, existing] = await Promise.all([stat(from), stat(to).catch(() => undefined)]);
          if (existing && existing.size === original.size && existing.mtimeMs >= original.mtimeMs) continue;
          await copyFile(from, to);
          copied += 1;
        }
        if (copied > 0) logger.info(`copied ${copied} Pyodide files to ${path.relative(process.cwd(), target)}/`);
        const written = await writeSnapshot(source, target);
        if (written) logger.info(`wrote ${PYODIDE_DIR}/${SNAPSHOT_FILE}, and the standard library split: ${written}`);
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
 * the harness if the snapshot's copy is not the current one.
 *
 * The snapshot remembers the standard library zip it was made with (zipimport keeps its table
 * of contents), so the split zips (python-stdlib.mjs) are written first, from an interpreter
 * booted with the complete one, and the snapshot is made with the first in place. All are
 * rewritten when an input changes.
 * @returns {Promise<string | undefined>} the split's sizes, if the files were written
 */
async function writeSnapshot(source, target) {
  const file = path.join(target, SNAPSHOT_FILE);
  const outputs = [file, path.join(target, STDLIB_FILE), path.join(target, STDLIB_REST_FILE), path.join(target, WASM_FILE), path.join(target, WASM_DATA_PATCH_FILE)];
  const inputs = [path.join(source, 'pyodide.asm.wasm'), path.join(source, STDLIB_FILE), ...SNAPSHOT_INPUTS.map((input) => fileURLToPath(new URL(input, import.meta.url)))];
  const [written, sources] = await Promise.all([Promise.all(outputs.map((output) => stat(output).catch(() => undefined))), Promise.all(inputs.map((input) => stat(input)))]);
  const newest = Math.max(...sources.map((input) => input.mtimeMs));
  if (written.every((output) => output && output.mtimeMs >= newest)) return undefined;
  const { loadPyodide } = await import('pyodide');
  const quiet = { stdout: () => {}, stderr: () => {} };
  const harness = await readFile(new URL('../lib/runner/python_harness.py', import.meta.url), 'utf8');

  const whole = await loadPyodide({ indexURL: `${source}${path.sep}`, ...quiet });
  preparePython(whole, harness);
  const { first, rest, bootable } = splitStdlib(whole);
  await writeFile(outputs[1], first);
  await writeFile(outputs[2], rest);
  const bootableFile = path.join(await mkdtemp(path.join(tmpdir(), 'stepwise-stdlib-')), STDLIB_FILE);
  await writeFile(bootableFile, bootable);

  const pyodide = await loadPyodide({ indexURL: `${source}${path.sep}`, stdLibURL: bootableFile, _makeSnapshot: true, ...quiet });
  preparePython(pyodide, harness);
  await rm(path.dirname(bootableFile), { recursive: true, force: true });
  // The snapshot is restored with the first zip, which lacks the modules imported so far: Python
  // is given it now, and reads its table of contents again (zipimport keeps one per archive).
  // One Python statement list from the file's swap to the new table: an import in between would
  // read the new file at the old table's offsets. (Not importlib.invalidate_caches(): it imports
  // importlib.metadata, which is in the second zip.)
  pyodide.FS.writeFile('/tmp/first.zip', first);
  pyodide.runPython(`
import os, sys, zipimport
stdlib = next(entry for entry in sys.path if entry.endswith('.zip'))
os.replace('/tmp/first.zip', stdlib)
zipimport._zip_directory_cache.clear()
zipimport.zipimporter(stdlib)._get_files()
`);
  // Level 19: 4.5 MB in about 6 s, once per change of its inputs; 12 gave 5.1 MB, 16 4.8 MB.
  const memory = pyodide.makeMemorySnapshot();
  // The size is written in the file's header (pledgedSrcSize), so the decoder allocates once.
  await writeFile(file, await promisify(zstdCompress)(memory, { pledgedSrcSize: memory.length, params: { [constants.ZSTD_c_compressionLevel]: 19 } }));
  // The wasm without its data, in zstd (1.70 MB, against 2.05 with a host's gzip; level 22 gave
  // the same), and the patch that rebuilds the data from this snapshot (wasm-data.ts).
  const { stripped, start, initial } = stripDataSegments(new Uint8Array(await readFile(path.join(source, 'pyodide.asm.wasm'))));
  const packedWasm = await promisify(zstdCompress)(stripped, { pledgedSrcSize: stripped.length, params: { [constants.ZSTD_c_compressionLevel]: 19 } });
  await writeFile(outputs[3], packedWasm);
  await writeFile(outputs[4], await promisify(zstdCompress)(dataPatch(start, initial, snapshotMemory(memory)), { params: { [constants.ZSTD_c_compressionLevel]: 19 } }));
  // Files of earlier builds (the gzip snapshot, the wasm before it was packed) would still be served and cached: gone.
  for (const old of await readdir(target)) if ((old.startsWith('interpreter-snapshot') && old !== SNAPSHOT_FILE) || old === 'pyodide.asm.wasm') await rm(path.join(target, old), { force: true });
  const megabytes = (bytes) => `${(bytes / 1_000_000).toFixed(2)} MB`;
  return `${megabytes(first.length)} at start, ${megabytes(rest.length)} on first need; the wasm without its data, ${megabytes(packedWasm.length)} in zstd`;
}
