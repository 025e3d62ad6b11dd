/// <reference lib="webworker" />
import type { PyodideLike } from '../lib/runner/python.ts';
import { COLD_START_DIR, PYODIDE_DIR, SNAPSHOT_FILE, STDLIB_REST_FILE, WASM_DATA_PATCH_FILE, WASM_FILE } from '../lib/runner/python-assets.ts';
import { servePython, type PythonWorkerRequest } from '../lib/runner/python-service.ts';
import { unpackZstd, unpackZstdArriving, unpackZstdResponse } from '../lib/runner/unpack-zstd.ts';
import { restoreDataSegments, snapshotMemory, withInitialMemory } from '../lib/runner/wasm-data.ts';
import PYTHON_HARNESS from '../lib/runner/python_harness.py?raw';
import { servePrivately } from './private-channel.ts';

interface PyodideModule {
  loadPyodide(options: Record<string, unknown>): Promise<PyodideLike>;
}

/** Where the site serves Pyodide and the build's files beside it. */
const indexURL = new URL(`${import.meta.env.BASE_URL.replace(/\/?$/, '/')}${PYODIDE_DIR}/`, self.location.origin).href;

/**
 * Boots Pyodide from the site's own copy (see src/build/pyodide-assets.mjs), never a CDN.
 * pyodide.mjs is imported at run time rather than bundled, so that it always matches the
 * .asm.mjs and .wasm files next to it; it fetches the wasm, the standard library and the
 * snapshot in parallel.
 *
 * The interpreter is restored from the memory snapshot the build made, which skips Python's
 * own start-up, the slowest part of a boot. The wasm beside it has no data segments (they are
 * rebuilt from the snapshot and a small patch: wasm-data.ts) and is packed with zstd. Without a
 * usable snapshot (a server that does not have it, a restore that fails) Python starts the
 * ordinary way from Pyodide's own files (COLD_START_DIR), only slower.
 */
async function load(progress: (message: string) => void): Promise<PyodideLike> {
  const snapshotURL = `${indexURL}${SNAPSHOT_FILE}`;
  // Asked for before the cache lookup below, not after it: on a first visit the offline worker
  // is storing the site shell, and Cache Storage took 0.2–0.5 s to answer.
  const pyodideModule = import(/* @vite-ignore */ `${indexURL}pyodide.mjs`) as Promise<PyodideModule>;
  // Awaited below, after the lookup; this keeps a failure meanwhile from counting as unhandled.
  pyodideModule.catch(() => {});
  // After a first visit the service worker holds every file: nothing is downloaded again.
  const stored = await caches.match(snapshotURL).catch(() => undefined);
  progress(stored ? 'Starting Python…' : 'Downloading and starting Python (about 7 MB, only the first time)…');
  const { loadPyodide } = await pyodideModule;
  const quiet = { stdout: () => {}, stderr: () => {} };
  try {
    // Pyodide asks for its own files (the wasm, pyodide.asm.mjs, the standard library) as soon as
    // it is called; the patch and the snapshot, the largest file by far, a task later. On a shared
    // link the wasm then compiles, and pyodide.asm.mjs runs, while the snapshot arrives, unpacked
    // as it does; Pyodide needs only its size to make the interpreter, and the data segments
    // wait for all of it (withData). Asked for first, the snapshot left all that for the end.
    const later = new Promise((resolve) => setTimeout(resolve, 0));
    const patch = later.then(() => fetchPacked(indexURL, WASM_DATA_PATCH_FILE));
    const snapshot = later.then(() => fetch(snapshotURL)).then((response) => unpackZstdArriving(response, SNAPSHOT_FILE));
    const buffer = snapshot.then(({ buffer }) => buffer);
    const complete = snapshot.then(({ complete }) => complete);
    // Settled here too: a failure before one is awaited must not count as unhandled.
    Promise.all([buffer, complete, patch]).catch(() => {});
    const withData = async (memory: Uint8Array) => restoreDataSegments(memory, snapshotMemory(await complete), await patch);
    return await withInitialMemory(withData, () => withPackedWasm(() => loadPyodide({ ...quiet, indexURL, _loadSnapshot: buffer })));
  } catch (error) {
    console.warn('Python could not start from its snapshot; starting it without one.', error);
    const cold = `${indexURL}${COLD_START_DIR}/`;
    // Pyodide's own standard library zip too: the site's first one has only what the snapshot lacks.
    return loadPyodide({ ...quiet, indexURL: cold, lockFileURL: `${indexURL}pyodide-lock.json` });
  }
}

/**
 * Runs `load` (the loadPyodide above) with its request for pyodide.asm.wasm answered by the
 * build's zstd copy of it (WASM_FILE), unpacked as it arrives. Pyodide fetches the wasm itself
 * and has no option to name another file, so the worker's fetch is wrapped for that one call,
 * before any learner code exists, and put back after it. If the file cannot be had or is not
 * zstd, the compile fails, and with it the load: Python then starts the ordinary way.
 */
async function withPackedWasm<T>(load: () => Promise<T>): Promise<T> {
  const original = self.fetch;
  const fetch = original.bind(self);
  const wasm = `${indexURL}pyodide.asm.wasm`;
  self.fetch = (input, init) => {
    if (String(input instanceof Request ? input.url : input) !== wasm) return fetch(input, init);
    return fetch(`${indexURL}${WASM_FILE}`).then((response) => unpackZstdResponse(response, WASM_FILE, 'application/wasm'));
  };
  try {
    return await load();
  } finally {
    self.fetch = original;
  }
}

/** One of the build's small zstd files (the wasm's data patch), downloaded (or read from the offline cache) and unpacked. */
async function fetchPacked(directory: string, file: string): Promise<Uint8Array> {
  const response = await fetch(`${directory}${file}`);
  if (!response.ok) throw new Error(`${file} answered ${response.status}`);
  return unpackZstd(new Uint8Array(await response.arrayBuffer()), file);
}

/**
 * The standard library's second zip, asked for by an import in the middle of a run, so it is
 * read synchronously (a worker may): from the offline cache once Python has been used, else
 * from the network.
 */
function stdlibRest(): Uint8Array | undefined {
  try {
    const request = new XMLHttpRequest();
    request.open('GET', `${indexURL}${STDLIB_REST_FILE}`, false);
    request.responseType = 'arraybuffer';
    request.send();
    return request.status === 200 ? new Uint8Array(request.response as ArrayBuffer) : undefined;
  } catch {
    return undefined;
  }
}

servePrivately<PythonWorkerRequest>((post) => servePython({ load, harness: PYTHON_HARNESS, host: { stdlibRest }, post }));
