// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { authoringErrorsInDev } from './src/build/authoring-errors.mjs';
import { monacoCssOnDemand } from './src/build/monaco-css-on-demand.mjs';
import { offline } from './src/build/offline.mjs';
import { pyodideAssets } from './src/build/pyodide-assets.mjs';

/**
 * Cross-origin isolation lets the Python worker share an interrupt buffer with the page,
 * so a runaway loop can be stopped without rebooting Pyodide. Deployments must send the
 * same two headers (see README).
 */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  output: 'static',
  trailingSlash: 'always',
  integrations: [mdx(), authoringErrorsInDev(), pyodideAssets(), offline()],
  server: { headers: isolationHeaders },
  vite: {
    plugins: [monacoCssOnDemand()],
    worker: { format: 'es' },
    build: { chunkSizeWarningLimit: 4096 },
  },
});
