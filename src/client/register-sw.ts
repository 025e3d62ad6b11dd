/**
 * Registers the offline service worker (built into /sw.js by src/build/offline.mjs) once the
 * page has loaded, so it never competes with the page's own downloads. Production builds
 * only: in `astro dev` a cache would serve yesterday's code.
 */

/** The registration, once the page has loaded; undefined without a service worker. */
export const offlineWorker: Promise<ServiceWorkerRegistration | undefined> =
  import.meta.env.PROD && 'serviceWorker' in navigator
    ? new Promise<void>((resolve) => (document.readyState === 'complete' ? resolve() : window.addEventListener('load', () => resolve(), { once: true })))
        .then(() => navigator.serviceWorker.register(`${import.meta.env.BASE_URL.replace(/\/?$/, '/')}sw.js`))
        .catch(() => undefined) // Offline support is a bonus: the site works without it.
    : Promise.resolve(undefined);
