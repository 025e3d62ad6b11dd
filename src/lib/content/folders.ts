import { readdir } from 'node:fs/promises';
import path from 'node:path';

/** Sub-folders of `root` that hold `fileName`: how exercises and quizzes are found in `exercises/`. */
export async function foldersHolding(root: string, fileName: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  const dirs: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const files = await readdir(path.join(root, entry.name));
    if (files.includes(fileName)) dirs.push(path.join(root, entry.name));
  }
  return dirs.sort();
}
