import { copyFile, mkdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** What a browser needs to boot Pyodide without packages: nothing else is copied. */
export const PYODIDE_FILES = ['pyodide.mjs', 'pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip', 'pyodide-lock.json'];

/** Folder of the public directory the files are copied into; the site serves it at /pyodide/. */
export const PYODIDE_DIR = 'pyodide';

/**
 * Serves Pyodide from the site itself, never a CDN: copies the runtime files from
 * node_modules/pyodide into public/pyodide/ (git-ignored) before `astro dev` and
 * `astro build` start, so both serve them at /pyodide/ and the build ships them in dist/.
 * Files already copied with the same size and date are left alone.
 * @returns {import('astro').AstroIntegration}
 */
export function pyodideAssets() {
  return {
    name: 'stepwise:pyodide-assets',
    hooks: {
      'astro:config:setup': async ({ config, logger }) => {
        const source = path.dirname(createRequire(import.meta.url).resolve('pyodide/package.json'));
        const target = path.join(fileURLToPath(config.publicDir), PYODIDE_DIR);
        await mkdir(target, { recursive: true });
        let copied = 0;
        for (const file of PYODIDE_FILES) {
          const from = path.join(source, file);
          const to = path.join(target, file);
          const [original, existing] = await Promise.all([stat(from), stat(to).catch(() => undefined)]);
          if (existing && existing.size === original.size && existing.mtimeMs >= original.mtimeMs) continue;
          await copyFile(from, to);
          copied += 1;
        }
        if (copied > 0) logger.info(`copied ${copied} Pyodide files to ${path.relative(process.cwd(), target)}/`);
      },
    },
  };
}
