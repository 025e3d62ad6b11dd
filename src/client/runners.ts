import { RunnerHost, type WorkerPort } from '../lib/runner/host.ts';
import type { Language, RunnerMessage } from '../lib/runner/protocol.ts';
import type { PythonWorkerRequest } from '../lib/runner/python-service.ts';
import JavaScriptWorker from '../workers/javascript.worker.ts?worker';
import PythonWorker from '../workers/python.worker.ts?worker';
import { keepForOffline } from './offline-cache.ts';

/** Adapts a browser Worker to the host's port. */
export function browserPort(worker: Worker, interrupt?: () => void): WorkerPort {
  return {
    post: (message) => worker.postMessage(message),
    onMessage: (listener) => worker.addEventListener('message', (event: MessageEvent<RunnerMessage>) => listener(event.data)),
    onError: (listener) => worker.addEventListener('error', (event) => listener(new Error(event.message || 'The runner stopped unexpectedly.'))),
    terminate: () => worker.terminate(),
    ...(interrupt ? { interrupt } : {}),
  };
}

/**
 * The Python worker boots Pyodide as soon as it exists. On a cross-origin isolated page it
 * shares an interrupt buffer, so a runaway loop is stopped by a KeyboardInterrupt and the
 * next run reuses the booted interpreter; elsewhere the host falls back to terminate().
 */
function pythonPort(): WorkerPort {
  const worker = new PythonWorker();
  const send = (request: PythonWorkerRequest) => worker.postMessage(request);
  let interrupt: (() => void) | undefined;
  if (globalThis.crossOriginIsolated && typeof SharedArrayBuffer === 'function') {
    const buffer = new SharedArrayBuffer(4);
    const signal = new Int32Array(buffer);
    send({ type: 'interrupt-buffer', buffer });
    // 2 is SIGINT: Python raises KeyboardInterrupt at its next check.
    interrupt = () => Atomics.store(signal, 0, 2);
  }
  send({ type: 'warm-up' });
  // Python has been downloaded once: the offline cache keeps it from that download. (A forged
  // 'ready' from learner code only makes the cache store files it verifies against the build.)
  const keep = (event: MessageEvent<RunnerMessage>) => {
    if (event.data?.type !== 'ready') return;
    worker.removeEventListener('message', keep);
    // The "Make Python available offline" control then says so (src/client/offline-python.ts).
    void keepForOffline(true).then(() => document.dispatchEvent(new CustomEvent('stepwise:offline-kept')));
  };
  worker.addEventListener('message', keep);
  return browserPort(worker, interrupt);
}

const factories: Partial<Record<Language, () => WorkerPort>> = {
  javascript: () => browserPort(new JavaScriptWorker()),
  python: pythonPort,
};

const hosts = new Map<Language, RunnerHost>();

/** One long-lived runner per language for the whole page, shared by every step. */
export function runnerFor(language: Language): RunnerHost {
  let host = hosts.get(language);
  if (!host) {
    const create = factories[language];
    if (!create) throw new Error(`No runner for ${language}.`);
    host = new RunnerHost(create);
    hosts.set(language, host);
  }
  return host;
}

/**
 * Starts a language's runtime ahead of the first run; call it on the first focus of an editor.
 * For Python this begins downloading and booting Pyodide (seconds), for JavaScript it is free.
 * A run made before the boot ends waits for it and receives `loading` progress meanwhile.
 */
export function warmUpRunner(language: Language): void {
  runnerFor(language).warmUp();
}
