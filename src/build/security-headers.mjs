/**
 * The headers every response of the site carries: the dev and preview servers send them
 * (astro.config.mjs), the offline service worker re-adds them to what it serves from its
 * cache (src/build/offline.mjs), and deployments must send them too (README, "Deploying").
 */

/**
 * Cross-origin isolation lets the Python worker share an interrupt buffer with the page, so a
 * runaway loop can be stopped without rebooting Pyodide.
 */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * Learner code runs in the runner workers, which take their policy from their own response,
 * so this one header is written for them: no request leaves the site's origin (connect-src,
 * and script-src for `import()`), and code loads only from the site. It allows what the
 * runners need: `new Function` for JavaScript ('unsafe-eval') and compiling Pyodide's wasm.
 * Pages narrow it further with a <meta> policy Astro writes (astro.config.mjs, security.csp):
 * their scripts are the site's files only, without eval. Monaco adds <style> elements and
 * style attributes as it draws, so inline styles are allowed; they cannot run code.
 */
const DIRECTIVES = {
  'default-src': "'self'",
  'script-src': "'self' 'unsafe-eval' 'wasm-unsafe-eval'",
  'style-src': "'self' 'unsafe-inline'",
  'img-src': "'self' data:",
  'font-src': "'self' data:",
  'connect-src': "'self'",
  'worker-src': "'self'",
  'object-src': "'none'",
  'base-uri': "'self'",
  'form-action': "'self'",
  'frame-ancestors': "'none'",
};

export const CONTENT_SECURITY_POLICY = Object.entries(DIRECTIVES).map((directive) => directive.join(' ')).join('; ');

export const SECURITY_HEADERS = { ...ISOLATION_HEADERS, 'Content-Security-Policy': CONTENT_SECURITY_POLICY };

/**
 * Astro's `security.csp`: a <meta> policy on every page, on top of the header. Astro owns its
 * script-src and style-src and lists the hash of each of the site's scripts; a <meta> policy
 * cannot hold frame-ancestors.
 * @type {import('astro').AstroUserConfig['security']}
 */
export const PAGE_POLICY = {
  csp: {
    directives: /** @type {any} */ (
      Object.entries(DIRECTIVES)
        .filter(([name]) => !['script-src', 'style-src', 'frame-ancestors'].includes(name))
        .map((directive) => directive.join(' '))
    ),
    scriptDirective: { resources: ["'self'"] },
    styleDirective: { resources: DIRECTIVES['style-src'].split(' ') },
  },
};
