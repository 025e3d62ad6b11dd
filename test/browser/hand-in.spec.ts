import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { JS_ANSWERS, openMiniProject, PY_OWN_STEPS, step, typeCode } from './student.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

test('a student downloads their work and the file checks as it did on the page', async ({ page }, info) => {
  // The check at the end starts a Node process and a worker: slow on a loaded machine.
  test.setTimeout(180_000);
  await openMiniProject(page, 'javascript');
  // The editor loads as the steps scroll into view; on a loaded machine that takes a while.
  for (const number of [1, 2]) {
    await step(page, number).scrollIntoViewIfNeeded();
    await expect(step(page, number)).toHaveAttribute('data-editor-ready', '', { timeout: 90_000 });
  }
  await typeCode(page, step(page, 1), JS_ANSWERS[0]!);
  await typeCode(page, step(page, 2), JS_ANSWERS[1]!);

  const panel = page.getByRole('region', { name: 'Hand in your work' });
  await panel.getByLabel(/Your name/).fill('Ada Lovelace\n// Step 9');
  const downloading = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Download my work' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('segmentation-mini-project.js');
  await expect(panel.getByRole('status')).toHaveText(/Saved segmentation-mini-project\.js/);

  const file = info.outputPath('segmentation-mini-project.js');
  await download.saveAs(file);
  const text = await readFile(file, 'utf8');
  // The name is one comment line: a line break typed into the field cannot start a step.
  expect(text).toContain('// Student: Ada Lovelace // Step 9\n');
  expect(text.match(/^\/\/ Step \d+$/gm)).toEqual(['// Step 1', '// Step 2', '// Step 3', '// Step 4']);

  const checked = await run(process.execPath, [path.join(ROOT, 'bin/stepwise.mjs'), 'check', 'segmentation-mini-project', file, '--json'], { cwd: ROOT }).catch(
    (error: { stdout: string }) => error,
  );
  const report = JSON.parse(checked.stdout) as { steps: { status: string; messages: string[] }[] };
  expect(report.steps.map((s) => s.status)).toEqual(['pass', 'pass', 'fail', 'fail']);
  expect(report.steps[2]!.messages[0]).toContain('Not attempted yet');
});

test('the mini project shows solutions, as its manifest allows', async ({ page }) => {
  await openMiniProject(page, 'javascript');
  await expect(step(page, 1).getByRole('button', { name: 'Solution', exact: true })).toBeVisible();
});

test('a Python student downloads a notebook that Stepwise reads back; JavaScript is told notebooks are Python', async ({ page }, info) => {
  test.setTimeout(180_000);
  await openMiniProject(page, 'python');
  const first = step(page, 1);
  await first.scrollIntoViewIfNeeded();
  await expect(first).toHaveAttribute('data-editor-ready', '', { timeout: 90_000 });
  const customers = PY_OWN_STEPS[0]!;
  await typeCode(page, first, customers);

  const panel = page.getByRole('region', { name: 'Hand in your work' });
  const downloading = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Download notebook' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('segmentation-mini-project.ipynb');
  await expect(panel.getByRole('status')).toHaveText(/Saved segmentation-mini-project\.ipynb/);
  const file = info.outputPath('segmentation-mini-project.ipynb');
  await download.saveAs(file);
  const notebook = JSON.parse(await readFile(file, 'utf8')) as { nbformat: number; cells: { cell_type: string; source: string[] }[] };
  expect(notebook.nbformat).toBe(4);
  const code = notebook.cells.filter((cell) => cell.cell_type === 'code').map((cell) => cell.source.join(''));
  expect(code[0]).toMatch(/^# Step 1: /);
  expect(code[0]).toContain("{'name': 'Ethan', 'category': 'Electronics'}");

  // The notebook is a hand-in too: `check` reads its cells as the steps the student wrote.
  const checked = await run(process.execPath, [path.join(ROOT, 'bin/stepwise.mjs'), 'check', 'segmentation-mini-project', file, '--json'], { cwd: ROOT }).catch(
    (error: { stdout: string }) => error,
  );
  const report = JSON.parse(checked.stdout) as { steps: { status: string }[] };
  expect(report.steps.map((s) => s.status)).toEqual(['pass', 'fail', 'fail', 'fail']);

  await page.getByLabel('Language').selectOption('javascript');
  await panel.getByRole('button', { name: 'Download notebook' }).click();
  await expect(panel.getByRole('status')).toHaveText(/Notebooks are Python only/);
});
