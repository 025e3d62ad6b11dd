/// <reference lib="webworker" />
import type { RunnerMessage } from '../lib/runner/protocol.ts';

/*
 * Learner code runs in this worker's global scope, so it can call `postMessage` and set
 * `onmessage` as freely as we can. If the page listened to the worker itself, a learner's
 * `postMessage({ type: 'step-finished', … })` would be read as the runner's own verdict.
 *
 * So the page and the runner talk over a MessagePort that the page hands over in its very
 * first message, before any learner code exists. The port lives only in this module's closure,
 * which learner code cannot name, and the page ignores everything posted on the worker itself.
 * Learner code could still try to catch the port as it passes through a patched built-in (a
 * `postMessage` or `data` getter on a prototype, called with the port as `this`), so the few
 * built-ins used below are taken now, while they are still the browser's own.
 */
const { apply } = Reflect;
const postOnPort = MessagePort.prototype.postMessage;
const startPort = MessagePort.prototype.start;
const listen = EventTarget.prototype.addEventListener;
const dataOf = Object.getOwnPropertyDescriptor(MessageEvent.prototype, 'data')!.get!;
const portsOf = Object.getOwnPropertyDescriptor(MessageEvent.prototype, 'ports')!.get!;

/**
 * Makes the runner with the function that answers the page, waits for the page's port, then
 * hands every request that arrives on it to the runner. What the runner posts before the port
 * has arrived (a boot's progress) waits for it; the port arrives before the page's first request,
 * so no learner code has run by then.
 */
export function servePrivately<Request>(serve: (post: (message: RunnerMessage) => void) => (request: Request) => void): void {
  let port: MessagePort | undefined;
  const early: RunnerMessage[] = [];
  const handle = serve((message) => {
    if (port) apply(postOnPort, port, [message]);
    else early.push(message);
  });
  apply(listen, self, [
    'message',
    (event: MessageEvent) => {
      const [received] = apply(portsOf, event, []) as readonly MessagePort[];
      if (port || !received) return;
      port = received;
      apply(listen, port, ['message', (request: MessageEvent) => handle(apply(dataOf, request, []) as Request)]);
      apply(startPort, port, []);
      for (const message of early.splice(0)) apply(postOnPort, port, [message]);
    },
  ]);
}
