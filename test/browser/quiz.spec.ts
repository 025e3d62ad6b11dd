import { expect, test, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/*
 * A student taking the quizzes. Right and wrong answers come from the quiz files themselves,
 * so these tests follow the content rather than repeat it.
 */

interface QuizFile {
  questions: { id: string; difficulty: string; prompt: string; options: { text: string; correct?: boolean }[] }[];
}
const readQuiz = (id: string) => parse(readFileSync(`exercises/${id}/quiz.yaml`, 'utf8')) as QuizFile;
const practice = readQuiz('practice-quiz');
const patternTest = readQuiz('pattern-test');
type Question = QuizFile['questions'][number];

const rightText = (question: Question) => question.options.find((option) => option.correct)!.text;
const wrongText = (question: Question) => question.options.find((option) => !option.correct)!.text;

const PRACTICE = '/lessons/segmentation-and-personalization/practice/';
const TEST = '/lessons/segmentation-and-personalization/test/';

const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
/** The fieldset whose legend is the question. */
const group = (page: Page, question: Question) => page.getByRole('group', { name: question.prompt, exact: true });
const choose = (page: Page, question: Question, text: string) => group(page, question).getByRole('radio', { name: text, exact: true }).check();
const status = (page: Page) => page.getByRole('status');
const item = (page: Page, question: Question) => page.locator(`[data-question="${question.id}"]`);

async function optionOrder(page: Page): Promise<string[][]> {
  return page.locator('.question').evaluateAll((items) =>
    items.map((element) => [...element.querySelectorAll('.option-text')].map((option) => option.textContent ?? '')),
  );
}

test('practice: one question at a time, hint, right and wrong feedback, summary', async ({ page }) => {
  await page.goto(PRACTICE);
  const [q1, q2, ...rest] = practice.questions as [Question, Question, ...Question[]];
  await expect(page.getByText('Question 1 of 5')).toBeVisible();
  await expect(item(page, q1).locator('.badge')).toHaveText(/Easy/);
  await expect(group(page, q2)).toBeHidden();
  await shot(page, 'practice-1-start');

  await page.getByRole('button', { name: 'Check answer' }).click();
  await expect(status(page)).toHaveText('Choose an answer first.');
  await expect(item(page, q1).locator('.explanation')).toBeHidden();

  await page.getByRole('button', { name: 'Show hint' }).click();
  await expect(item(page, q1).locator('.hint')).toBeVisible();

  await choose(page, q1, rightText(q1));
  await page.getByRole('button', { name: 'Check answer' }).click();
  await expect(status(page)).toContainText('Correct!');
  const explanation = item(page, q1).locator('.explanation');
  await expect(explanation).toBeVisible();
  await expect(explanation.getByRole('heading', { name: 'Solution' })).toBeVisible();
  await expect(explanation.getByText('Quick check:')).toBeVisible();
  await expect(explanation.getByRole('heading', { name: 'Common mistakes' })).toBeVisible();
  await expect(status(page)).toHaveText('Correct! 1 of 5 checked, 1 right so far.');
  await shot(page, 'practice-2-right');

  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('Question 2 of 5')).toBeVisible();
  await expect(group(page, q1)).toBeHidden();
  await choose(page, q2, wrongText(q2));
  await page.getByRole('button', { name: 'Check answer' }).click();
  await expect(status(page)).toContainText('Not quite');
  await expect(item(page, q2).locator('[data-verdict]')).toHaveText(`Not quite: you chose “${wrongText(q2)}”.`);
  await expect(item(page, q2).locator('.option.is-correct')).toContainText(rightText(q2));
  await expect(item(page, q2).locator('.option.is-wrong')).toContainText(wrongText(q2));
  await shot(page, 'practice-3-wrong');

  await page.getByRole('button', { name: 'Previous' }).click();
  await expect(page.getByText('Question 1 of 5')).toBeVisible();
  await expect(item(page, q1).locator('[data-verdict]')).toHaveText('Correct!');
  await page.getByRole('button', { name: 'Next' }).click();

  for (const question of rest) {
    await page.getByRole('button', { name: /^(Next|See summary)$/ }).click();
    await choose(page, question, rightText(question));
    await page.getByRole('button', { name: 'Check answer' }).click();
    await expect(status(page)).toContainText('Correct!');
  }
  await page.getByRole('button', { name: 'See summary' }).click();
  await expect(status(page)).toHaveText('Score: 4 / 5');
  await expect(page.getByRole('heading', { name: 'Summary' })).toBeVisible();
  await expect(page.locator('[data-summary]').filter({ hasText: '— wrong' })).toHaveCount(1);
  await expect(page.getByText('Best score: 4 / 5')).toBeVisible();
  await shot(page, 'practice-4-summary');

  // The course page's card for the quiz shows it too.
  await page.goto('/lessons/segmentation-and-personalization/');
  await expect(page.getByText('Best score: 4 / 5')).toBeVisible();
});

test('test: no hints or answers before submitting; all correct scores 10 / 10', async ({ page }) => {
  await page.goto(TEST);
  await expect(page.getByRole('group')).toHaveCount(10);
  await expect(page.getByRole('button', { name: /hint/i })).toHaveCount(0);
  await expect(page.locator('.explanation:visible')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Check answer' })).toHaveCount(0);
  await shot(page, 'test-1-start');
  await page.screenshot({ path: 'test-results/screenshots/test-1a-start-viewport.png' });

  for (const question of patternTest.questions) await choose(page, question, rightText(question));
  await page.getByRole('button', { name: 'Submit test' }).click();
  await expect(status(page)).toHaveText('Score: 10 / 10');
  await expect(page.locator('[data-difficulty-score="easy"]')).toHaveText('Easy: 4 / 4');
  await expect(page.locator('[data-difficulty-score="medium"]')).toHaveText('Medium: 3 / 3');
  await expect(page.locator('[data-difficulty-score="hard"]')).toHaveText('Hard: 3 / 3');
  await expect(page.locator('.explanation:visible')).toHaveCount(10);
  await shot(page, 'test-2-all-correct');
  await page.emulateMedia({ colorScheme: 'dark' });
  await item(page, patternTest.questions[0]!).screenshot({ path: 'test-results/screenshots/test-2a-dark-review.png' });
});

test('test: wrong answers give the exact lower score, a review, and the best score survives retakes and reloads', async ({ page }) => {
  await page.goto(TEST);
  for (const question of patternTest.questions) await choose(page, question, rightText(question));
  await page.getByRole('button', { name: 'Submit test' }).click();
  await expect(status(page)).toHaveText('Score: 10 / 10');

  const before = await optionOrder(page);
  await page.getByRole('button', { name: 'Retake test' }).click();
  await expect(page.getByRole('button', { name: 'Submit test' })).toBeVisible();
  await expect(page.locator('.explanation:visible')).toHaveCount(0);
  await expect(page.getByRole('radio', { checked: true })).toHaveCount(0);
  const after = await optionOrder(page);
  // Same options per question, at least one question in a new order.
  expect(after.map((options) => [...options].sort())).toEqual(before.map((options) => [...options].sort()));
  expect(after).not.toEqual(before);

  // One wrong answer at each difficulty: 7 / 10.
  const wrong = new Set(['easy', 'medium', 'hard'].map((difficulty) => patternTest.questions.find((q) => q.difficulty === difficulty)!.id));
  for (const question of patternTest.questions) await choose(page, question, wrong.has(question.id) ? wrongText(question) : rightText(question));
  await page.getByRole('button', { name: 'Submit test' }).click();
  await expect(status(page)).toHaveText('Score: 7 / 10');
  await expect(page.locator('[data-difficulty-score="easy"]')).toHaveText('Easy: 3 / 4');
  await expect(page.locator('[data-difficulty-score="medium"]')).toHaveText('Medium: 2 / 3');
  await expect(page.locator('[data-difficulty-score="hard"]')).toHaveText('Hard: 2 / 3');
  for (const question of patternTest.questions) {
    const review = item(page, question);
    await expect(review.locator('.explanation')).toBeVisible();
    await expect(review.locator('[data-verdict]')).toHaveText(wrong.has(question.id) ? `Not quite: you chose “${wrongText(question)}”.` : 'Correct!');
    await expect(review.locator('.answer')).toHaveText(`Answer: ${rightText(question)}`);
  }
  await expect(page.locator('[data-summary]').filter({ hasText: '— wrong' })).toHaveCount(3);
  await expect(page.getByText('Best score: 10 / 10')).toBeVisible();
  await shot(page, 'test-3-some-wrong-review');
  // The full page is too tall to judge by eye; these show a wrong answer's review and the result.
  await item(page, patternTest.questions[0]!).screenshot({ path: 'test-results/screenshots/test-3a-review-wrong-question.png' });
  await page.locator('.quiz').locator('[data-results]').evaluate((element) => element.scrollIntoView({ block: 'center' }));
  await page.screenshot({ path: 'test-results/screenshots/test-3b-result.png' });

  await page.reload();
  await expect(page.getByText('Best score: 10 / 10')).toBeVisible();
  await page.goto('/lessons/segmentation-and-personalization/');
  await expect(page.getByText('Best score: 10 / 10')).toBeVisible();
  await shot(page, 'course-best-score');
});

/** Presses Tab until focus is on an element matching `selector`, as a keyboard user would. */
async function tabTo(page: Page, target: Locator, limit = 40): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((element) => element === document.activeElement)) return;
  }
  throw new Error('could not reach the element with Tab');
}

/** Arrow keys move the selection inside a radio group; stop on the option with `text`. */
async function arrowTo(page: Page, question: Question, text: string): Promise<void> {
  const wanted = group(page, question).getByRole('radio', { name: text, exact: true });
  for (let i = 0; i < question.options.length && !(await wanted.isChecked()); i++) await page.keyboard.press('ArrowDown');
  await expect(wanted).toBeChecked();
}

test('keyboard only: practice and test can be answered without a mouse', async ({ page }) => {
  await page.goto(PRACTICE);
  const [q1, q2] = practice.questions as [Question, Question];
  await tabTo(page, group(page, q1).getByRole('radio').first());
  await page.keyboard.press('Space');
  await arrowTo(page, q1, rightText(q1));
  await shot(page, 'keyboard-1-focus-on-option');
  await tabTo(page, page.getByRole('button', { name: 'Check answer' }), 3);
  await page.keyboard.press('Enter');
  await expect(status(page)).toContainText('Correct!');
  await tabTo(page, page.getByRole('button', { name: 'Next' }), 3);
  await shot(page, 'keyboard-2-focus-on-next');
  await page.keyboard.press('Enter');
  await expect(page.getByText('Question 2 of 5')).toBeVisible();
  await tabTo(page, group(page, q2).getByRole('radio').first(), 3);

  await page.goto(TEST);
  for (const [index, question] of patternTest.questions.entries()) {
    await tabTo(page, group(page, question).getByRole('radio').first(), index === 0 ? 40 : 3);
    await page.keyboard.press('Space');
    await arrowTo(page, question, rightText(question));
  }
  await tabTo(page, page.getByRole('button', { name: 'Submit test' }), 3);
  await page.keyboard.press('Enter');
  await expect(status(page)).toHaveText('Score: 10 / 10');
  await expect(page.getByRole('button', { name: 'Retake test' })).toBeVisible();
});

test('test: submitting with unanswered questions asks first, and the student can go back to them', async ({ page }) => {
  await page.goto(TEST);
  const [skipped, alsoSkipped, ...answered] = patternTest.questions;
  for (const question of answered) await choose(page, question, rightText(question));

  let asked = '';
  page.once('dialog', (dialog) => {
    asked = dialog.message();
    void dialog.dismiss();
  });
  await page.getByRole('button', { name: 'Submit test' }).click();
  expect(asked).toBe('2 questions have no answer yet and will count as wrong. Submit anyway?');
  await expect(page.getByText(/^Score:/)).toHaveCount(0);
  await expect(item(page, skipped!)).toBeFocused();

  await choose(page, skipped!, rightText(skipped!));
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Submit test' }).click();
  await expect(status(page)).toHaveText('Score: 9 / 10');
  await expect(item(page, alsoSkipped!)).toContainText('Not answered');
});
