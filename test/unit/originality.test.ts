import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { longestSharedRun, MAX_SHARED_RUN, visibleText, withoutAllowed, words } from '../../src/lib/content/originality.ts';
import { readFrontmatter } from '../../src/lib/content/frontmatter.ts';

describe('longestSharedRun', () => {
  it('finds a copied run of eight words, whatever the case and punctuation', () => {
    const seed = 'Segmentation splits the market. Marketers divide an audience into groups that share traits, then they act.';
    const page = 'In short: we DIVIDE an audience into groups, that share traits! Nothing else.';
    const run = longestSharedRun(page, seed);
    expect(run.length).toBe(8);
    expect(run.length).toBeGreaterThan(MAX_SHARED_RUN);
    expect(run.text).toBe('divide an audience into groups that share traits');
    expect(longestSharedRun('We divide an audience into groups that share hobbies.', seed).length).toBe(MAX_SHARED_RUN);
  });

  it('does not join words across blocks, and is zero for unrelated texts', () => {
    expect(longestSharedRun('one two three\nfour five six', 'one two three four five six').length).toBe(3);
    expect(longestSharedRun('completely different words here', 'nothing in common at all').length).toBe(0);
    expect(words("Don’t e-mail: it's\n\nfine")).toEqual([["don't", 'e-mail', "it's"], ['fine']]);
  });

  it('skips allowed phrases, which also break a run', () => {
    const seed = 'the customer list holds Alice with Books and Bob with Electronics today';
    const page = 'the customer list holds Alice with Books and Bob with Electronics today';
    expect(longestSharedRun(withoutAllowed(page, ['Alice with Books']), seed).length).toBe(5);
  });

  it('reads only the visible text of a page', () => {
    const html = '<title>T</title><style>p{}</style><script>const hidden = 1;</script><p>Shown <b>words</b></p><svg><text>no</text></svg><p>next&nbsp;one</p>';
    expect(words(visibleText(html))).toEqual([['t'], ['shown', 'words'], ['next', 'one']]);
  });
});

/*
 * The rule on the built site: no page shares a run of more than MAX_SHARED_RUN words with any
 * seed (the source material). Allowed, because they are names or the exercise's exact data:
 * - course titles and mode names (names of things, from course.yaml and lesson frontmatter);
 * - every text literal in an exercise's reference solution (the data students must reproduce).
 */
const root = path.resolve(import.meta.dirname, '../..');
const dist = path.join(root, 'dist');

/** `shared/seeds` beside the project (CI: beside the clone; a worktree may sit deeper). */
function seedsFolder(): string | undefined {
  for (let dir = root; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(path.dirname(dir), 'shared', 'seeds');
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'pyodide' ? [] : htmlFiles(full);
    return entry.name.endsWith('.html') ? [full] : [];
  });
}

function allowedPhrases(): string[] {
  const lessons = path.join(root, 'lessons');
  const names = readdirSync(lessons, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((course) => {
      const dir = path.join(lessons, course.name);
      const title = (parse(readFileSync(path.join(dir, 'course.yaml'), 'utf8')) as { title: string }).title;
      const modes = readdirSync(dir)
        .filter((file) => file.endsWith('.mdx'))
        .map((file) => readFrontmatter(readFileSync(path.join(dir, file), 'utf8')))
        .flatMap((front) => ('data' in front ? [(front.data as { mode: string }).mode] : []));
      return [title, ...modes];
    });
  const exercises = path.join(root, 'exercises');
  const data = readdirSync(exercises)
    .map((id) => path.join(exercises, id, 'solution.js'))
    .filter((file) => existsSync(file))
    .flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/'([^'\n]+)'|"([^"\n]+)"|`([^`]+)`/g)].map((m) => m[1] ?? m[2] ?? m[3]!));
  // Longest first, so a phrase is never cut in half by a shorter one inside it.
  return [...new Set([...names, ...data])].filter((phrase) => words(phrase).flat().length > 1).sort((a, b) => b.length - a.length);
}

// The seeds are the course's source material, kept beside the project (shared/seeds, as CI
// lays it out), not in it: a clone on its own skips this check and says why.
const seedsDir = seedsFolder();

describe('originality of the built pages', () => {
  const name = `no page shares more than ${MAX_SHARED_RUN} words in a row with a seed${seedsDir ? '' : ' (skipped: no shared/seeds/ beside the project)'}`;
  it.skipIf(!seedsDir)(name, () => {
    if (!existsSync(dist)) throw new Error('dist/ is missing: build the site first (npx astro build; npm test does it for you)');
    if (!seedsDir) return;
    const seeds = readdirSync(seedsDir).map((file) => ({ file, text: readFileSync(path.join(seedsDir, file), 'utf8') }));
    const allowed = allowedPhrases();
    const pages = htmlFiles(dist);
    expect(pages.length).toBeGreaterThan(0);

    const report = pages.map((file) => {
      const text = withoutAllowed(visibleText(readFileSync(file, 'utf8')), allowed);
      const worst = seeds
        .map((seed) => ({ seed: seed.file, ...longestSharedRun(text, seed.text) }))
        .reduce((a, b) => (b.length > a.length ? b : a));
      return { page: path.relative(dist, file), longest: worst.length, seed: worst.seed, words: worst.text };
    });
    console.table(report);
    const copied = report.filter((row) => row.longest > MAX_SHARED_RUN);
    expect(copied.map((row) => `${row.page}: ${row.longest} words shared with ${row.seed}: "${row.words}"`)).toEqual([]);
  }, 120_000);
});
