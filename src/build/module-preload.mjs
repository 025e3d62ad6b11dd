import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listFiles, toUrl, upFrontReferences } from './built-files.mjs';

/**
 * Lets a page fetch all its up-front JavaScript in one round trip. Each of a page's scripts is
 * its own module, and the chunks they share are imported from them, and from each other: the
 * browser finds each level of imports only once the level above has arrived, a round trip per
 * level (three on an exercise page, about 0.15 s of a first visit at 40 ms of latency, during
 * which the link sat idle and the page could not be used). After the build this adds to each
 * page a <link rel="modulepreload"> for every module its scripts import statically, however
 * deep. Dynamic imports (Monaco, the checker, the runners) stay on need. Runs before the
 * offline worker hashes the pages (astro.config.mjs lists it first).
 * @returns {import('astro').AstroIntegration}
 */
export function modulePreload() {
  return {
    name: 'stepwise:module-preload',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const root = fileURLToPath(dir);
        const files = await listFiles(root);
        const modules = new Set(files.filter((file) => /\.m?js$/.test(file)).map(toUrl));
        /** @type {Map<string, string[]>} a module's static imports that are modules of the build */
        const importsOf = new Map();
        const staticImports = async (url) => {
          if (!importsOf.has(url)) {
            const text = await readFile(path.join(root, url), 'utf8');
            importsOf.set(url, upFrontReferences(text, url).map((reference) => new URL(reference, `http://site${url}`).pathname).filter((imported) => modules.has(imported)));
          }
          return importsOf.get(url);
        };
        let pages = 0;
        for (const file of files.filter((name) => name.endsWith('.html'))) {
          const html = await readFile(path.join(root, file), 'utf8');
          const scripts = [...html.matchAll(/<script\b[^>]*\btype="module"[^>]*\bsrc="([^"#?]+)"/g)].map((match) => new URL(match[1], `http://site${toUrl(file)}`).pathname).filter((url) => modules.has(url));
          const preloaded = new Set();
          const pending = [...scripts];
          while (pending.length > 0) {
            for (const imported of await staticImports(pending.pop())) {
              if (preloaded.has(imported) || scripts.includes(imported)) continue;
              preloaded.add(imported);
              pending.push(imported);
            }
          }
          if (preloaded.size === 0 || !html.includes('</head>')) continue;
          const links = [...preloaded].sort().map((url) => `<link rel="modulepreload" href="${url}">`).join('');
          await writeFile(path.join(root, file), html.replace('</head>', `${links}</head>`));
          pages += 1;
        }
        logger.info(`${pages} pages preload the modules their scripts import`);
      },
    },
  };
}
