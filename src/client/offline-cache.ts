/**
 * Talks to the offline service worker (src/build/service-worker.js): asks it to keep files, or
 * whether it holds Python, and waits for it to control the page before Python downloads, so
 * that the runner's download is the one the cache keeps. Every answer is undefined where there
 * is no service worker (`astro dev`, a browser without one, a worker that does not answer in
 * time): offline use is a bonus.
 */
import { offlineWorker } from './register-sw.ts';

type Request = { type: 'status' } | { type: 'keep'; python?: boolean; shell?: boolean; urls?: string[] };
export interface KeepAnswer {
  stored: number;
  failed: number;
}

const ANSWER_TIMEOUT_MS = 120_000;
/** On a first visit the worker registers after the page's load event, then installs the shell. */
const ACTIVE_TIMEOUT_MS = 30_000;
/** How long Python's download waits for the worker to take control before going ahead uncached. */
const CONTROL_TIMEOUT_MS = 4000;

const within = <T>(promise: Promise<T>, ms: number): Promise<T | undefined> =>
  Promise.race([promise, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms))]);

async function ask<T>(request: Request): Promise<T | undefined> {
  if (!(await offlineWorker)) return undefined;
  const active = (await within(navigator.serviceWorker.ready, ACTIVE_TIMEOUT_MS))?.active;
  if (!active) return undefined;
  const channel = new MessageChannel();
  const answer = new Promise<T>((resolve) => {
    channel.port1.onmessage = ({ data }) => resolve(data as T);
  });
  active.postMessage(request, [channel.port2]);
  return within(answer, ANSWER_TIMEOUT_MS);
}

/**
 * Resolves once the offline cache controls this page, so that a worker started next (Python's)
 * fetches through it and each file is downloaded once, for both. On a first visit that is a
 * moment after the page loaded; without a service worker, at once.
 */
export async function untilOfflineCacheControls(): Promise<void> {
  if (navigator.serviceWorker?.controller || !(await within(offlineWorker, CONTROL_TIMEOUT_MS))) return;
  if (navigator.serviceWorker.controller) return;
  await within(new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true })), CONTROL_TIMEOUT_MS);
}

/** What this page has fetched so far, by URL: the service worker keeps those that are files of the build. */
const fetchedByPage = (): string[] => performance.getEntriesByType('resource').map((entry) => entry.name);

/**
 * Keeps what the page fetched in the offline cache: from the browser's HTTP cache when it still
 * holds them, else from the network. With `python`, every Python file and the site shell too
 * (the shell an exercise page held back, below), so that the page can say Python works offline.
 */
export const keepForOffline = (python: boolean): Promise<KeepAnswer | undefined> => ask<KeepAnswer>({ type: 'keep', python, shell: python, urls: fetchedByPage() });

/**
 * How long a page that may download Python holds the shell back, if Python has not been kept by
 * then (a student working in JavaScript): the shell's 35 files shared the link, and the
 * browser's six connections per server, with a first visit's Python, whose download then
 * started 0.4 s later.
 */
const SHELL_AFTER_PYTHON_MS = 15_000;

/**
 * Asks the offline worker to keep the site shell (every page and what pages load up front) and
 * what this page fetched. Every page asks, so a gap mends. It asks the worker that controls the
 * page, and again when another takes over: on a first visit (none did at load) and after a
 * deploy (the new worker starts an empty cache). A page with Python's offline control asks
 * once Python has been kept (which keeps the shell too), or after SHELL_AFTER_PYTHON_MS.
 */
export function keepShellForOffline(): void {
  if (!navigator.serviceWorker) return;
  const keep = () => void ask<KeepAnswer>({ type: 'keep', shell: true, urls: fetchedByPage() });
  const start = () => {
    if (navigator.serviceWorker.controller) keep();
    navigator.serviceWorker.addEventListener('controllerchange', keep, { once: true });
  };
  if (!document.querySelector('[data-offline-python]')) return start();
  let started = false;
  const once = () => {
    if (started) return;
    started = true;
    start();
  };
  setTimeout(once, SHELL_AFTER_PYTHON_MS);
  document.addEventListener('stepwise:offline-kept', once, { once: true });
}

export interface OfflineStatus {
  /** Whether everything exercises need, Python included, is in the offline cache. */
  python: boolean;
  /** What is still to download for that, compressed as a static host sends it. */
  bytes: number;
}

/** What the offline cache holds of what exercises need; undefined when no service worker answers. */
export const offlineStatus = (): Promise<OfflineStatus | undefined> => ask<OfflineStatus>({ type: 'status' });
