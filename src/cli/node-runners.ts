import { Worker } from 'node:worker_threads';
import type { WorkerPort } from '../lib/runner/host.ts';
import type { Language, RunnerMessage } from '../lib/runner/protocol.ts';

/** Adapts a Node worker thread to the host's port. */
export function nodePort(worker: Worker): WorkerPort {
  return {
    post: (message) => worker.postMessage(message),
    onMessage: (listener) => worker.on('message', (message: RunnerMessage) => listener(message)),
    onError: (listener) => worker.on('error', listener),
    terminate: () => void worker.terminate(),
  };
}

const WORKER_FILES: Partial<Record<Language, URL>> = {
  javascript: new URL('../workers/javascript.node-worker.ts', import.meta.url),
};

/** Worker factory for a language, or undefined where the CLI cannot run it. */
export function nodeWorkerFactory(language: Language): (() => WorkerPort) | undefined {
  const file = WORKER_FILES[language];
  return file ? () => nodePort(new Worker(file)) : undefined;
}
