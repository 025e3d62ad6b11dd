import { createHash } from 'node:crypto';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SECURITY_HEADERS } from './security-headers.mjs';

const TEMPLATE = fileURLToPath(new URL('./service-worker.js', import.meta.url));
export const SERVICE_WORKER_FILE = 'sw.js';

/** Files of the build not worth a place in the offline cache. */
const SKIPPED = [/\.map$/, /^sw\.js$/, /(^|\/)\.[^/]+$/];

/**
 * Makes the built site work offline: after `astro build`, writes dist/sw.js from
 * src/build/service-worker.js with every built file (pages as their URLs), the SHA-256 of
 * each, and a version that changes whenever any of their contents does. The service worker
 * serves a cached file only while its body still has the build's hash: learner code runs on
 * the same origin and can write to the same Cache Storage. src/client/register-sw.ts
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
        const version = createHash('sha256');
        /** @type {[string, string][]} */
        const integrity = [];
        for (const file of files) {
          const body = await readFile(path.join(root, file));
          version.update(file).update(body);
          integrity.push([toUrl(file), createHash('sha256').update(body).digest('base64')]);
        }
        // Pages and small assets first: the Pyodide files are big and least urgent.
        integrity.sort(([a], [b]) => Number(a.startsWith('/pyodide/')) - Number(b.startsWith('/pyodide/')));
        const source = (await readFile(TEMPLATE, 'utf8'))
          .replace('__STEPWISE_VERSION__', () => version.digest('hex').slice(0, 12))
          .replace('__STEPWISE_FILES__', () => asStringLiteral(integrity))
          .replace('__STEPWISE_HEADERS__', () => asStringLiteral(SECURITY_HEADERS));
        await writeFile(path.join(root, SERVICE_WORKER_FILE), source);
        logger.info(`${SERVICE_WORKER_FILE}: ${integrity.length} files cached for offline use`);
      },
    },
  };
}

/** JSON that the template reads with JSON.parse('…'). */
const asStringLiteral = (value) => JSON.stringify(value).replace(/\\/g, '\\\\').replace(/'/g, "\\'");

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
