import { Worker } from 'node:worker_threads';
import type { WorkerPort } from '../lib/runner/host.ts';
import type { Language, RunnerMessage } from '../lib/runner/protocol.ts';
import type { PythonWorkerRequest } from '../lib/runner/python-service.ts';

/** Adapts a Node worker thread to the host's port. */
export function nodePort(worker: Worker, interrupt?: () => void): WorkerPort {
  return {
    post: (message) => worker.postMessage(message),
    onMessage: (listener) => worker.on('message', (message: RunnerMessage) => listener(message)),
    onError: (listener) => worker.on('error', listener),
    terminate: () => void worker.terminate(),
    ...(interrupt ? { interrupt } : {}),
  };
}

/**
 * Python in a worker thread. Pyodide starts loading at once (seconds); the shared interrupt
 * buffer stops a runaway step with a KeyboardInterrupt, keeping the booted interpreter.
 */
function pythonPort(): WorkerPort {
  const worker = new Worker(new URL('../workers/python.node-worker.ts', import.meta.url));
  const buffer = new SharedArrayBuffer(4);
  const signal = new Int32Array(buffer);
  const send = (request: PythonWorkerRequest) => worker.postMessage(request);
  send({ type: 'interrupt-buffer', buffer });
  send({ type: 'warm-up' });
  // 2 is SIGINT: Python raises KeyboardInterrupt at its next check.
  return nodePort(worker, () => Atomics.store(signal, 0, 2));
}

const FACTORIES: Partial<Record<Language, () => WorkerPort>> = {
  javascript: () => nodePort(new Worker(new URL('../workers/javascript.node-worker.ts', import.meta.url))),
  python: pythonPort,
};

/** Worker factory for a language, or undefined where the CLI cannot run it. */
export function nodeWorkerFactory(language: Language): (() => WorkerPort) | undefined {
  return FACTORIES[language];
}
