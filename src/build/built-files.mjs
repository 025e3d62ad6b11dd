import { readdir } from 'node:fs/promises';
import path from 'node:path';

/** Every file under `root`, as paths relative to it. */
export async function listFiles(root, prefix = '') {
  const entries = await readdir(path.join(root, prefix), { withFileTypes: true });
  const files = [];
  for (const entry of entries) {
    const relative = path.join(prefix, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(root, relative)));
    else files.push(relative);
  }
  return files;
}

/** "lessons/intro/index.html" is served as "/lessons/intro/"; other files as their path. */
export function toUrl(file) {
  const url = `/${file.split(path.sep).join('/')}`;
  return url.endsWith('/index.html') ? url.slice(0, -'index.html'.length) : url;
}

/**
 * What a page, stylesheet or module loads as soon as it is read: never a dynamic import().
 * Read from the built text as a browser would find it; a caller keeps only the references that
 * name files of the build.
 */
export function upFrontReferences(text, file) {
  if (file.endsWith('.html')) return [...text.matchAll(/<(?:script|link)\b[^>]*\s(?:src|href)="([^"#?]+)"/g)].map((match) => match[1]);
  if (file.endsWith('.css')) return [...text.matchAll(/url\(\s*['"]?([^'")?#]+)/g)].map((match) => match[1]).filter((ref) => !ref.startsWith('data:'));
  return [...text.matchAll(/(?:\bfrom|\bimport)\s*["']([^"']+)["']/g)].map((match) => match[1]);
}
