/// <reference lib="webworker" />
// The site's service worker, written into dist/sw.js by src/build/offline.mjs, which replaces
// the placeholders below with the build's version, its files and the site's headers.
//
// What is cached follows what a student uses. The site shell (every page and what pages load up
// front, a few hundred kilobytes) is cached once this worker is active, when any page asks
// (`keep` with `shell`), so reading a lesson never pays for Python or the editor. Installing
// caches nothing: a worker that waited for the shell before taking control would hold back a
// first visit's Python download by as long (a second on a 20 Mbit/s link). Any other file of
// the build is cached the first time it is fetched through this worker, from that same
// download. A file fetched before this worker took control (the editor, imported by a quick
// first click) is stored when the page asks, on a `keep` message, from the browser's HTTP
// cache, so it is not downloaded twice. "Make available offline" sends `keep` for Python
// before it was ever used.
//
// Learner code runs in workers on this same origin, so it can write to this same Cache
// Storage (`caches.open(…).put('/_astro/x.js', …)`). A cached copy is therefore served only
// while its body still has the SHA-256 the build recorded; any other copy is deleted.

/** @type {string} */
const VERSION = '__STEPWISE_VERSION__';
/** Every file of the build: its URL and the base64 SHA-256 of its body. @type {Map<string, string>} */
const FILES = new Map(JSON.parse('__STEPWISE_FILES__'));
/** Cached on the first `keep` with `shell`: every page and what pages load up front. @type {string[]} */
const SHELL = JSON.parse('__STEPWISE_SHELL__');
/**
 * Every other file (Pyodide, the runner workers, the editor, the checker), with what it costs
 * to download: cached when first used, and all of it on `keep` with `python`, so that exercises
 * run offline once Python has been used or a student asked for it. @type {Map<string, number>}
 */
const ON_NEED = new Map(JSON.parse('__STEPWISE_ON_NEED__'));
const CACHE = `stepwise-${VERSION}`;

/**
 * A response made by a service worker carries only the headers it is given: without these a
 * page served from the cache would lose cross-origin isolation (the interrupt buffer that
 * stops a runaway Python loop) and its Content-Security-Policy (src/build/security-headers.mjs).
 * @type {Record<string, string>}
 */
const HEADERS = { ...JSON.parse('__STEPWISE_HEADERS__'), 'Cross-Origin-Resource-Policy': 'same-origin' };

const sw = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (self));

/**
 * The paths this worker's cache holds, read once when the worker starts and kept up to date as
 * it stores and deletes: a file it does not hold goes to the network without a lookup. On a
 * first visit Cache Storage is busy storing the shell, and each lookup took 0.2–0.5 s to
 * answer, which the Python worker's script and every Python file waited for before their
 * download even started. A path held is still looked up (learner code can delete entries);
 * undefined if the cache could not be listed, and then every file is looked up.
 * @type {Promise<Set<string> | undefined>}
 */
const held = caches
  .open(CACHE)
  .then((cache) => cache.keys())
  .then((requests) => new Set(requests.map((request) => new URL(request.url).pathname)))
  .catch(() => undefined);

/** Whether the cache may hold `path`: false only when it surely does not. */
const mayHold = async (/** @type {string} */ path) => (await held)?.has(path) ?? true;

sw.addEventListener('install', (event) => {
  event.waitUntil(sw.skipWaiting());
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        // "python-snapshots" held per-device interpreter snapshots before the build shipped one.
        if ((name.startsWith('stepwise-') && name !== CACHE) || name === 'python-snapshots') await caches.delete(name);
      }
      await sw.clients.claim();
    })(),
  );
});

sw.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || request.headers.has('range')) return;
  const url = new URL(request.url);
  if (url.origin !== sw.location.origin) return;
  if (request.mode === 'navigate') return event.respondWith(networkFirst(request, url));
  // What is not a file of the build goes to the network untouched, and is never cached.
  const expected = FILES.get(url.pathname);
  if (expected) event.respondWith(cacheFirst(event, expected));
});

/** Pages: the newest when online, the cached copy when not. */
async function networkFirst(/** @type {Request} */ request, /** @type {URL} */ url) {
  const cache = await caches.open(CACHE);
  const expected = FILES.get(url.pathname);
  try {
    const response = await fetch(request);
    if (expected && response.ok && response.type === 'basic') {
      await cache.put(request, response.clone());
      (await held)?.add(url.pathname);
    }
    return withHeaders(response);
  } catch (error) {
    const cached = expected && (await intact(cache, request, expected, { ignoreSearch: true, ignoreVary: true }));
    if (cached) return withHeaders(cached);
    return new Response('<!doctype html><meta charset="utf-8"><title>Offline</title><p>You are offline and this page was not saved yet. Open it once while online.</p>', {
      status: 503,
      headers: { 'Content-Type': 'text/html; charset=utf-8', ...HEADERS },
    });
  }
}

/** Assets and Pyodide: their names change when their content does, so the cache wins. */
async function cacheFirst(/** @type {FetchEvent} */ event, /** @type {string} */ expected) {
  const { request } = event;
  const path = new URL(request.url).pathname;
  const cache = await caches.open(CACHE);
  // Servers answer "Vary: Origin" (Vite's preview) or "Vary: Accept-Encoding"; a module import
  // sends an Origin header that the precache request did not, so Vary must not decide here.
  const cached = (await mayHold(path)) && (await intact(cache, request, expected, { ignoreVary: true }));
  if (cached) return withHeaders(cached);
  // Already on its way (a `keep` started it): served from that download once it is stored.
  const underway = downloads.get(path);
  if (underway && (await underway)) {
    const stored = await intact(cache, request, expected, { ignoreVary: true });
    if (stored) return withHeaders(stored);
  }
  const { response, stored } = download(cache, path, request, expected, true);
  // Stored from this same download, after the response has been handed on, so a big file
  // (the wasm) streams to its reader without waiting for the cache.
  event.waitUntil(stored);
  return withHeaders(/** @type {Response} */ (await response));
}

/**
 * Downloads of build files under way, by path: whether each was stored. The runner and a `keep`
 * (Python used for the first time, or "Make available offline") often want the same file at
 * the same moment; the second waits for the first's download instead of starting its own.
 * @type {Map<string, Promise<boolean>>}
 */
const downloads = new Map();

/**
 * Fetches a file of the build and stores it if its body is the one the build made. With
 * `serve`, the response is also handed back (a copy is stored); without, it is only stored.
 */
function download(/** @type {Cache} */ cache, /** @type {string} */ path, /** @type {Request} */ request, /** @type {string} */ expected, /** @type {boolean} */ serve) {
  const fetched = fetch(request).then((response) => ({ response, copy: serve ? response.clone() : response }));
  const stored = fetched.then(({ response, copy }) => response.ok && response.type === 'basic' && store(cache, request.url, copy, expected)).catch(() => false);
  downloads.set(path, stored);
  void stored.then(() => {
    if (downloads.get(path) === stored) downloads.delete(path);
  });
  // Only a served download hands its response on (an unread one would be an unhandled rejection offline).
  return { response: serve ? fetched.then(({ response }) => response) : undefined, stored };
}

/** Stores a response of a build file if its body is the one the build made, and says whether it did. */
async function store(/** @type {Cache} */ cache, /** @type {string} */ url, /** @type {Response} */ response, /** @type {string} */ expected) {
  try {
    const bytes = await response.arrayBuffer();
    if ((await sha256(bytes)) !== expected) return false;
    await cache.put(url, new Response(bytes, { status: response.status, statusText: response.statusText, headers: response.headers }));
    (await held)?.add(new URL(url, sw.location.origin).pathname);
    return true;
  } catch {
    return false;
  }
}

/**
 * `keep`: stores files of the build that are not cached yet: `urls` (what a page fetched before
 * this worker controlled it), with `shell` the site shell, and with `python` everything
 * exercises need (ON_NEED). What a page fetched comes from the HTTP cache when the page has just
 * downloaded it (`force-cache`), else from the network; the shell comes as a page would load it.
 * `status`: whether all of ON_NEED is stored, and the bytes still to download. Both answer on
 * the message's port.
 */
sw.addEventListener('message', (event) => {
  const data = event.data ?? {};
  const reply = (/** @type {unknown} */ answer) => event.ports[0]?.postMessage(answer);
  if (data.type === 'status') {
    event.waitUntil(missing([...ON_NEED.keys()]).then((absent) => reply({ python: absent.length === 0, bytes: absent.reduce((sum, path) => sum + (ON_NEED.get(path) ?? 0), 0) })));
  } else if (data.type === 'keep') {
    const wanted = [...(Array.isArray(data.urls) ? data.urls : []), ...(data.python === true ? ON_NEED.keys() : [])];
    // The shell after what the page fetched, so that a file in both comes from the HTTP cache.
    const kept = keep(wanted, 'force-cache').then(async (files) => {
      if (data.shell !== true) return files;
      const shell = await keep(SHELL, 'default');
      return { stored: files.stored + shell.stored, failed: files.failed + shell.failed };
    });
    event.waitUntil(kept.then(reply));
  }
});

/** The build files among `urls` (paths or same-origin URLs) that the cache holds no copy of. */
async function missing(/** @type {unknown[]} */ urls) {
  const cache = await caches.open(CACHE);
  const paths = new Set();
  for (const url of urls) {
    if (typeof url !== 'string') continue;
    const parsed = new URL(url, sw.location.origin);
    if (parsed.origin === sw.location.origin && FILES.has(parsed.pathname)) paths.add(parsed.pathname);
  }
  const absent = [];
  for (const path of paths) if (!(await mayHold(path)) || !(await cache.match(path, { ignoreVary: true }))) absent.push(path);
  return absent;
}

async function keep(/** @type {unknown[]} */ urls, /** @type {RequestCache} */ mode) {
  const cache = await caches.open(CACHE);
  const stored = await Promise.all((await missing(urls)).map((path) => ensure(cache, path, mode)));
  return { stored: stored.filter(Boolean).length, failed: stored.filter((ok) => !ok).length };
}

/** Stores a file of the build unless the cache holds it, or waits for its download already under way. */
async function ensure(/** @type {Cache} */ cache, /** @type {string} */ path, /** @type {RequestCache} */ mode) {
  if ((await mayHold(path)) && (await cache.match(path, { ignoreVary: true }))) return true;
  // No await between this look and the download's registration, so two cannot both start.
  const underway = downloads.get(path);
  if (underway) return underway;
  return download(cache, path, new Request(path, { cache: mode }), /** @type {string} */ (FILES.get(path)), false).stored;
}

/**
 * The cached copy of a file of the build if its body is the one the build made; a copy that
 * differs (rewritten by learner code, or cut short) is deleted and not served. The response
 * served is made from the very bytes that were hashed, so what is checked is what runs. (A
 * clone would keep V8's compiled-code cache for the wasm, but its body then streams through
 * this worker: measured slower, 54 s against 37 s to a second visit's first Python check on a
 * loaded 2-core machine; 9 s without any check.)
 */
async function intact(/** @type {Cache} */ cache, /** @type {Request} */ request, /** @type {string} */ expected, /** @type {CacheQueryOptions} */ options) {
  const cached = await cache.match(request, options);
  if (!cached) return undefined;
  const bytes = await cached.arrayBuffer();
  if ((await sha256(bytes)) === expected) return new Response(bytes, { status: cached.status, statusText: cached.statusText, headers: cached.headers });
  await cache.delete(request, options);
  (await held)?.delete(new URL(request.url).pathname);
  return undefined;
}

async function sha256(/** @type {ArrayBuffer} */ bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return btoa(String.fromCharCode(...digest));
}

function withHeaders(/** @type {Response} */ response) {
  if (response.type !== 'basic' && response.type !== 'default') return response;
  // Returned untouched when the server already sent them: a copy would lose V8's compiled-code
  // cache for the cached Pyodide wasm, so Python would start slower next visit.
  const missing = Object.keys(HEADERS).filter((name) => name !== 'Cross-Origin-Resource-Policy' && !response.headers.has(name));
  if (missing.length === 0) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(HEADERS)) if (!headers.has(name)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
