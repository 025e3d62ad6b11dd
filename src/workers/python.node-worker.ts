import { parentPort } from 'node:worker_threads';
import { loadPyodide } from 'pyodide';
import type { RunnerMessage } from '../lib/runner/protocol.ts';
import { servePython, type PythonWorkerRequest } from '../lib/runner/python-service.ts';

/** The Python runner as a Node worker thread, for the CLI: the same service as the browser worker. */
const port = parentPort;
if (!port) throw new Error('python.node-worker.ts runs as a worker thread; create it with nodeWorkerFactory("python") from src/cli/node-runners.ts.');

const handle = servePython({
  // Pyodide's Node build finds its files next to its own module: no indexURL needed.
  load: () => loadPyodide({ stdout: () => {}, stderr: () => {} }),
  post: (message: RunnerMessage) => port.postMessage(message),
});
port.on('message', (request: PythonWorkerRequest) => handle(request));
