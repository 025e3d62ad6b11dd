import { expect, test, type Locator } from '@playwright/test';
import { editorCode, MINI_PROJECT_URL, PY_OWN_STEPS, screenshot, step, typeCode } from './student.ts';

/** Python loads once per page (several seconds on a cold cache); these tests allow for it. */
test.describe.configure({ timeout: 180_000 });

const traceOf = (section: Locator) => section.getByRole('region', { name: /^Trace of step \d$/ });

/** What the student sees at one point of a trace: where it is, the highlighted editor line, the table. */
interface Seen {
  at: number;
  count: number;
  line: number;
  highlighted: number | undefined;
  values: Record<string, string>;
}

/** Reads the trace's position line, the number beside the highlighted editor line and the table, off the screen in one go. */
const look = (section: Locator): Promise<Seen> =>
  section.evaluate(async (root) => {
    // Monaco paints a new decoration on its next animation frame.
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const trace = root.querySelector('[data-trace]')!;
    const [, at, count, line] = /Executed line (\d+) of (\d+): line (\d+) of your code\./.exec(trace.querySelector('.trace-position')?.textContent ?? '') ?? [];
    const marker = root.querySelector('.monaco-editor .trace-line');
    const top = marker?.getBoundingClientRect().top;
    const beside = [...root.querySelectorAll<HTMLElement>('.monaco-editor .line-numbers')].find((number) => top !== undefined && Math.abs(number.getBoundingClientRect().top - top) < 2);
    const values: Record<string, string> = {};
    for (const row of trace.querySelectorAll('tbody tr')) {
      const name = row.querySelector('th code')?.textContent;
      // Read as one line: a long value is spread over several.
      if (name) values[name] = (row.querySelector('td')?.textContent ?? '').replace(/\s+/g, ' ').replace(/([[{]) /g, '$1').replace(/,? ([\]}])/g, '$1');
    }
    return { at: Number(at), count: Number(count), line: Number(line), highlighted: beside ? Number(beside.textContent) : undefined, values };
  });

test('a student traces their own step-3 loop and watches groups grow, Alice before Charlie', async ({ page }) => {
  await page.goto(MINI_PROJECT_URL);
  for (const [index, code] of PY_OWN_STEPS.entries()) await typeCode(page, step(page, index + 1), code);
  const third = step(page, 3);
  await third.getByRole('button', { name: 'Trace' }).click();
  const trace = traceOf(third);
  await expect(trace.getByRole('status')).toContainText('Your step ran to the end', { timeout: 60_000 });
  const start = await look(third);
  expect([start.at, start.line, start.highlighted]).toEqual([1, 1, 1]);
  // Each customer is visited once per category: dozens of lines, not thousands.
  expect(start.count).toBeGreaterThan(30);
  expect(start.count).toBeLessThan(300);
  expect(start.values.groups).toBe('{}');
  await expect(trace.getByRole('button', { name: /Previous/ })).toBeDisabled();
  const next = trace.getByRole('button', { name: /Next/ });
  await expect(next).toBeFocused();

  // Step with the Next button and the arrow keys, writing down what the student sees.
  const seen = [start];
  for (let at = 2; at <= start.count; at++) {
    if (at % 2) await next.click();
    else await page.keyboard.press('ArrowRight');
    seen.push(await look(third));
  }
  expect(seen.map((frame) => frame.at)).toEqual(seen.map((_, index) => index + 1));
  await expect(next).toBeDisabled();
  // At the end the focus stays on Next, so the keyboard can still go back.
  await expect(next).toBeFocused();
  expect(seen.filter((frame) => frame.highlighted !== frame.line), 'the editor highlights the line the trace is at').toEqual([]);
  expect(new Set(seen.map((frame) => frame.line)).size).toBeGreaterThan(4);
  const firstWith = (test: (values: Record<string, string>) => boolean) => seen.findIndex((frame) => test(frame.values));
  const alice = firstWith((values) => values.group === "['Alice']");
  const charlie = firstWith((values) => values.group === "['Alice', 'Charlie']");
  expect(alice).toBeGreaterThan(0);
  expect(charlie).toBeGreaterThan(alice);
  const books = firstWith((values) => values.groups === "{'Books': ['Alice', 'Charlie']}");
  const electronics = firstWith((values) => values.groups === "{'Books': ['Alice', 'Charlie'], 'Electronics': ['Bob', 'Ethan']}");
  expect(books).toBeGreaterThan(charlie);
  expect(electronics).toBeGreaterThan(books);
  // The line that stored a group is the one the trace shows changing groups.
  expect(seen[books]!.line).toBe(7);

  await trace.getByRole('slider', { name: 'Executed line' }).fill(String(books + 1));
  await expect(trace.getByRole('row').filter({ hasText: 'groups' })).toContainText('changed');
  expect(await look(third)).toMatchObject({ at: books + 1, line: 7, highlighted: 7 });
  // Home and End jump to either end; the last line printed the count.
  await next.focus();
  await page.keyboard.press('End');
  expect((await look(third)).at).toBe(start.count);
  await expect(trace.locator('.trace-output')).toHaveText('3 groups\n');
  await page.keyboard.press('Home');
  expect((await look(third)).at).toBe(1);
  await expect(trace.locator('.trace-output')).toHaveText('(nothing yet)');
  await screenshot(page, 'trace-step-3');

  // Editing the code outdates the trace: the highlight goes, the view says so.
  await third.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('End');
  await page.keyboard.type(' ');
  await expect(trace).toContainText('Out of date');
  expect((await look(third)).highlighted).toBeUndefined();
});

test('tracing an infinite loop stops at the cap, shows what it recorded, and keeps the code', async ({ page }) => {
  await page.goto(MINI_PROJECT_URL);
  const third = step(page, 3);
  const looping = 'groups = {}\nn = 0\nwhile True:\n    n += 1';
  await typeCode(page, third, looping);
  await third.getByRole('button', { name: 'Trace' }).click();
  const trace = traceOf(third);
  await expect(trace.getByRole('status')).toContainText('The trace stopped after 1,000 executed lines', { timeout: 60_000 });
  expect(await look(third)).toMatchObject({ at: 1, count: 1000, line: 1 });
  await trace.getByRole('button', { name: /Next/ }).press('End');
  const last = await look(third);
  expect(last.at).toBe(1000);
  expect([3, 4]).toContain(last.line);
  expect(Number(last.values.n)).toBeGreaterThan(400);
  expect(await editorCode(third)).toBe(looping);
  // The worker still runs the next trace.
  await typeCode(page, third, 'groups = {}');
  await third.getByRole('button', { name: 'Trace' }).click();
  await expect(traceOf(third).getByRole('status')).toContainText('ran to the end: 1 executed line.', { timeout: 30_000 });
});

test('in JavaScript, Trace says it follows Python only for now', async ({ page }) => {
  await page.goto(MINI_PROJECT_URL);
  await page.getByLabel('Language').selectOption('javascript');
  const third = step(page, 3);
  await third.getByRole('button', { name: 'Trace' }).click();
  await expect(traceOf(third).getByRole('status')).toHaveText(/follows Python code only for now/);
});
