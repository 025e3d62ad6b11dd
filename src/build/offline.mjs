import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { COLD_START_DIR, PYODIDE_DIR } from '../lib/runner/python-assets.ts';
import { listFiles, toUrl, upFrontReferences } from './built-files.mjs';
import { SECURITY_HEADERS } from './security-headers.mjs';

const TEMPLATE = fileURLToPath(new URL('./service-worker.js', import.meta.url));
export const SERVICE_WORKER_FILE = 'sw.js';

/**
 * Files of the build not worth a place in the offline cache. Pyodide's own wasm and zip (the cold start)
 * is used only when the snapshot cannot be: 10 MB nobody should download ahead.
 */
const SKIPPED = [/\.map$/, /^sw\.js$/, /(^|\/)\.[^/]+$/, new RegExp(`^${PYODIDE_DIR}/${COLD_START_DIR}/`)];

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
          integrity.push([toUrl(file), sha256(body)]);
        }
        const shell = await siteShell(root, files);
        const onNeed = [];
        for (const file of files) if (!shell.includes(toUrl(file))) onNeed.push([toUrl(file), sentBytes(file, await readFile(path.join(root, file)))]);
        const source = (await readFile(TEMPLATE, 'utf8'))
          .replace('__STEPWISE_VERSION__', () => version.digest('hex').slice(0, 12))
          .replace('__STEPWISE_FILES__', () => asStringLiteral(integrity))
          .replace('__STEPWISE_SHELL__', () => asStringLiteral(shell))
          .replace('__STEPWISE_ON_NEED__', () => asStringLiteral(onNeed))
          .replace('__STEPWISE_HEADERS__', () => asStringLiteral(SECURITY_HEADERS));
        await writeFile(path.join(root, SERVICE_WORKER_FILE), source);
        logger.info(`${SERVICE_WORKER_FILE}: ${shell.length} of ${integrity.length} files cached up front, the rest when first used`);
      },
    },
  };
}

/** The SHA-256 (base64) of a file's body, as in Subresource Integrity. */
const sha256 = (body) => createHash('sha256').update(body).digest('base64');

/** What a file costs to download from a host that compresses like an ordinary static one (not binary data, archives or images). */
const sentBytes = (file, body) => (/\.(bin|zip|png|jpe?g|webp|woff2?)$/.test(file) ? body.length : gzipSync(body).length);

/**
 * The site shell, cached up front: every page and what pages load before anyone acts on them
 * (their stylesheets and scripts, the scripts' static imports, files the stylesheets name).
 * What is fetched only on need (dynamic imports such as Monaco and the checker, the runner
 * workers, Pyodide) stays out, so that reading a page never pays for them; it is cached when
 * first used. Built files are read as text to follow the references, as a browser would.
 * @param {string} root @param {string[]} files relative paths
 * @returns {Promise<string[]>} URLs
 */
async function siteShell(root, files) {
  const urls = new Set(files.map(toUrl));
  const shell = new Set();
  const pending = [];
  const visit = (url) => {
    if (!urls.has(url) || shell.has(url)) return;
    shell.add(url);
    pending.push(url);
  };
  for (const file of files) if (file.endsWith('.html')) visit(toUrl(file));
  while (pending.length > 0) {
    const url = pending.pop();
    const file = url.endsWith('/') ? `${url}index.html` : url;
    if (!/\.(html|js|mjs|css)$/.test(file)) continue;
    const text = await readFile(path.join(root, file), 'utf8');
    for (const reference of upFrontReferences(text, file)) visit(new URL(reference, `http://site${url}`).pathname);
  }
  return [...shell].sort();
}

/** JSON that the template reads with JSON.parse('…'). */
const asStringLiteral = (value) => JSON.stringify(value).replace(/\\/g, '\\\\').replace(/'/g, "\\'");
