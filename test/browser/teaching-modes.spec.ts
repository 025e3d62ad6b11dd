import { expect, test, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { segmentationCycle } from '../../lessons/segmentation-and-personalization/segmentation-cycle.ts';

/*
 * A student working through the three teaching modes. What the stepper should show comes from
 * the cycle's own description, and the quiz answers from its file, so the tests follow the
 * content rather than repeat it.
 */

const BASE = '/lessons/segmentation-and-personalization';
const STEP_PAGE = `${BASE}/step-by-step/`;
const stages = segmentationCycle.stages;
const TOTAL = stages.length;

interface QuizFile {
  questions: { id: string; prompt: string; options: { text: string; correct?: boolean }[] }[];
}
const visualQuiz = parse(readFileSync('exercises/process-visual-quiz/quiz.yaml', 'utf8')) as QuizFile;

const stepper = (page: Page) => page.locator('[data-process-stepper]');
const tracker = (page: Page) => page.getByRole('region', { name: 'State tracker' });
const button = (page: Page, name: 'Previous' | 'Next') => stepper(page).getByRole('button', { name, exact: true });
const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });

/** What the page marks as current: the table row, the box of the visible diagram, and the tracker's values. */
const marked = (page: Page) =>
  stepper(page).evaluate((root) => {
    const diagram = [...root.querySelectorAll('svg[data-cycle-diagram]')].find((svg) => getComputedStyle(svg).display !== 'none');
    return {
      rows: [...root.querySelectorAll('table.stages tbody tr[aria-current="step"]')].map((row) => row.querySelector('th')?.textContent?.replace(/\D/g, '')),
      boxes: [...(diagram?.querySelectorAll('.stage.is-current') ?? [])].map((box) => (box as SVGElement).dataset.stage),
      tracker: Object.fromEntries([...root.querySelectorAll('[data-tracker-now] dd')].map((dd) => [(dd as HTMLElement).dataset.tracked, dd.textContent])),
    };
  });

/** What a student sees for stage N: the status line, the marked row and box, and the tracker's values. */
async function expectStage(page: Page, number: number): Promise<void> {
  const stage = stages[number - 1]!;
  await expect(stepper(page).getByRole('status')).toHaveText(`Step ${number} of ${TOTAL}: ${stage.action}`);
  await expect.poll(() => marked(page)).toEqual({ rows: [String(number)], boxes: [String(number)], tracker: stage.state });
  await expect(tracker(page)).toContainText(stage.state.Audience!);
}

// A shared, busy machine makes every browser round trip slow; these tests walk many steps.
test.describe.configure({ timeout: 240_000 });

test('the stepper moves with its buttons and the arrow keys, marking the diagram, the table and the state tracker', async ({ page }) => {
  await page.goto(STEP_PAGE);
  await expectStage(page, 1);
  await expect(button(page, 'Previous')).toBeDisabled();
  const audience = tracker(page).locator('dd[data-tracked="Audience"]');
  const messages = tracker(page).locator('dd[data-tracked="Messages"]');
  await expect(audience).toHaveText(stages[0]!.state.Audience!);
  await expect(messages).toHaveText('None yet');

  await button(page, 'Next').click();
  await expectStage(page, 2);
  await expect(audience).toHaveText('Split into segments');
  await expect(messages).toHaveText('None yet');

  // The keyboard: focus stays on the button and the arrows step.
  await expect(button(page, 'Next')).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expectStage(page, 3);
  await expect(messages).not.toHaveText('None yet');
  await page.keyboard.press('ArrowLeft');
  await expectStage(page, 2);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expectStage(page, 5);
  await expect(audience).toHaveText(stages[4]!.state.Audience!);
  await shot(page, 'teaching-stepper-5');

  // The last step is the loop back; Next is done, and focus moves to Previous rather than the page.
  await page.keyboard.press('End');
  await expectStage(page, TOTAL);
  await expect(button(page, 'Next')).toBeDisabled();
  await expect(button(page, 'Previous')).toBeFocused();
  await expect(stepper(page).locator('svg[data-cycle-diagram]:visible .stage.loop')).toHaveClass(/is-current/);
  await page.keyboard.press('Enter');
  await expectStage(page, TOTAL - 1);
  await page.keyboard.press('Home');
  await expectStage(page, 1);
  await expect(button(page, 'Previous')).toBeDisabled();
  await expect(button(page, 'Next')).toBeFocused();
});

test('on a phone the diagram is the tall one, and it is marked too', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(STEP_PAGE);
  await expect(stepper(page).locator('svg.tall')).toBeVisible();
  await expect(stepper(page).locator('svg.wide')).toBeHidden();
  await button(page, 'Next').click();
  await expectStage(page, 2);
  await context.close();
});

test('the visual quiz at the end of the page: three questions, answered', async ({ page }) => {
  await page.goto(STEP_PAGE);
  const quiz = page.locator('[data-quiz="process-visual-quiz"]');
  for (const [index, question] of visualQuiz.questions.entries()) {
    await expect(quiz.getByText(`Question ${index + 1} of 3`)).toBeVisible();
    const right = question.options.find((option) => option.correct)!.text;
    await quiz.getByRole('group', { name: question.prompt }).getByRole('radio', { name: right, exact: true }).check();
    await quiz.getByRole('button', { name: 'Check answer' }).click();
    await expect(quiz.getByRole('status')).toContainText('Correct!');
    await quiz.getByRole('button', { name: /^(Next|See summary)$/ }).click();
  }
  await expect(quiz.locator('[data-results]')).toBeVisible();
  await expect(quiz.getByRole('status')).toContainText('3');
});

test('without JavaScript the cycle reads as tables', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(STEP_PAGE);
  const table = stepper(page).getByRole('table', { name: 'What happens at each step' });
  await expect(table).toBeVisible();
  await expect(table.getByRole('columnheader')).toHaveText(['Step', 'Action', 'Input', 'Output', 'Example']);
  await expect(table.locator('tbody tr')).toHaveCount(TOTAL);
  await expect(table.locator('tbody tr').nth(4)).toContainText(stages[4]!.output);
  // No buttons that cannot work; the whole history of the tracker instead of one moment.
  await expect(button(page, 'Next')).toBeHidden();
  await expect(stepper(page).getByText(/^Step 1 of/)).toBeHidden();
  const history = tracker(page).getByRole('table');
  await expect(history).toBeVisible();
  await expect(history.locator('tbody tr')).toHaveCount(TOTAL + 1);
  await expect(history).toContainText(stages.at(-1)!.state.Messages!);
  await shot(page, 'teaching-stepper-no-js');
  await context.close();
});

test('highlights change without animation when the student asks for reduced motion', async ({ browser }) => {
  const durations = async (reducedMotion: 'reduce' | 'no-preference') => {
    const context = await browser.newContext({ reducedMotion });
    const page = await context.newPage();
    await page.goto(STEP_PAGE);
    await button(page, 'Next').click();
    await expectStage(page, 2);
    const read = (locator: Locator) => locator.evaluate((element) => getComputedStyle(element).transitionDuration);
    const result = [await read(stepper(page).locator('tbody tr[aria-current="step"]')), await read(stepper(page).locator('svg:visible .stage.is-current rect'))];
    await context.close();
    return result;
  };
  expect(await durations('reduce')).toEqual(['0s', '0s']);
  expect(await durations('no-preference')).not.toContain('0s');
});

test('the Full Explanation diagram and the Deep Dive read as a student expects', async ({ page }) => {
  await page.goto(`${BASE}/full-explanation/`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByRole('img', { name: /whole audience.*three segments.*its own message/ })).toBeVisible();
  await expect(page.getByRole('table').filter({ hasText: 'Firmographic' })).toBeVisible();
  await page.goto(`${BASE}/deep-dive/`);
  const kpis = page.getByRole('table').filter({ hasText: 'Churn rate' });
  await expect(kpis.getByRole('row', { name: /Click-through rate/ })).toContainText('clicks ÷ recipients × 100');
});
