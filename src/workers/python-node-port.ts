import { Worker } from 'node:worker_threads';
import type { WorkerPort } from '../lib/runner/host.ts';
import type { RunnerMessage } from '../lib/runner/protocol.ts';
import type { PythonWorkerRequest } from '../lib/runner/python-service.ts';

/**
 * Starts the Python runner in a Node worker thread and adapts it to the host's port, with an
 * interrupt that stops a runaway step without losing the booted interpreter. Pyodide starts
 * loading at once. Call `dispose()` on the host when done, or the thread keeps Node alive.
 */
export function pythonNodePort(): WorkerPort {
  const worker = new Worker(new URL('./python.node-worker.ts', import.meta.url), { name: 'stepwise-python' });
  const buffer = new SharedArrayBuffer(4);
  const signal = new Int32Array(buffer);
  const send = (request: PythonWorkerRequest) => worker.postMessage(request);
  send({ type: 'interrupt-buffer', buffer });
  send({ type: 'warm-up' });
  return {
    post: (message) => worker.postMessage(message),
    onMessage: (listener) => worker.on('message', (message: RunnerMessage) => listener(message)),
    onError: (listener) => worker.on('error', listener),
    terminate: () => void worker.terminate(),
    // 2 is SIGINT: Python raises KeyboardInterrupt at its next check.
    interrupt: () => Atomics.store(signal, 0, 2),
  };
}
