import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/*
 * A student using the three extra learning modes: flashcards by keyboard, the real-world
 * cases and their check, and the printable cheat sheet. Card texts and right answers come
 * from the content files, so these tests follow the content rather than repeat it.
 */

const COURSE = '/lessons/segmentation-and-personalization';
interface DeckFile { cards: { id: string; front: string; back: string }[] }
interface QuizFile { questions: { id: string; prompt: string; options: { text: string; correct?: boolean }[] }[] }
const deck = parse(readFileSync('exercises/segmentation-flashcards/flashcards.yaml', 'utf8')) as DeckFile;
const casesCheck = parse(readFileSync('exercises/cases-check/quiz.yaml', 'utf8')) as QuizFile;
const cards = deck.cards;

// Many key presses and page loads per test; give them room on a busy machine.
test.slow();

const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
/** The card, a button named by the side that faces the student. */
const card = (page: Page) => page.locator('[data-card]');
const frontShown = (page: Page) => page.locator('[data-text="front"]');
const status = (page: Page) => page.getByRole('status');

/** Flips the focused card with the given key and waits until its answer shows. */
async function flipWith(page: Page, key: 'Space' | 'Enter', index: number): Promise<void> {
  await page.keyboard.press(key);
  await expect(card(page)).toHaveAccessibleName(`Answer ${cards[index]!.back}`);
  await expect(status(page)).toHaveText(`Answer: ${cards[index]!.back}. Did you know it? Rate the card.`);
}

test('flashcards: flipped with Space and Enter, rated with K and N; a "not yet" card comes back two cards later and leads the next visit', async ({ page }) => {
  await page.goto(`${COURSE}/flashcards/`);
  await expect(card(page)).toHaveAccessibleName(`Question ${cards[0]!.front}`);
  await expect(page.getByText(`${cards.length} cards left in this round`)).toBeVisible();
  await expect(page.getByRole('button', { name: /^Knew it/ })).toBeDisabled();

  await card(page).focus();
  await page.keyboard.press('k');
  await expect(status(page)).toHaveText('Flip the card first, then rate it.');
  await expect(frontShown(page)).toHaveText(cards[0]!.front);

  const shown: string[] = [];
  const showing = async () => {
    const text = (await frontShown(page).textContent())!;
    shown.push(cards.find((c) => c.front === text)!.id);
    return cards.findIndex((c) => c.front === text);
  };

  await flipWith(page, 'Space', await showing());
  await expect(page.getByRole('button', { name: /^Not yet/ })).toBeEnabled();
  await shot(page, 'modes-flashcards-1-flipped');
  await page.keyboard.press('n');
  await expect(status(page)).toHaveText('Not yet: back to box 1; it returns after 2 more cards.');
  await expect(card(page)).toBeFocused();

  for (const key of ['Enter', 'Space', 'Enter', 'Space'] as const) {
    await flipWith(page, key, await showing());
    await page.keyboard.press('k');
    await expect(status(page)).toHaveText(/^Knew it: moved to box [12]\.$/);
  }
  expect(shown).toEqual([cards[0]!.id, cards[1]!.id, cards[2]!.id, cards[0]!.id, cards[3]!.id]);
  await expect(page.getByText(`${cards.length - 4} cards left in this round`)).toBeVisible();
  await expect(page.locator('[data-boxes]')).toHaveText(`Box 1 (learning): ${cards.length - 3} · box 2: 3 · box 3 (known): 0`);

  // The boxes are kept on this device: the missed card opens the next visit, then the unseen ones.
  await page.reload();
  await expect(frontShown(page)).toHaveText(cards[0]!.front);
  await expect(page.locator('[data-box]')).toHaveText('Box 1 of 3');
  await card(page).click();
  await page.getByRole('button', { name: /^Knew it/ }).click();
  await expect(frontShown(page)).toHaveText(cards[4]!.front);
});

test('flashcards: a whole round by keyboard ends with a summary, and the next round starts with the missed card', async ({ page }) => {
  await page.goto(`${COURSE}/flashcards/`);
  await card(page).focus();
  const missed = cards[5]!;
  // Cards come in deck order on a first visit; the sixth is missed once, so the round takes one more rating.
  for (let rated = 0; rated < cards.length + 1; rated++) {
    await page.keyboard.press('Space');
    await expect(card(page)).toHaveClass(/is-flipped/);
    if (rated === 5) await expect(frontShown(page)).toHaveText(missed.front);
    await page.keyboard.press(rated === 5 ? 'n' : 'k');
  }
  const done = page.getByRole('heading', { name: 'Round complete' });
  await expect(done).toBeVisible();
  await expect(page.locator('[data-summary]')).toHaveText(`You knew ${cards.length - 1} of ${cards.length} cards the first time. These needed another look, and open the next round: “${missed.front}”.`);
  await shot(page, 'modes-flashcards-2-round-complete');
  await page.getByRole('button', { name: 'Start a new round' }).click();
  await expect(frontShown(page)).toHaveText(missed.front);
  await expect(card(page)).toBeFocused();
});

test('flashcards: the flip animates, and reduced motion turns the animation off', async ({ page }) => {
  const inner = page.locator('[data-card-inner]');
  /** Flips the card and counts the animations it starts, in one go: a slow machine could finish a short one before a second look. */
  const animationsOfFlip = () =>
    inner.evaluate((element) => {
      element.closest('button')!.click();
      return element.getAnimations().length;
    });

  await page.goto(`${COURSE}/flashcards/`);
  await expect(inner).toHaveCSS('transition-duration', '0.45s');
  expect(await animationsOfFlip()).toBeGreaterThan(0);
  await expect(card(page)).toHaveClass(/is-flipped/);

  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.reload();
  await expect(inner).toHaveCSS('transition-duration', '0s');
  expect(await animationsOfFlip()).toBe(0);
  await expect(card(page)).toHaveClass(/is-flipped/);
  await expect(inner).toHaveCSS('transform', /matrix3d/);
});

test('cases: each case names its segment, data, message and measure; the three-question check is answered', async ({ page }) => {
  await page.goto(`${COURSE}/cases/`);
  for (const heading of ['Amazon', 'Netflix', 'Spotify', 'Segment A', 'Segment B', 'Segment C']) {
    await expect(page.getByRole('heading', { name: new RegExp(heading) })).toBeVisible();
  }
  await expect(page.locator('.case-facts')).toHaveCount(6);
  await expect(page.getByRole('term').filter({ hasText: 'What is measured' })).toHaveCount(6);
  await shot(page, 'modes-cases-1');

  const questions = casesCheck.questions;
  for (const [index, question] of questions.entries()) {
    if (index > 0) await page.getByRole('button', { name: 'Next' }).click();
    const right = question.options.find((option) => option.correct)!.text;
    await page.getByRole('group', { name: question.prompt.trim(), exact: true }).getByRole('radio', { name: right, exact: true }).check();
    await page.getByRole('button', { name: 'Check answer' }).click();
    await expect(status(page)).toContainText('Correct!');
  }
  await page.getByRole('button', { name: 'See summary' }).click();
  await expect(status(page)).toHaveText('Score: 3 / 3');
});

test('cheat sheet: Download PDF opens the print dialog; the print layout shows the sheet alone and fits one page of A4 and one of Letter', async ({ page }) => {
  await page.goto(`${COURSE}/cheat-sheet/`);
  const download = page.getByRole('button', { name: 'Download PDF' });
  await expect(download).toBeVisible();
  await expect(download).toHaveAccessibleDescription(/print dialog.*Save as PDF/);
  // The dialog itself is the browser's; what the page must do is ask for it.
  await page.evaluate(() => {
    (window as unknown as { printed: number }).printed = 0;
    window.print = () => void ((window as unknown as { printed: number }).printed += 1);
  });
  await download.click();
  expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);

  const sheet = page.getByRole('region', { name: 'Cheat sheet: segmentation and personalization' });
  for (const heading of ['Types of segmentation', 'The process', 'Segment criteria', 'KPI formulas', 'Common mistakes']) {
    await expect(sheet.getByRole('heading', { name: heading })).toBeVisible();
  }

  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('banner')).toBeHidden();
  await expect(page.getByRole('contentinfo')).toBeHidden();
  await expect(download).toBeHidden();
  await expect(page.getByRole('navigation', { name: 'Lesson pages' })).toBeHidden();
  await expect(sheet).toBeVisible();
  await expect(sheet).toHaveCSS('column-count', '2');
  await expect(page.locator('body')).toHaveCSS('background-color', 'rgb(255, 255, 255)');
  await page.setViewportSize({ width: 794, height: 1123 }); // A4 at 96 dpi
  await shot(page, 'modes-cheat-sheet-print');

  const pageCount = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
  for (const format of ['A4', 'Letter'] as const) {
    const pdf = await page.pdf({ format, preferCSSPageSize: true });
    const pages = pageCount(pdf);
    expect(pages, `${format} pages`).toBe(1);
  }
});
