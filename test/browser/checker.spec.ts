import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { checkSubmission } from '../../src/cli/check-submission.ts';
import { nodeWorkerFactory } from '../../src/cli/node-runners.ts';
import { loadExercise } from '../../src/lib/exercise/load.ts';
import { RunnerHost } from '../../src/lib/runner/host.ts';
import { JS_ANSWERS, openMiniProject, step, typeCode as typeInto } from './student.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SHOTS = '/work/shots/checker';

// This machine is shared and often loaded: the editor and Python get longer to start than student.ts allows.
const SLOW = 180_000;

async function typeCode(page: Page, section: Locator, code: string): Promise<void> {
  await section.scrollIntoViewIfNeeded();
  await expect(section).toHaveAttribute('data-editor-ready', '', { timeout: SLOW });
  await typeInto(page, section, code);
}

async function check(section: Locator): Promise<Locator> {
  await section.getByRole('button', { name: 'Check', exact: true }).click();
  const status = section.getByRole('status');
  await expect(status).toHaveText(/^(Correct|Not yet)/, { timeout: SLOW });
  return status;
}

/** What the step's live status lists, as a student reads it (code marks are not text). */
const messagesOf = (status: Locator) => status.locator('li').allTextContents();

const SHARED_ARRAY = `const groups = {};
const group = [];
for (const category of segment_categories) {
for (const c of customers) if (c.category === category) group.push(c.name);
groups[category] = group;
}`;

test('the page and `stepwise check` give the same messages for the same code', async ({ page }) => {
  test.setTimeout(600_000);
  await openMiniProject(page);
  await typeCode(page, step(page, 1), JS_ANSWERS[0]!.replace("'Charlie'", "'Charlei'"));
  await typeCode(page, step(page, 2), JS_ANSWERS[1]!);
  const third = step(page, 3);
  await typeCode(page, third, SHARED_ARRAY);
  const status = await check(third);
  const onPage = await messagesOf(status);

  const exercise = await loadExercise(path.join(ROOT, 'exercises/segmentation-mini-project'), ROOT);
  const file = [`// Step 1\n${JS_ANSWERS[0]!.replace("'Charlie'", "'Charlei'")}`, `// Step 2\n${JS_ANSWERS[1]}`, `// Step 3\n${SHARED_ARRAY}`, `// Step 4\n${JS_ANSWERS[3]}`].join('\n\n');
  const host = new RunnerHost(nodeWorkerFactory('javascript'));
  try {
    const fromCheck = await checkSubmission(exercise, 'javascript', file, host);
    expect(onPage).toEqual(fromCheck.steps[2]!.messages.map((message) => message.replace(/`/g, '')));
  } finally {
    host.dispose();
  }
  // One cause, named, after the pointer back to the wrong step 1.
  expect(onPage).toEqual([
    'Step 1 is not done yet, and this step builds on it. Finish step 1 first; the messages below may then go away.',
    expect.stringMatching(/^Every key of groups holds the same array \(5 entries\): they all share one array\./),
  ]);

  for (const [width, scheme] of [[1280, 'light'], [1280, 'dark'], [390, 'light'], [390, 'dark']] as const) {
    await page.setViewportSize({ width, height: 900 });
    await page.emulateMedia({ colorScheme: scheme });
    await third.scrollIntoViewIfNeeded();
    await third.screenshot({ path: `${SHOTS}/shared-array-${width}-${scheme}.png` });
  }
});

test('a Python step that types its answer fails on other customers, in the browser', async ({ page }) => {
  test.setTimeout(600_000);
  await openMiniProject(page, 'python');
  const python = await readFile(path.join(ROOT, 'exercises/segmentation-mini-project/solution.py'), 'utf8');
  const [, one, two] = python.split(/^# Step \d.*$/m).map((part) => part.trim());
  await typeCode(page, step(page, 1), one!);
  // The first check boots Python; the step's own 2-second budget starts once it is ready.
  await expect(await check(step(page, 1))).toHaveText('Correct! Step 1 is done.');
  await typeCode(page, step(page, 2), two!);
  const third = step(page, 3);
  await typeCode(page, third, "typed = {'Books': ['Alice', 'Charlie'], 'Electronics': ['Bob', 'Ethan'], 'Clothing': ['Diana']}\ngroups = {}\nfor category in segment_categories:\n    groups[category] = typed[category]");
  const status = await check(third);
  expect(await messagesOf(status)).toEqual([expect.stringMatching(/^groups is right for this data but does not follow from customers: with other customers .* it stays the same\./)]);

  await typeCode(page, third, "for c in []:\n    pass\ngroups = {'Books': ['Alice', 'Charlie'], 'Electronics': ['Bob', 'Ethan'], 'Clothing': ['Diana']}");
  await third.getByRole('button', { name: 'Check', exact: true }).click();
  // The verdict is replaced, not cleared: wait for the new message itself.
  await expect(status.locator('li')).toHaveText([/^This step asks you to build groups with a loop over the data, not to type the result/], { timeout: SLOW });
  for (const [width, scheme] of [[1280, 'light'], [390, 'dark']] as const) {
    await page.setViewportSize({ width, height: 900 });
    await page.emulateMedia({ colorScheme: scheme });
    await third.scrollIntoViewIfNeeded();
    await third.screenshot({ path: `${SHOTS}/python-typed-${width}-${scheme}.png` });
  }
});
