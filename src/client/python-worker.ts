import type { WorkerPort } from '../lib/runner/host.ts';
import PythonWorker from '../workers/python.worker.ts?worker';
import { keepForOffline } from './offline-cache.ts';
import { browserPort, heldUntilHeard } from './worker-port.ts';

/**
 * The Python worker, which boots Pyodide as soon as it exists. Part of the exercise page's
 * up-front code, so that a student heading for an editor starts Python's download at once: made
 * by the runners' chunk (runners.ts), the worker waited for that chunk, and on a first visit the
 * chunk could sit behind the 0.7 MB editor on the link, then behind its evaluation on the page
 * (0.3 s). The runner's host takes the port later and hears all it missed.
 */
let started: WorkerPort | undefined;
/** Whether the runner has taken a worker: from then on it makes its own (after a restart). */
let taken = false;

/** Starts Python now, unless it has been started already (here, or by a run that came first). */
export function startPython(): void {
  if (!taken) started ??= pythonPort();
}

/** The port of the worker startPython made, if it made one; else a new worker's. */
export function takePythonPort(): WorkerPort {
  taken = true;
  const port = started ?? pythonPort();
  started = undefined;
  return port;
}

/**
 * On a cross-origin isolated page the worker shares an interrupt buffer, so a runaway loop is
 * stopped by a KeyboardInterrupt and the next run reuses the booted interpreter; elsewhere the
 * host falls back to terminate().
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
  if (buffer) port.post({ type: 'interrupt-buffer', buffer });
  // Python has been downloaded once: the offline cache keeps it from that download, and fetches
  // what it still lacks (the standard library's second zip, other runners). Only the
  // runner itself speaks on the port, and the cache verifies every file against the build anyway.
  // This listener is on the worker's own port, not the held one: a listener there would count
  // as the host, and what the worker says would no longer wait for the runner's host.
  let kept = false;
  port.onMessage((message) => {
    if (kept || (message as { type?: unknown } | null)?.type !== 'ready') return;
    kept = true;
    // The "Make Python available offline" control then says so (src/client/offline-python.ts).
    void keepForOffline(true).then(() => document.dispatchEvent(new CustomEvent('stepwise:offline-kept')));
  });
  return heldUntilHeard(port);
}
