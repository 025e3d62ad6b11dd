/// <reference lib="webworker" />
import type { RunnerMessage } from '../lib/runner/protocol.ts';
import type { PyodideLike } from '../lib/runner/python.ts';
import { servePython, type PythonWorkerRequest } from '../lib/runner/python-service.ts';

interface BrowserPyodide extends PyodideLike {
  makeMemorySnapshot(): Uint8Array;
}
interface PyodideModule {
  loadPyodide(options: Record<string, unknown>): Promise<BrowserPyodide>;
  version: string;
}

/** Cache Storage name for interpreter snapshots; not "stepwise-…", which the service worker prunes. */
const SNAPSHOT_CACHE = 'python-snapshots';
/** Modules the harness imports, put into the snapshot so that preparing it imports nothing. */
const PRELOADED = 'import ast, builtins, json, linecache, math, os, sys, traceback, types';

/**
 * Boots Pyodide from the site's own copy (see src/build/pyodide-assets.mjs), never a CDN.
 * pyodide.mjs is imported at run time rather than bundled, so that it always matches the
 * .asm.mjs and .wasm files next to it; it fetches the wasm, the standard library and the lock
 * file in parallel.
 *
 * Most of a boot is Python initialising itself, not downloading. So the first boot on a device
 * saves a memory snapshot of the fresh interpreter in Cache Storage, and later visits restore
 * it instead (about five times faster). A snapshot that fails to restore is deleted and the
 * boot starts over the ordinary way.
 */
async function load(progress: (message: string) => void): Promise<PyodideLike> {
  const indexURL = new URL(`${import.meta.env.BASE_URL.replace(/\/?$/, '/')}pyodide/`, self.location.origin).href;
  const { loadPyodide, version } = (await import(/* @vite-ignore */ `${indexURL}pyodide.mjs`)) as PyodideModule;
  const quiet = { indexURL, stdout: () => {}, stderr: () => {} };
  const snapshots = await caches.open(SNAPSHOT_CACHE).catch(() => undefined);
  const key = `${indexURL}snapshot-${version}.bin`;

  const saved = await snapshots?.match(key);
  if (saved) {
    progress('Starting Python…');
    try {
      return await loadPyodide({ ...quiet, _loadSnapshot: saved.arrayBuffer() });
    } catch (error) {
      console.warn('The saved Python snapshot could not be restored; starting Python without it.', error);
      await snapshots?.delete(key);
    }
  }

  progress('Downloading and starting Python (about 6 MB the first time)…');
  const pyodide = await loadPyodide({ ...quiet, _makeSnapshot: Boolean(snapshots) });
  if (snapshots) {
    pyodide.runPython(PRELOADED);
    const snapshot = pyodide.makeMemorySnapshot();
    // Older versions' snapshots are useless now; the write itself need not delay this run.
    void (async () => {
      for (const request of await snapshots.keys()) if (request.url !== key) await snapshots.delete(request);
      await snapshots.put(key, new Response(snapshot as Uint8Array<ArrayBuffer>));
    })().catch(() => {});
  }
  return pyodide;
}

const post = (message: RunnerMessage) => self.postMessage(message);
const handle = servePython({ load, post });
self.onmessage = ({ data }: MessageEvent<PythonWorkerRequest>) => handle(data);
