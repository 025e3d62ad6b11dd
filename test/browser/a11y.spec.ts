import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { check, JS_ANSWERS, MINI_PROJECT_URL, openMiniProject, PY_OWN_STEPS, step, typeCode } from './student.ts';

/**
 * axe on every page the build made (so new pages are covered without editing this file), in
 * both themes, at desktop and phone widths, and after the states a student brings about.
 */
const DIST = path.resolve('dist');
const builtPages = (readdirSync(DIST, { recursive: true }) as string[])
  .filter((file) => path.basename(file) === 'index.html')
  .map((file) => `/${path.dirname(file).split(path.sep).join('/')}/`.replace(/^\/\.\/$/, '/').replace(/\/+/g, '/'))
  .sort();

const THEMES = ['light', 'dark'] as const;
const WIDTHS = [1280, 390] as const;

async function expectNoViolations(page: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const summary = results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  expect(summary, where).toEqual([]);
}

/** Brings every editor on the page in, as a student scrolling through would. */
async function scrollThrough(page: Page): Promise<void> {
  for (const section of await page.locator('section[data-step]').all()) {
    await section.scrollIntoViewIfNeeded();
    await expect(section).toHaveAttribute('data-editor-ready', '', { timeout: 20_000 });
  }
}

test.describe.configure({ timeout: 240_000 });

test('the build has pages to check', () => {
  expect(builtPages).toContain('/');
  expect(builtPages.length).toBeGreaterThan(1);
});

for (const theme of THEMES) {
  for (const width of WIDTHS) {
    test.describe(`${theme} theme, ${width}px`, () => {
      test.use({ colorScheme: theme, viewport: { width, height: 900 } });

      for (const url of builtPages) {
        test(`page ${url}`, async ({ page }) => {
          await page.goto(url);
          await scrollThrough(page);
          await expectNoViolations(page, `${url} (${theme}, ${width}px)`);
        });
      }

      test('an exercise after a Check, a hint and an error', async ({ page }) => {
        await openMiniProject(page);
        const first = step(page, 1);
        await typeCode(page, first, JS_ANSWERS[0]!);
        await check(first);
        const third = step(page, 3);
        await typeCode(page, third, 'const groups = {};');
        await check(third);
        await third.getByRole('button', { name: 'Hint' }).click();
        const second = step(page, 2);
        await typeCode(page, second, 'const segment_categories = [;');
        await second.getByRole('button', { name: 'Run' }).click();
        await expect(second.getByRole('region', { name: 'Step 2 output' })).toContainText('SyntaxError');
        await expectNoViolations(page, `exercise states (${theme}, ${width}px)`);
      });

      test('a Python step traced and stepped through from the keyboard', async ({ page }) => {
        await page.goto(MINI_PROJECT_URL);
        for (const [index, code] of PY_OWN_STEPS.entries()) await typeCode(page, step(page, index + 1), code);
        const third = step(page, 3);
        await third.getByRole('button', { name: 'Trace' }).focus();
        await page.keyboard.press('Enter');
        const trace = third.getByRole('region', { name: 'Trace of step 3' });
        const position = trace.getByRole('status');
        await expect(position).toContainText('Executed line 1 of', { timeout: 60_000 });
        const next = trace.getByRole('button', { name: /Next/ });
        await expect(next).toBeFocused();
        await page.keyboard.press('ArrowRight');
        await page.keyboard.press('ArrowRight');
        await expect(position).toHaveText(/^Executed line 3 of \d+: line \d+ of your code\.$/);
        expect(await next.evaluate((button) => button.matches(':focus-visible') && getComputedStyle(button).outlineStyle !== 'none')).toBe(true);
        await page.keyboard.press('Shift+Tab');
        await expect(trace.getByRole('slider', { name: 'Executed line' })).toBeFocused();
        await page.keyboard.press('ArrowRight');
        await expect(position).toHaveText(/^Executed line 4 of /);
        await expectNoViolations(page, `trace (${theme}, ${width}px)`);
        await third.screenshot({ path: `test-results/screenshots/trace-${theme}-${width}.png` });
      });

      test('a quiz after a checked answer, and a submitted test', async ({ page }) => {
        await page.goto('/lessons/segmentation-and-personalization/practice/');
        await page.locator('.question:not([hidden])').getByRole('radio').first().check();
        await page.getByRole('button', { name: 'Show hint' }).click();
        await page.getByRole('button', { name: 'Check answer' }).click();
        await expectNoViolations(page, `practice quiz (${theme}, ${width}px)`);
        await page.goto('/lessons/segmentation-and-personalization/test/');
        for (const question of await page.locator('.question').all()) await question.getByRole('radio').nth(1).check();
        await page.getByRole('button', { name: 'Submit test' }).click();
        await expect(page.getByText(/^Score:/)).toBeVisible();
        await expectNoViolations(page, `submitted test (${theme}, ${width}px)`);
      });
    });
  }
}
