import { expect, test } from '@playwright/test';
import { check, editorCode, JS_ANSWERS, MINI_PROJECT_URL, openMiniProject, screenshot, step, typeCode, typeLineByKeys } from './student.ts';

/** The editor's first start can take many seconds on a busy machine; the tests wait for events, never sleep. */
test.describe.configure({ timeout: 180_000 });

test('a student completes the four steps in JavaScript', async ({ page }) => {
  await openMiniProject(page);
  await expect(page.getByText('0 / 4 steps')).toBeVisible();
  for (const [index, code] of JS_ANSWERS.entries()) {
    const section = step(page, index + 1);
    if (index === 1) await typeLineByKeys(page, section, code);
    else await typeCode(page, section, code);
    const status = await check(section);
    await expect(status).toHaveText(`Correct! Step ${index + 1} is done.`);
  }
  await expect(page.getByText('4 / 4 steps')).toBeVisible();
  await screenshot(page, 'mini-project-complete');
  await page.goto('/');
  await expect(page.getByText(/^1 of \d+ learning modes done$/)).toBeVisible();
  await screenshot(page, 'home-with-progress');
});

test('wrong code gets specific feedback that does not give the answer away', async ({ page }) => {
  await openMiniProject(page);
  const third = step(page, 3);
  await typeCode(page, third, "const group = {};\nfor (const c of segment_categories) group[c] = [];");
  let status = await check(third);
  await expect(status).toContainText('Not yet');
  await expect(status).toContainText('groups is not defined. Did you mean group?');

  const fourth = step(page, 4);
  await typeCode(page, fourth, "const personalized_messages = { Books: 'Sale!', Electronics: 'Sale!', Clothing: 'Sale!' };");
  status = await check(fourth);
  await expect(status).toContainText('holds the same text');

  await typeCode(page, fourth, "const personalized_messages = { Books: 'Discover new books just for you', Electronics: 'Latest gadgets available now!', Clothing: 'Trendy styles for your wardrobe.' };");
  status = await check(fourth);
  await expect(status).toContainText("personalized_messages['Books'] is a near miss: check its punctuation.");
  await expect(status).not.toContainText('Discover new books just for you!');
  await screenshot(page, 'mini-project-feedback');
});

test('an infinite loop is stopped, the code stays, and the next run works', async ({ page }) => {
  await openMiniProject(page);
  const second = step(page, 2);
  const looping = 'const segment_categories = [];\nwhile (true) {}';
  await typeCode(page, second, looping);
  await second.getByRole('button', { name: 'Run' }).click();
  const output = second.getByRole('region', { name: 'Step 2 output' });
  await expect(output).toContainText('ran for more than 2 seconds', { timeout: 10_000 });
  expect(await editorCode(second)).toBe(looping);
  await screenshot(page, 'mini-project-timeout');

  await typeCode(page, second, JS_ANSWERS[1]!);
  await expect(await check(second)).toHaveText('Correct! Step 2 is done.');
});

test('a syntax error shows its line, marks the editor and keeps the code', async ({ page }) => {
  await openMiniProject(page);
  const second = step(page, 2);
  const broken = "// my categories\nconst segment_categories = ['Books', 'Electronics',;";
  await typeCode(page, second, broken);
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(second.getByRole('region', { name: 'Step 2 output' })).toContainText('SyntaxError on line 2');
  await expect(second.locator('.monaco-editor .squiggly-error')).toHaveCount(1);
  const status = await check(second);
  await expect(status).toContainText('Not yet: your code did not run to the end.');
  await expect(status).toContainText('syntax error on line 2');
  expect(await editorCode(second)).toBe(broken);
});

test('printed output is shown under the step and capped', async ({ page }) => {
  await openMiniProject(page);
  const first = step(page, 1);
  await typeCode(page, first, "const customers = [];\nfor (let i = 0; i < 5000; i++) console.log('line', i);");
  await first.getByRole('button', { name: 'Run' }).click();
  const output = first.getByRole('region', { name: 'Step 1 output' });
  await expect(output).toContainText('line 999');
  await expect(output).not.toContainText('line 1000');
  await expect(output).toContainText('output truncated');
});

test('a reload restores code, language and progress', async ({ page }) => {
  await openMiniProject(page);
  const first = step(page, 1);
  await typeCode(page, first, JS_ANSWERS[0]!);
  await expect(await check(first)).toHaveText('Correct! Step 1 is done.');
  const second = step(page, 2);
  await typeCode(page, second, "const segment_categories = ['Books']; // unfinished");
  await page.waitForTimeout(500); // saving is debounced while typing
  await page.reload();
  await expect(page.getByLabel('Language')).toHaveValue('javascript');
  await expect(page.getByText('1 / 4 steps')).toBeVisible();
  await expect(step(page, 1).getByText('✓ Done')).toBeVisible();
  await step(page, 2).scrollIntoViewIfNeeded();
  await expect(step(page, 2)).toHaveAttribute('data-editor-ready', '');
  expect(await editorCode(step(page, 2))).toBe("const segment_categories = ['Books']; // unfinished");
});

test('corrupted saved data is ignored and the page still works', async ({ page }) => {
  await page.goto(MINI_PROJECT_URL);
  await page.evaluate(() => localStorage.setItem('stepwise:progress:v1', '{"version":1,"exercises":{"segmentation-mini-project":{"steps":"garbage"}}'));
  await page.reload();
  await page.getByLabel('Language').selectOption('javascript');
  await expect(page.getByText('0 / 4 steps')).toBeVisible();
  await typeCode(page, step(page, 2), JS_ANSWERS[1]!);
  await expect(await check(step(page, 2))).toHaveText('Correct! Step 2 is done.');
});

test('hints come one at a time; the solution and reset ask first', async ({ page }) => {
  await openMiniProject(page);
  const third = step(page, 3);
  await third.scrollIntoViewIfNeeded();
  const hints = third.getByRole('list', { name: 'Step 3 hints' });
  await third.getByRole('button', { name: 'Hint' }).click();
  await expect(hints.getByRole('listitem')).toHaveCount(1);
  await third.getByRole('button', { name: 'Hint' }).click();
  await expect(hints.getByRole('listitem')).toHaveCount(2);

  page.once('dialog', (dialog) => void dialog.dismiss());
  await third.getByRole('button', { name: 'Solution' }).click();
  await expect(third.getByText('Solved with help')).toBeHidden();

  page.once('dialog', (dialog) => void dialog.accept());
  await third.getByRole('button', { name: 'Solution' }).click();
  await expect(third.getByText('Solved with help')).toBeVisible();
  await expect(page.getByText('1 / 4 steps done in JavaScript')).toBeVisible();
  await expect(third).toHaveAttribute('data-editor-ready', '');
  await expect.poll(() => editorCode(third)).toContain('groups[category] = group;');
  await screenshot(page, 'mini-project-solution');

  page.once('dialog', (dialog) => void dialog.accept());
  await third.getByRole('button', { name: 'Reset' }).click();
  await expect.poll(() => editorCode(third)).toContain('// for (const category of segment_categories) { ... }');
  await expect(third.getByText('Solved with help')).toBeHidden();
  await expect(page.getByText('0 / 4 steps done in JavaScript')).toBeVisible();
});

test('the editor is not loaded until the student comes near a step, and works from the keyboard', async ({ page }) => {
  const editorRequests: string[] = [];
  page.on('request', (request) => {
    if (/monaco-editor|editor\.worker/.test(request.url())) editorRequests.push(request.url());
  });
  await page.goto(MINI_PROJECT_URL);
  await page.waitForLoadState('networkidle');
  expect(editorRequests).toEqual([]);
  const monacoCss = await page.locator('head link[rel="stylesheet"]').evaluateAll((links) => links.map((l) => (l as HTMLLinkElement).href));
  expect(monacoCss.filter((href) => href.includes('monaco'))).toEqual([]);

  await page.getByLabel('Language').selectOption('javascript');
  // Keyboard only: focus step 2's code, type the answer key by key, then Tab to Check.
  const second = step(page, 2);
  await second.getByLabel('Code for step 2').focus();
  await expect(second).toHaveAttribute('data-editor-ready', '', { timeout: 60_000 }); // generous: a loaded machine
  expect(editorRequests.length).toBeGreaterThan(0);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(JS_ANSWERS[1]!, { delay: 10 });
  const tabSign = second.getByText('Tab now moves to the next control');
  await expect(tabSign).toBeHidden();
  await page.keyboard.press('Control+M'); // Tab now moves focus instead of indenting, and the step says so
  await expect(tabSign).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(second.getByRole('button', { name: 'Check', exact: true })).toBeFocused();
  await expect(tabSign).toBeHidden(); // the sign belongs to the editor that has focus
  await page.keyboard.press('Enter');
  await expect(second.getByRole('status')).toHaveText('Correct! Step 2 is done.', { timeout: 20_000 });
  // Ctrl+M's mode lasts until it is pressed again: back in an editor, the sign is back too.
  await second.locator('.monaco-editor .view-lines').click();
  await expect(tabSign).toBeVisible();
  await page.keyboard.press('Control+M');
  await expect(tabSign).toBeHidden();
  await screenshot(page, 'mini-project-keyboard');
});
