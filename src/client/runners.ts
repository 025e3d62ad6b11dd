import { RunnerHost, type WorkerPort } from '../lib/runner/host.ts';
import type { Language } from '../lib/runner/protocol.ts';
import type { PythonWorkerRequest } from '../lib/runner/python-service.ts';
import JavaScriptWorker from '../workers/javascript.worker.ts?worker';
import PythonWorker from '../workers/python.worker.ts?worker';
import { keepForOffline } from './offline-cache.ts';

/**
 * Adapts a browser Worker to the host's port. The page and the runner talk only over a private
 * MessageChannel whose far end is the worker's first message (see src/workers/private-channel.ts):
 * whatever learner code posts on the worker itself is never heard.
 */
export function browserPort(worker: Worker, interrupt?: () => void): WorkerPort {
  const { port1, port2 } = new MessageChannel();
  worker.postMessage({ type: 'channel' }, [port2]);
  return {
    post: (message) => port1.postMessage(message),
    onMessage: (listener) => {
      port1.addEventListener('message', (event: MessageEvent<unknown>) => listener(event.data));
      port1.start();
    },
    onError: (listener) => worker.addEventListener('error', (event) => listener(new Error(event.message || 'The runner stopped unexpectedly.'))),
    terminate: () => {
      port1.close();
      worker.terminate();
    },
    ...(interrupt ? { interrupt } : {}),
  };
}

/**
 * The Python worker boots Pyodide as soon as it exists. On a cross-origin isolated page it
 * shares an interrupt buffer, so a runaway loop is stopped by a KeyboardInterrupt and the
 * next run reuses the booted interpreter; elsewhere the host falls back to terminate().
 */
function pythonPort(): WorkerPort {
  let interrupt: (() => void) | undefined;
  let buffer: SharedArrayBuffer | undefined;
  if (globalThis.crossOriginIsolated && typeof SharedArrayBuffer === 'function') {
    buffer = new SharedArrayBuffer(4);
    const signal = new Int32Array(buffer);
    // 2 is SIGINT: Python raises KeyboardInterrupt at its next check.
    interrupt = () => Atomics.store(signal, 0, 2);
  }
  const port = browserPort(new PythonWorker(), interrupt);
  const send = (request: PythonWorkerRequest) => port.post(request);
  if (buffer) send({ type: 'interrupt-buffer', buffer });
  send({ type: 'warm-up' });
  // Python has been downloaded once: the offline cache keeps it from that download, and fetches
  // what it still lacks (the standard library's second zip, other runners). Only the
  // runner itself speaks on the port, and the cache verifies every file against the build anyway.
  let kept = false;
  port.onMessage((message) => {
    if (kept || (message as { type?: unknown } | null)?.type !== 'ready') return;
    kept = true;
    // The "Make Python available offline" control then says so (src/client/offline-python.ts).
    void keepForOffline(true).then(() => document.dispatchEvent(new CustomEvent('stepwise:offline-kept')));
  });
  return port;
}

/**
 * A JavaScript run costs a few milliseconds of worker start-up, so each run gets a new worker:
 * a built-in that one run's learner code patched (Array.prototype.push, say) would otherwise
 * still be patched when the student's next, corrected code is checked, and the verdict would
 * not be about the code on screen. Python keeps its worker, since Pyodide takes seconds to boot.
 */
function freshWorkerEachRun(create: () => WorkerPort): Runner {
  // A finished run's worker is ended when the next run starts, not when its run ends, so that
  // the run's own promises and timers may still settle (they can no longer reach the page).
  const finished = new Set<RunnerHost>();
  return {
    warmUp: () => {},
    run: (steps, options) => {
      for (const host of finished) host.dispose();
      finished.clear();
      const host = new RunnerHost(create);
      return host.run(steps, options).finally(() => finished.add(host));
    },
  };
}

/** What a step needs of a language's runner. */
export type Runner = Pick<RunnerHost, 'run' | 'warmUp'>;

const factories: Record<Language, () => Runner> = {
  javascript: () => freshWorkerEachRun(() => browserPort(new JavaScriptWorker())),
  // Python may download its standard library's second zip mid-run (see python-service.ts).
  python: () => new RunnerHost(pythonPort, { downloadAllowanceMs: 30_000 }),
};

const runners = new Map<Language, Runner>();

/** One runner per language for the whole page, shared by every step. */
export function runnerFor(language: Language): Runner {
  let runner = runners.get(language);
  if (!runner) {
    runner = factories[language]();
    runners.set(language, runner);
  }
  return runner;
}

/**
 * Starts a language's runtime ahead of the first run; call it on the first focus of an editor.
 * For Python this begins downloading and booting Pyodide (seconds), for JavaScript it is free.
 * A run made before the boot ends waits for it and receives `loading` progress meanwhile.
 */
export function warmUpRunner(language: Language): void {
  runnerFor(language).warmUp();
}
