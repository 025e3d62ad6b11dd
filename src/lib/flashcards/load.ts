import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { embeddedIds, readFrontmatter } from '../content/frontmatter.ts';
import { foldersHolding } from '../content/folders.ts';
import { readYamlFile } from '../exercise/load.ts';
import { AuthoringError, problemsFromZod, type AuthoringProblem } from '../schema-errors.ts';
import { deckSchema, type Deck } from './schema.ts';

export const DECK_FILE = 'flashcards.yaml';

/** Validates a parsed deck; `file` is the name used in error messages. Throws {@link AuthoringError}. */
export function parseDeck(raw: unknown, file: string, folderName?: string): Deck {
  const parsed = deckSchema.safeParse(raw);
  if (!parsed.success) throw new AuthoringError(problemsFromZod(file, parsed.error));
  if (folderName !== undefined && parsed.data.id !== folderName) {
    throw new AuthoringError([{ file, field: 'id', reason: `must match its folder name "${folderName}"` }]);
  }
  return parsed.data;
}

/** Loads and validates `<dir>/flashcards.yaml`. Throws {@link AuthoringError}. */
export async function loadDeck(dir: string, projectRoot = process.cwd()): Promise<Deck> {
  const file = path.relative(projectRoot, path.join(dir, DECK_FILE)) || DECK_FILE;
  return parseDeck(await readYamlFile(path.join(dir, DECK_FILE), file), file, path.basename(dir));
}

/**
 * Every problem with the project's flashcard decks, for `stepwise validate`: each deck file
 * against its schema, and each `<Flashcards id="…" />` a lesson embeds against the decks
 * that exist. Collects rather than throws, so one run lists everything.
 */
export async function deckProblems(root: string): Promise<AuthoringProblem[]> {
  const problems: AuthoringProblem[] = [];
  const ids = new Set<string>();
  for (const dir of await foldersHolding(path.join(root, 'exercises'), DECK_FILE)) {
    try {
      ids.add((await loadDeck(dir, root)).id);
    } catch (error) {
      if (!(error instanceof AuthoringError)) throw error;
      problems.push(...error.problems);
      ids.add(path.basename(dir)); // broken, but present: do not also call the lesson's link broken
    }
  }
  const lessonsRoot = path.join(root, 'lessons');
  const entries = await readdir(lessonsRoot, { recursive: true }).catch(() => [] as string[]);
  for (const entry of entries.filter((name) => name.endsWith('.mdx')).sort()) {
    const split = readFrontmatter(await readFile(path.join(lessonsRoot, entry), 'utf8'));
    if ('error' in split) continue; // the lesson check reports it
    for (const id of embeddedIds(split.body, 'Flashcards')) {
      if (!ids.has(id)) problems.push({ file: path.join('lessons', entry), field: '<Flashcards>', reason: `embeds deck "${id}", which is not in exercises/ (as ${DECK_FILE})` });
    }
  }
  return problems;
}
