import { expect, test, type Locator, type Page } from '@playwright/test';
import { check, editorCode, JS_ANSWERS, MINI_PROJECT_URL, openMiniProject, screenshot, step, typeCode } from './student.ts';

/**
 * Issue 12: every verdict true, on every screen. Each test is one complaint from the issue,
 * acted out as a student would.
 */

/** Editors and runtimes start slowly on a busy machine; these tests wait for events, never sleep. */
test.describe.configure({ timeout: 180_000 });

const progressText = (page: Page) => page.locator('.exercise-progress');
const badge = (section: Locator) => section.locator('[data-badge]');
const accept = (page: Page) => page.once('dialog', (dialog) => void dialog.accept());

test.describe('a verdict belongs to the code it judged', () => {
  test('editing marks it out of date; a Run that errors or times out replaces it (JavaScript)', async ({ page }) => {
    await openMiniProject(page);
    const first = step(page, 1);
    await typeCode(page, first, JS_ANSWERS[0]!);
    const status = await check(first);
    await expect(status).toHaveText('Correct! Step 1 is done.');

    await first.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.type(' ');
    await expect(status).toContainText('Out of date: you changed the code since this check.');

    await typeCode(page, first, 'const customers = [missing];');
    await first.getByRole('button', { name: 'Run' }).click();
    await expect(first.getByRole('region', { name: 'Step 1 output' })).toContainText('ReferenceError');
    await expect(status).toHaveText('Your code did not run to the end; the output below says why.');

    await typeCode(page, first, JS_ANSWERS[0]!);
    await expect(await check(first)).toHaveText('Correct! Step 1 is done.');
    await typeCode(page, first, 'const customers = [];\nwhile (true) {}');
    await first.getByRole('button', { name: 'Run' }).click();
    await expect(first.getByRole('region', { name: 'Step 1 output' })).toContainText('more than 2 seconds', { timeout: 10_000 });
    await expect(status).not.toContainText('Correct');
  });

  test('a NameError from a later Run replaces "Correct!" (Python)', async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto(MINI_PROJECT_URL);
    const second = step(page, 2);
    await typeCode(page, second, "segment_categories = ['Books', 'Electronics', 'Clothing']");
    await second.getByRole('button', { name: 'Check', exact: true }).click();
    const status = second.getByRole('status');
    await expect(status).toHaveText('Correct! Step 2 is done.', { timeout: 60_000 });
    await typeCode(page, second, 'segment_categories = categries');
    await second.getByRole('button', { name: 'Run' }).click();
    await expect(second.getByRole('region', { name: 'Step 2 output' })).toContainText('NameError', { timeout: 60_000 });
    await expect(status).toHaveText('Your code did not run to the end; the output below says why.');
  });
});

test('Reset returns the step to not done, and a Check then says "not attempted" once, in a neutral style', async ({ page }) => {
  await openMiniProject(page);
  const second = step(page, 2);
  await typeCode(page, second, JS_ANSWERS[1]!);
  await expect(await check(second)).toHaveText('Correct! Step 2 is done.');
  await expect(badge(second)).toHaveText('✓ Done');
  await expect(progressText(page)).toContainText('1 / 4 steps done in JavaScript');

  accept(page);
  await second.getByRole('button', { name: 'Reset' }).click();
  await expect(badge(second)).toBeHidden();
  await expect(progressText(page)).toContainText('0 / 4 steps done in JavaScript');
  await expect(second.getByRole('status')).toBeHidden();

  await second.getByRole('button', { name: 'Check', exact: true }).click();
  const status = second.getByRole('status');
  await expect(status).toHaveText('Not attempted yet: write your code in the editor, then press Check.');
  await expect(status).toHaveAttribute('data-kind', 'not-attempted');
  await expect(second.getByText(/not attempted/i)).toHaveCount(1);
  const colours = await status.evaluate((element) => [getComputedStyle(element).borderColor, getComputedStyle(element).backgroundColor]);
  const bad = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--bad-bg'));
  expect(colours[1]).not.toBe(bad);
  await page.reload();
  await expect(badge(step(page, 2))).toBeHidden();
});

test('progress and "solved with help" are kept per language, and the bar says which', async ({ page }) => {
  await openMiniProject(page, 'python');
  const first = step(page, 1);
  accept(page);
  await first.getByRole('button', { name: 'Solution' }).click();
  await expect(badge(first)).toHaveText('Solved with help');
  await expect(progressText(page)).toContainText('1 / 4 steps done in Python');

  await page.getByLabel('Language').selectOption('javascript');
  await expect(progressText(page)).toContainText('0 / 4 steps done in JavaScript');
  await expect(badge(first)).toBeHidden();
  await expect(first.getByRole('status')).toBeHidden();
  await first.scrollIntoViewIfNeeded();
  await expect(first).toHaveAttribute('data-editor-ready', '');
  expect(await editorCode(first)).toContain('const customers = [');

  await typeCode(page, first, JS_ANSWERS[0]!);
  await expect(await check(first)).toHaveText('Correct! Step 1 is done.');
  await expect(badge(first)).toHaveText('✓ Done');
  await page.getByLabel('Language').selectOption('python');
  await expect(badge(first)).toHaveText('Solved with help');
  await page.goto('/');
  await expect(page.getByText(/^0 of \d+ learning modes done$/)).toBeVisible();
});

test('a message about an earlier step goes away once that step changes', async ({ page }) => {
  await openMiniProject(page);
  const third = step(page, 3);
  await typeCode(page, step(page, 2), JS_ANSWERS[1]!);
  await typeCode(page, third, JS_ANSWERS[2]!);
  const status = await check(third);
  await expect(status).toContainText('Step 1 is not done yet');
  await typeCode(page, step(page, 1), JS_ANSWERS[0]!);
  await expect(status).toBeHidden();
  await expect(await check(third)).toHaveText('Correct! Step 3 is done.');
});

test('the requirement checklist ticks as Check confirms it', async ({ page }) => {
  await openMiniProject(page);
  const third = step(page, 3);
  const checklist = third.getByRole('list', { name: 'Step 3 requirements' }).locator('visible=true');
  await typeCode(page, step(page, 1), JS_ANSWERS[0]!);
  await typeCode(page, step(page, 2), JS_ANSWERS[1]!);
  await typeCode(page, third, "const groups = { Books: ['Alice', 'Charlie'], Electronics: ['Bob', 'Ethan'], Clothing: ['Diana'] };");
  await check(third);
  await expect(checklist.getByRole('listitem').filter({ hasText: 'groups' })).toContainText('(done)');
  await expect(checklist.getByRole('listitem').filter({ hasText: 'loop' })).toContainText('(not confirmed yet)');
  await typeCode(page, third, JS_ANSWERS[2]!);
  await check(third);
  await expect(checklist.getByRole('listitem').filter({ hasText: 'loop' })).toContainText('(done)');
});

test('instructions and hints are written for the chosen language only', async ({ page }) => {
  await openMiniProject(page);
  const first = step(page, 1);
  await expect(first.getByText('Create an array named customers holding five shoppers, each an object')).toBeVisible();
  await expect(page.locator('.exercise')).not.toContainText(/\ba (object|array)\b/);
  const third = step(page, 3);
  await third.getByRole('button', { name: 'Hint' }).click();
  const hints = third.getByRole('list', { name: 'Step 3 hints' });
  await expect(hints).toContainText('for (const category of segment_categories)');
  await expect(hints).not.toContainText('Python');
  await page.getByLabel('Language').selectOption('python');
  await expect(hints).toBeHidden();
  await third.getByRole('button', { name: 'Hint' }).click();
  await expect(hints).toContainText('for category in segment_categories:');
  await expect(hints).not.toContainText('JavaScript');
  await expect(first.getByText('Create a list named customers holding five shoppers, each a dict')).toBeVisible();
});

test.describe('keyboard', () => {
  test('Escape then Tab leaves the editor, with a visible sign; Tab alone indents', async ({ page }) => {
    await openMiniProject(page);
    const second = step(page, 2);
    await typeCode(page, second, 'x');
    await page.keyboard.press('Tab');
    await expect.poll(() => editorCode(second)).toMatch(/^x\s+$/);
    const sign = second.getByText('Tab now moves to the next control');
    await expect(sign).toBeHidden();
    await page.keyboard.press('Escape');
    await expect(sign).toBeVisible();
    await page.keyboard.press('Tab');
    await expect(second.getByRole('button', { name: 'Check', exact: true })).toBeFocused();
    await expect(sign).toBeHidden();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Shift+Tab');
    await expect(page.locator(':focus')).not.toHaveClass(/inputarea/);
  });

  test('after Submit test, the score is focused and on screen', async ({ page }) => {
    await page.goto('/lessons/segmentation-and-personalization/test/');
    for (const group of await page.locator('.question').all()) await group.getByRole('radio').first().check();
    await page.getByRole('button', { name: 'Submit test' }).click();
    const score = page.getByText(/^Score: \d+ \/ \d+$/);
    await expect(score).toBeFocused();
    await expect(score).toBeInViewport();
  });
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 320, height: 640 }, hasTouch: true, isMobile: true });

  test('no page is wider than the screen; the bar wraps, long lines wrap, tips are hidden, buttons are big', async ({ page }) => {
    for (const path of ['/', MINI_PROJECT_URL, '/lessons/segmentation-and-personalization/practice/', '/lessons/segmentation-and-personalization/test/']) {
      await page.goto(path);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(320);
    }
    await page.goto(MINI_PROJECT_URL);
    await expect(page.getByText('in an editor to run its step')).toBeHidden();
    const fourth = step(page, 4);
    await typeCode(page, fourth, "const personalized_messages = { Books: 'Discover new books just for you!', Electronics: 'Latest gadgets available now!' };");
    // Wrapped: the one long line takes several screen rows, and nothing scrolls sideways.
    const rows = await fourth.locator('.view-line').count();
    expect(rows).toBeGreaterThan(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    for (const button of await fourth.getByRole('button').all()) {
      expect((await button.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    }
    await screenshot(page, 'ux-phone-wrapped');
  });
});

test('the theme button remembers the choice; the default follows the system', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/');
  const toggle = page.getByRole('button', { name: 'Dark theme' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await toggle.click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.goto(MINI_PROJECT_URL);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await expect(page.getByRole('button', { name: 'Dark theme' })).toHaveAttribute('aria-pressed', 'false');
  const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  expect(background).toBe('rgb(251, 250, 247)');
});

test('data tables have a copy button', async ({ page }) => {
  await openMiniProject(page);
  await step(page, 1).getByRole('button', { name: 'Copy table' }).locator('visible=true').click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('Alice\tBooks');
});
