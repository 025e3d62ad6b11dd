/// <reference lib="webworker" />
import type { PyodideLike } from '../lib/runner/python.ts';
import { COLD_START_DIR, PYODIDE_DIR, SNAPSHOT_FILE, STDLIB_FILE, STDLIB_REST_FILE, WASM_DATA_PATCH_FILE, WASM_FILE } from '../lib/runner/python-assets.ts';
import { servePython, type PythonWorkerRequest } from '../lib/runner/python-service.ts';
import { unpackZstd, unpackZstdArriving, unpackZstdResponse } from '../lib/runner/unpack-zstd.ts';
import { patchedRange, restoreDataSegments, snapshotMemory, snapshotMemoryOffset, withInitialMemory } from '../lib/runner/wasm-data.ts';
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
 * .asm.mjs and .wasm files next to it.
 *
 * The interpreter is restored from the memory snapshot the build made, which skips Python's
 * own start-up, the slowest part of a boot. The wasm beside it has no data segments (they are
 * rebuilt from the snapshot and a small patch: wasm-data.ts) and is packed with zstd. Without a
 * usable snapshot (a server that does not have it, a restore that fails) Python starts the
 * ordinary way from Pyodide's own files (COLD_START_DIR), only slower.
 */
async function load(progress: (message: string) => void): Promise<PyodideLike> {
  // Every file Python starts from is asked for now, in the order a shared link should carry
  // them: Pyodide's own first, then the snapshot, the largest by far, so that the wasm compiles
  // and pyodide.asm.mjs runs while the snapshot arrives. Pyodide would ask for its files only
  // once pyodide.mjs had arrived; on a first visit that waited behind the editor's download.
  const pyodideModule = import(/* @vite-ignore */ `${indexURL}pyodide.mjs`) as Promise<PyodideModule>;
  const emscripten = import(/* @vite-ignore */ `${indexURL}pyodide.asm.mjs`) as Promise<{ default: (settings: object) => Promise<unknown> }>;
  const answers = new Map([
    [`${indexURL}pyodide-lock.json`, fetch(`${indexURL}pyodide-lock.json`)],
    [`${indexURL}${STDLIB_FILE}`, fetch(`${indexURL}${STDLIB_FILE}`)],
    // Pyodide's own request for its wasm gets the build's copy, unpacked as it arrives.
    [`${indexURL}pyodide.asm.wasm`, fetch(`${indexURL}${WASM_FILE}`).then((response) => unpackZstdResponse(response, WASM_FILE, 'application/wasm'))],
  ]);
  const patch = fetchPacked(indexURL, WASM_DATA_PATCH_FILE);
  const snapshotURL = `${indexURL}${SNAPSHOT_FILE}`;
  const snapshot = fetch(snapshotURL).then((response) => unpackZstdArriving(response, SNAPSHOT_FILE));
  const complete = snapshot.then(({ complete }) => complete);
  // Each is awaited later, or never if Python starts without its snapshot: a failure meanwhile
  // must not count as unhandled.
  for (const promise of [pyodideModule, emscripten, patch, complete, ...answers.values()]) promise.catch(() => {});
  // After a first visit the service worker holds every file: nothing is downloaded again. The
  // lookup is not waited for: after a first visit Cache Storage is busy with the very files just
  // asked for, and Python may have started before it answers (servePython then drops the words).
  void caches
    .match(snapshotURL)
    .catch(() => undefined)
    .then((stored) => progress(stored ? 'Starting Python…' : 'Downloading and starting Python (about 7 MB, only the first time)…'));
  const { loadPyodide } = await pyodideModule;
  const quiet = { stdout: () => {}, stderr: () => {} };
  try {
    // Pyodide needs only the snapshot's size to make the memory (the buffer, made when the
    // header arrives); the data segments, only its first few megabytes (withData), after which
    // the module's constructors and Pyodide's set-up run while the rest downloads. Only copying
    // the snapshot into the interpreter waits for all of it (createPyodideModule).
    const withData = async (memory: Uint8Array) => {
      const [{ unpacked }, data] = await Promise.all([snapshot, patch]);
      const { start, length } = patchedRange(data);
      const offset = snapshotMemoryOffset(await unpacked(8));
      restoreDataSegments(memory, snapshotMemory(await unpacked(offset + start + length)), data);
    };
    const createPyodideModule = async (settings: object) => {
      const module = await (await emscripten).default(settings);
      await complete;
      return module;
    };
    const buffer = snapshot.then(({ buffer }) => buffer);
    return await withInitialMemory(withData, () => answering(answers, () => loadPyodide({ ...quiet, indexURL, createPyodideModule, _loadSnapshot: buffer })));
  } catch (error) {
    console.warn('Python could not start from its snapshot; starting it without one.', error);
    const cold = `${indexURL}${COLD_START_DIR}/`;
    // Pyodide's own standard library zip too: the site's first one has only what the snapshot lacks.
    return loadPyodide({ ...quiet, indexURL: cold, lockFileURL: `${indexURL}pyodide-lock.json` });
  }
}

/**
 * Runs `load` (the loadPyodide above) with its requests for the URLs in `answers` answered by
 * the responses already on their way: Pyodide fetches its files itself and has no option to be
 * handed them. The worker's fetch is wrapped for that one call, before any learner code exists,
 * and put back after it; each answer serves one request. If the wasm cannot be had or is not
 * zstd, the compile fails, and with it the load: Python then starts the ordinary way.
 */
async function answering<T>(answers: Map<string, Promise<Response>>, load: () => Promise<T>): Promise<T> {
  const original = self.fetch;
  const fetch = original.bind(self);
  self.fetch = (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    const answer = answers.get(url);
    answers.delete(url);
    return answer ?? fetch(input, init);
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
