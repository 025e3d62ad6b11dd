import { readFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { loadPyodide } from 'pyodide';
import { PYODIDE_DIR, SNAPSHOT_FILE } from '../lib/runner/python-assets.ts';
import type { RunnerMessage } from '../lib/runner/protocol.ts';
import { servePython, type PythonWorkerRequest } from '../lib/runner/python-service.ts';

/** The Python runner as a Node worker thread, for the CLI: the same service as the browser worker. */
const port = parentPort;
if (!port) throw new Error('python.node-worker.ts runs as a worker thread; create it with nodeWorkerFactory("python") from src/cli/node-runners.ts.');

/** The snapshot a site build left in public/ (see src/build/pyodide-assets.mjs), if any. */
const SNAPSHOT = new URL(`../../public/${PYODIDE_DIR}/${SNAPSHOT_FILE}`, import.meta.url);

/**
 * Pyodide's Node build finds its files next to its own module: no indexURL needed. Restoring
 * the build's snapshot starts Python in a fifth of the time; without a build, or with one from
 * another Pyodide version, Python starts the ordinary way.
 */
async function load() {
  const quiet = { stdout: () => {}, stderr: () => {} };
  const snapshot = await readFile(SNAPSHOT).then(promisify(gunzip)).catch(() => undefined);
  if (snapshot) {
    try {
      return await loadPyodide({ ...quiet, _loadSnapshot: snapshot });
    } catch {}
  }
  return loadPyodide(quiet);
}

const handle = servePython({
  load,
  post: (message: RunnerMessage) => port.postMessage(message),
});
port.on('message', (request: PythonWorkerRequest) => handle(request));
