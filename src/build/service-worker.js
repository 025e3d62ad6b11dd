/// <reference lib="webworker" />
// The site's service worker, written into dist/sw.js by src/build/offline.mjs, which replaces
// the two placeholders below with the build's version and its list of files. After the first
// visit every page, asset and Pyodide file is in the cache, so lessons and Python work offline.

/** @type {string} */
const VERSION = '__STEPWISE_VERSION__';
/** @type {string[]} */
const PRECACHE = JSON.parse('__STEPWISE_PRECACHE__');
const CACHE = `stepwise-${VERSION}`;

/**
 * A response made by a service worker carries only the headers it is given: without these,
 * a page served from the cache would lose cross-origin isolation, and with it the interrupt
 * buffer that stops a runaway Python loop.
 */
const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const sw = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (self));

sw.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // One failed file must not stop the rest; it is cached when first fetched instead.
      await Promise.allSettled(PRECACHE.map((url) => cache.add(url)));
      await sw.skipWaiting();
    })(),
  );
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
  if (url.origin !== sw.location.origin || url.pathname === '/sw.js') return;
  event.respondWith(request.mode === 'navigate' ? networkFirst(request) : cacheFirst(request));
});

/** Pages: the newest when online, the cached copy when not. */
async function networkFirst(/** @type {Request} */ request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && response.type === 'basic') await cache.put(request, response.clone());
    return isolated(response);
  } catch (error) {
    const cached = await cache.match(request, { ignoreSearch: true, ignoreVary: true });
    if (cached) return isolated(cached);
    return new Response('<!doctype html><meta charset="utf-8"><title>Offline</title><p>You are offline and this page was not saved yet. Open it once while online.</p>', {
      status: 503,
      headers: { 'Content-Type': 'text/html; charset=utf-8', ...ISOLATION_HEADERS },
    });
  }
}

/** Assets and Pyodide: their names change when their content does, so the cache wins. */
async function cacheFirst(/** @type {Request} */ request) {
  const cache = await caches.open(CACHE);
  // Servers answer "Vary: Origin" (Vite's preview) or "Vary: Accept-Encoding"; a module import
  // sends an Origin header that the precache request did not, so Vary must not decide here.
  const cached = await cache.match(request, { ignoreVary: true });
  if (cached) return isolated(cached);
  const response = await fetch(request);
  if (response.ok && response.type === 'basic') await cache.put(request, response.clone());
  return isolated(response);
}

function isolated(/** @type {Response} */ response) {
  if (response.type !== 'basic' && response.type !== 'default') return response;
  // Returned untouched when the server already sent the headers: a copy would lose V8's
  // compiled-code cache for the cached Pyodide wasm, so Python would start slower next visit.
  if (Object.entries(ISOLATION_HEADERS).every(([name, value]) => name === 'Cross-Origin-Resource-Policy' || response.headers.get(name) === value)) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION_HEADERS)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
