/// <reference lib="webworker" />
import type { RunnerMessage } from '../lib/runner/protocol.ts';
import type { PyodideLike } from '../lib/runner/python.ts';
import { servePython, type PythonWorkerRequest } from '../lib/runner/python-service.ts';

type LoadPyodide = (options: Record<string, unknown>) => Promise<PyodideLike>;

/**
 * Boots Pyodide from the site's own copy (see src/build/pyodide-assets.mjs), never a CDN.
 * pyodide.mjs is imported at run time rather than bundled, so that it always matches the
 * .asm.mjs and .wasm files next to it; it then fetches the wasm, the standard library and
 * the lock file in parallel.
 */
async function load(progress: (message: string) => void): Promise<PyodideLike> {
  const indexURL = new URL(`${import.meta.env.BASE_URL.replace(/\/?$/, '/')}pyodide/`, self.location.origin).href;
  const { loadPyodide } = (await import(/* @vite-ignore */ `${indexURL}pyodide.mjs`)) as { loadPyodide: LoadPyodide };
  progress('Downloading and starting Python (about 6 MB the first time)…');
  return loadPyodide({ indexURL, stdout: () => {}, stderr: () => {} });
}

const post = (message: RunnerMessage) => self.postMessage(message);
const handle = servePython({ load, post });
self.onmessage = ({ data }: MessageEvent<PythonWorkerRequest>) => handle(data);
