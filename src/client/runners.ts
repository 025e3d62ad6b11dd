import { RunnerHost, type WorkerPort } from '../lib/runner/host.ts';
import type { Language, RunnerMessage } from '../lib/runner/protocol.ts';
import JavaScriptWorker from '../workers/javascript.worker.ts?worker';

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

const factories: Partial<Record<Language, () => WorkerPort>> = {
  javascript: () => browserPort(new JavaScriptWorker()),
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
