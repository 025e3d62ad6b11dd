import { expect, test, type Locator } from '@playwright/test';
import { MINI_PROJECT_URL, editorCode, step } from './student.ts';

/** Where each of a step's first lines begins on screen: the preview's lines, or Monaco's. */
const previewLines = (section: Locator) =>
  section.locator('[data-code-preview]:visible .line').evaluateAll((lines) =>
    lines.slice(0, 3).map((line) => {
      const text = line.querySelector('span')!.getBoundingClientRect();
      return { left: Math.round(text.left), top: Math.round(text.top), text: line.textContent };
    }),
  );
const monacoLines = (section: Locator) =>
  section.locator('.monaco-editor .view-lines').evaluate((element) =>
    [...element.querySelectorAll<HTMLElement>('.view-line')]
      .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
      .slice(0, 3)
      .map((line) => {
        const text = line.querySelector('span > span')!.getBoundingClientRect();
        return { left: Math.round(text.left), top: Math.round(text.top), text: (line.textContent ?? '').replace(/\u00a0/g, ' ') };
      }),
  );

test.describe('without any script', () => {
  test.use({ javaScriptEnabled: false });

  test('each step shows its starter code highlighted', async ({ page }) => {
    await page.goto(MINI_PROJECT_URL);
    const preview = step(page, 1).locator('[data-code-preview="python"]');
    await expect(preview).toBeVisible();
    await expect(preview.locator('.line').first()).toHaveText(/^customers = \[/);
    // Highlighted: the comment on line 2 is not the colour of the plain code on line 1.
    const colours = await preview.locator('.line').evaluateAll((lines) => lines.slice(0, 2).map((line) => getComputedStyle(line.lastElementChild!).color));
    expect(colours[0]).not.toBe(colours[1]);
    // What assistive technology reads is the textarea under it, holding the same code.
    await expect(preview).toHaveAttribute('aria-hidden', 'true');
    expect(await step(page, 1).getByRole('textbox', { name: 'Code for step 1' }).inputValue()).toBe(
      await preview.locator('.line').evaluateAll((lines) => lines.map((line) => line.textContent).join('\n')),
    );
  });
});

for (const width of [1280, 390]) {
  test(`Monaco takes the preview's place without moving a line (${width} px)`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    // The editor's code is held back until the preview has been measured.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/monaco-editor\.[^/]*\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(MINI_PROJECT_URL);
    const first = step(page, 1);
    // Scrolled to, as a student does: the editor loads as a step comes near the screen.
    await first.scrollIntoViewIfNeeded();
    const before = await previewLines(first);
    expect(before.map((line) => line.text)).toEqual(['customers = [', "    # {'name': 'Alice', 'category': 'Books'},", ']']);
    release();
    await expect(first).toHaveAttribute('data-editor-ready', '', { timeout: 60_000 });
    await expect(first.locator('[data-code-preview]:visible')).toHaveCount(0);
    const after = await monacoLines(first);
    // On a phone both wrap the long comment on line 2, so its first row is compared there.
    if (width > 600) expect(after.map((line) => line.text)).toEqual(before.map((line) => line.text));
    for (const [index, line] of after.slice(0, width > 600 ? 3 : 2).entries()) {
      expect(Math.abs(line.left - before[index]!.left), `line ${index + 1} moved sideways`).toBeLessThanOrEqual(1);
      expect(Math.abs(line.top - before[index]!.top), `line ${index + 1} moved down`).toBeLessThanOrEqual(1);
    }
    expect(await editorCode(first)).toContain('customers = [');
  });
}
