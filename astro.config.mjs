// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { authoringErrorsInDev } from './src/build/authoring-errors.mjs';
import { modulePreload } from './src/build/module-preload.mjs';
import { monacoCssOnDemand } from './src/build/monaco-css-on-demand.mjs';
import { offline } from './src/build/offline.mjs';
import { pyodideAssets } from './src/build/pyodide-assets.mjs';
import { PAGE_POLICY, SECURITY_HEADERS } from './src/build/security-headers.mjs';

export default defineConfig({
  output: 'static',
  trailingSlash: 'always',
  integrations: [mdx(), authoringErrorsInDev(), pyodideAssets(), modulePreload(), offline()],
  // Cross-origin isolation and the Content-Security-Policy, from `astro dev` and `astro preview`
  // alike; deployments must send the same headers (see README).
  server: { headers: SECURITY_HEADERS },
  security: PAGE_POLICY,
  // Astro's dev toolbar starts from an inline script, which the policy above refuses in dev too.
  devToolbar: { enabled: false },
  vite: {
    plugins: [monacoCssOnDemand()],
    worker: { format: 'es' },
    // Vite's preview answers every file with "Vary: Origin" (its CORS layer), which no static
    // host sends and which makes the offline cache's force-cache fetch of a module the page
    // had just imported miss the HTTP cache: a second download of the 0.7 MB editor on a first
    // visit. The site is same-origin only; it needs no CORS.
    preview: { cors: false },
    build: {
      chunkSizeWarningLimit: 4096,
      // No script is inlined into a page: the header policy, shared with the workers, allows
      // scripts from the site's files only, never inline ones.
      assetsInlineLimit: (file) => (file.endsWith('.js') ? false : undefined),
    },
  },
});
