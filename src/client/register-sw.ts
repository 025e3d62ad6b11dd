/**
 * Registers the offline service worker (built into /sw.js by src/build/offline.mjs) once the
 * page has loaded, so it never competes with the page's own downloads. Production builds
 * only: in `astro dev` a cache would serve yesterday's code.
 */
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  const register = () => {
    navigator.serviceWorker.register(`${import.meta.env.BASE_URL.replace(/\/?$/, '/')}sw.js`).catch(() => {
      // Offline support is a bonus: the site works without it.
    });
  };
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
