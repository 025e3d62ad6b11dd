import { createHash } from 'node:crypto';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TEMPLATE = fileURLToPath(new URL('./service-worker.js', import.meta.url));
export const SERVICE_WORKER_FILE = 'sw.js';

/** Files of the build not worth a place in the offline cache. */
const SKIPPED = [/\.map$/, /^sw\.js$/, /(^|\/)\.[^/]+$/];

/**
 * Makes the built site work offline: after `astro build`, writes dist/sw.js from
 * src/build/service-worker.js with the list of every built file (pages as their URLs) and a
 * version that changes whenever any of their contents does. src/client/register-sw.ts
 * registers it in production builds only, so `astro dev` never serves stale code.
 * @returns {import('astro').AstroIntegration}
 */
export function offline() {
  return {
    name: 'stepwise:offline',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const root = fileURLToPath(dir);
        const files = (await listFiles(root)).filter((file) => !SKIPPED.some((pattern) => pattern.test(file))).sort();
        const hash = createHash('sha256');
        for (const file of files) hash.update(file).update(await readFile(path.join(root, file)));
        const urls = files.map(toUrl);
        // Pages and small assets first: the Pyodide files are big and least urgent.
        urls.sort((a, b) => Number(a.startsWith('/pyodide/')) - Number(b.startsWith('/pyodide/')));
        const source = (await readFile(TEMPLATE, 'utf8'))
          .replace('__STEPWISE_VERSION__', hash.digest('hex').slice(0, 12))
          .replace('__STEPWISE_PRECACHE__', JSON.stringify(urls).replace(/\\/g, '\\\\').replace(/'/g, "\\'"));
        await writeFile(path.join(root, SERVICE_WORKER_FILE), source);
        logger.info(`${SERVICE_WORKER_FILE}: ${urls.length} files cached for offline use`);
      },
    },
  };
}

/** "lessons/intro/index.html" is served as "/lessons/intro/"; other files as their path. */
function toUrl(file) {
  const url = `/${file.split(path.sep).join('/')}`;
  return url.endsWith('/index.html') ? url.slice(0, -'index.html'.length) : url;
}

async function listFiles(root, prefix = '') {
  const entries = await readdir(path.join(root, prefix), { withFileTypes: true });
  const files = [];
  for (const entry of entries) {
    const relative = path.join(prefix, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(root, relative)));
    else files.push(relative);
  }
  return files;
}
