import { expect, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MINI_PROJECT_URL, step } from './student.ts';

/**
 * An author at work: `npm run dev` on a copy of the project, editing exercise files while the
 * lesson is open. Runs the dev server itself, so that the files it edits are never the real ones.
 */
const PORT = Number(process.env.STEPWISE_DEV_TEST_PORT ?? 4341);
const DEV_URL = `http://127.0.0.1:${PORT}`;
const MANIFEST = 'exercises/segmentation-mini-project/exercise.yaml';

test.describe.configure({ mode: 'serial', timeout: 120_000 });

let project: string;
let server: ChildProcess;
let original: string;

test.beforeAll(async () => {
  project = await mkdtemp(path.join(tmpdir(), 'stepwise-author-'));
  for (const entry of ['astro.config.mjs', 'package.json', 'tsconfig.json', 'src', 'lessons', 'exercises']) {
    await cp(entry, path.join(project, entry), { recursive: true });
  }
  // Shared, not copied: the packages, and the Pyodide files the dev server would copy again.
  await symlink(path.resolve('node_modules'), path.join(project, 'node_modules'));
  await symlink(path.resolve('public'), path.join(project, 'public'));
  server = spawn('npx', ['astro', 'dev', '--host', '127.0.0.1', '--port', String(PORT)], { cwd: project, stdio: 'ignore', detached: true });
  await expect.poll(() => fetch(DEV_URL).then((response) => response.ok, () => false), { timeout: 60_000 }).toBe(true);
  original = await readFile(path.join(project, MANIFEST), 'utf8');
});

test.afterAll(async () => {
  if (server?.pid) process.kill(-server.pid);
  if (project) await rm(project, { recursive: true, force: true });
});

const editManifest = (from: string, to: string) => {
  if (!original.includes(from)) throw new Error(`${MANIFEST} no longer contains ${JSON.stringify(from)}`);
  return writeFile(path.join(project, MANIFEST), original.replace(from, to));
};

test('a broken exercise file shows in the dev overlay with its file and field, and fixing it needs no restart', async ({ page }) => {
  await page.goto(DEV_URL + MINI_PROJECT_URL);
  await expect(step(page, 1)).toBeVisible({ timeout: 30_000 });

  await editManifest('    title: Create the customer data list\n', '    title: [not, a, title]\n');
  const overlay = page.locator('vite-error-overlay');
  await expect(overlay).toContainText(MANIFEST, { timeout: 30_000 });
  await expect(overlay).toContainText(`${MANIFEST}: steps.1.title: must be text`);
  await page.screenshot({ path: 'test-results/screenshots/dev-overlay-broken-exercise.png' });

  await editManifest('    title: Create the customer data list\n', '    title: Write down the customer list\n');
  // The page usually refreshes itself; a reload by the author must be all it ever takes.
  await expect(async () => {
    await page.reload();
    await expect(step(page, 1)).toHaveAccessibleName(/^Step 1: Write down the customer list/, { timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await expect(overlay).toHaveCount(0);
});

test('an edited quiz question and an edited reference solution reach the pages without a restart', async ({ page }) => {
  // Two pages, each first compiled by the dev server, and the editor's first load in dev mode.
  test.setTimeout(240_000);
  const quiz = path.join(project, 'exercises/practice-quiz/quiz.yaml');
  const quizText = await readFile(quiz, 'utf8');
  await page.goto(`${DEV_URL}/lessons/segmentation-and-personalization/practice/`);
  await expect(page.getByRole('group', { name: 'Why do marketers segment their audience?' })).toBeVisible({ timeout: 30_000 });
  await writeFile(quiz, quizText.replace('prompt: Why do marketers segment their audience?', 'prompt: What is segmentation for?'));
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole('group', { name: 'What is segmentation for?' })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });

  const solution = path.join(project, 'exercises/segmentation-mini-project/solution.py');
  const solutionText = await readFile(solution, 'utf8');
  await page.goto(DEV_URL + MINI_PROJECT_URL);
  const second = step(page, 2);
  // The dev server compiles Monaco's modules on their first request, which on a busy machine took
  // longer than one try below: wait for that once, so that each try after the edit is a reload.
  await second.scrollIntoViewIfNeeded();
  await expect(second).toHaveAttribute('data-editor-ready', '', { timeout: 90_000 });
  await writeFile(solution, solutionText.replace("segment_categories = ['Books', 'Electronics', 'Clothing']", "segment_categories = ['Books', 'Electronics', 'Clothing']  # the three interests"));
  await expect(async () => {
    await page.reload();
    await second.scrollIntoViewIfNeeded();
    await expect(second).toHaveAttribute('data-editor-ready', '', { timeout: 20_000 });
    page.once('dialog', (dialog) => dialog.accept());
    await second.getByRole('button', { name: 'Solution' }).click();
    await expect(second.locator('.monaco-editor .view-lines')).toContainText('# the three interests', { timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
});
