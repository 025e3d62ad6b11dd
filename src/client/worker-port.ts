import type { WorkerPort } from '../lib/runner/host.ts';

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
 * A port whose messages and errors, from the moment it is made, wait for a listener: a worker
 * started before its host exists (the Python worker, python-worker.ts) reports its progress and
 * readiness to a host that comes later. Each waiting one is heard a microtask after the listener
 * is added, once the host has taken the port as its own.
 */
export function heldUntilHeard(port: WorkerPort): WorkerPort {
  const messages = held<unknown>(port.onMessage.bind(port));
  const errors = held<Error>(port.onError.bind(port));
  return { ...port, onMessage: messages, onError: errors };
}

function held<T>(subscribe: (listener: (value: T) => void) => void): (listener: (value: T) => void) => void {
  const waiting: T[] = [];
  const listeners: ((value: T) => void)[] = [];
  subscribe((value) => {
    if (listeners.length === 0) waiting.push(value);
    for (const listener of listeners) listener(value);
  });
  return (listener) => {
    listeners.push(listener);
    queueMicrotask(() => waiting.splice(0).forEach((value) => listeners.forEach((each) => each(value))));
  };
}
