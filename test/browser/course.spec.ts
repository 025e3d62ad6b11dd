import { expect, test, type Locator, type Page } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { readFrontmatter } from '../../src/lib/content/frontmatter.ts';
import { check, JS_ANSWERS, MINI_PROJECT_URL, openMiniProject, step, typeCode } from './student.ts';

/*
 * A student finding their way through a course: home page, course page, lesson pages and back,
 * mostly with the keyboard. What to expect (modes, minutes, order) is read from the course's
 * own files, so the test follows the content rather than repeating it.
 */

// Page loads on a busy machine are slow; these tests walk many pages each.
test.describe.configure({ timeout: 180_000 });

const COURSE = 'segmentation-and-personalization';
const COURSE_URL = `/lessons/${COURSE}/`;
const courseTitle = (parse(readFileSync(`lessons/${COURSE}/course.yaml`, 'utf8')) as { title: string }).title;

interface Lesson { slug: string; url: string; mode: string; kind: string; minutes: number; order: number; exercise?: string; quiz?: string }
const lessons: Lesson[] = readdirSync(`lessons/${COURSE}`)
  .filter((file) => file.endsWith('.mdx'))
  .map((file) => {
    const front = readFrontmatter(readFileSync(`lessons/${COURSE}/${file}`, 'utf8'));
    if ('error' in front) throw new Error(`${file}: ${front.error}`);
    const slug = file.replace(/\.mdx$/, '');
    return { slug, url: `${COURSE_URL}${slug}/`, ...(front.data as Omit<Lesson, 'slug' | 'url'>) };
  })
  .sort((a, b) => a.order - b.order);
const testPage = lessons.find((lesson) => lesson.kind === 'test')!;
const readingPage = lessons.find((lesson) => !lesson.exercise && !lesson.quiz);
/** The recommended path starts with the first page of the first kind the course has, in this order. */
const firstOnPath = ['read', 'step', 'build', 'practise', 'test'].flatMap((kind) => lessons.filter((lesson) => lesson.kind === kind))[0]!;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Presses Tab until `target` has focus, as a keyboard user would; fails if it never does. */
async function tabTo(page: Page, target: Locator, limit = 60): Promise<void> {
  for (let presses = 0; presses < limit; presses++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((element) => element === document.activeElement)) return;
  }
  throw new Error(`Tab never reached ${target}`);
}

async function follow(page: Page, link: Locator): Promise<void> {
  await tabTo(page, link);
  await page.keyboard.press('Enter');
}

const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Course pages' });
const completion = (page: Page) => page.locator('[data-completion]');

test('home → course page → lesson → breadcrumb → course page, by keyboard; every mode is a card with its minutes', async ({ page }) => {
  await page.goto('/');
  const first = lessons[0]!;
  // The home page's course card leads to the course page, and a mode's card to its lesson.
  await follow(page, page.locator(`main a[href="${COURSE_URL}"]`).first());
  await expect(page).toHaveURL(COURSE_URL);
  await follow(page, page.locator(`main a[href="${first.url}"]`).first());
  await expect(page).toHaveURL(first.url);

  await follow(page, page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: courseTitle }));
  await expect(page).toHaveURL(COURSE_URL);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(courseTitle);
  await expect(page.getByRole('heading', { name: 'Choose how you want to learn' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Test this pattern (recommended)' })).toBeVisible();

  for (const lesson of lessons) {
    const card = page.locator('.card').filter({ has: page.locator(`a[href="${lesson.url}"]`) });
    await expect(card.getByRole('link')).toHaveText(new RegExp(`${escape(lesson.mode)}.*\\b${lesson.minutes} min`));
  }
  // Nothing done yet: the Continue link starts the recommended path.
  const start = page.locator('[data-continue] a');
  await expect(page.locator('[data-path] li a').first()).toHaveText(firstOnPath.mode);
  await expect(start).toHaveText(`Start with ${firstOnPath.mode}`);
  await follow(page, start);
  await expect(page).toHaveURL(firstOnPath.url);
});

test('the test goes before or after the other modes, as the student chooses, and stays so', async ({ page }) => {
  await page.goto(COURSE_URL);
  const sections = () => page.locator('main section h2').allTextContents();
  expect((await sections()).indexOf('Test this pattern (recommended)')).toBeGreaterThan((await sections()).indexOf('Choose how you want to learn'));

  const after = page.getByRole('radio', { name: /^After the other modes/ });
  await tabTo(page, after);
  await expect(after).toBeChecked();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('radio', { name: /^Before them/ })).toBeChecked();

  expect((await sections()).indexOf('Test this pattern (recommended)')).toBeLessThan((await sections()).indexOf('Choose how you want to learn'));
  await expect(page.locator('[data-path] li a').first()).toHaveText(testPage.mode);
  await expect(page.locator('[data-continue] a')).toHaveText(`Start with ${testPage.mode}`);

  await page.reload();
  await expect(page.getByRole('radio', { name: /^Before them/ })).toBeChecked();
  await expect(page.locator('[data-continue] a')).toHaveText(`Start with ${testPage.mode}`);
});

test('submitting the test ticks it everywhere, says what comes next, and Continue moves on', async ({ page }) => {
  await page.goto(testPage.url);
  await expect(sidebar(page).getByRole('link', { name: testPage.mode })).toHaveAttribute('aria-current', 'page');
  await expect(completion(page)).toBeEmpty();

  // Submitting with no answers asks first; the student goes ahead and gets a score of 0.
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Submit test' }).click();
  await expect(completion(page)).toContainText(`You finished ${testPage.mode}. Next: `);
  const next = completion(page).getByRole('link');
  await expect(next).toHaveText(`${firstOnPath.mode} (${firstOnPath.minutes} min)`);
  await expect(sidebar(page).locator(`li[data-page="${COURSE}/${testPage.slug}"]`)).toHaveAttribute('data-done', '');
  await expect(sidebar(page).getByRole('link', { name: `${testPage.mode} (finished)` })).toBeVisible();
  await expect(sidebar(page).locator('[data-nav-count]')).toHaveText(`1 of ${lessons.length} done`);

  await follow(page, page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: courseTitle }));
  const card = page.locator(`.card[data-page="${COURSE}/${testPage.slug}"]`);
  await expect(card).toHaveAttribute('data-done', '');
  await expect(card).toContainText(/Best score: 0 \/ \d+/);
  await expect(page.locator('[data-continue] a')).toHaveText(/^Continue with /);
});

test('passing the last step of an exercise says the page is finished and what comes next', async ({ page }) => {
  const project = lessons.find((lesson) => lesson.url === MINI_PROJECT_URL)!;
  await openMiniProject(page);
  for (const [index, code] of JS_ANSWERS.entries()) {
    await typeCode(page, step(page, index + 1), code);
    await check(step(page, index + 1));
    // Nothing is said before the last step passes.
    if (index < JS_ANSWERS.length - 1) await expect(completion(page)).toBeEmpty();
  }
  await expect(completion(page)).toContainText(`You finished ${project.mode}. Next: `);
  await expect(sidebar(page).getByRole('link', { name: `${project.mode} (finished)` })).toBeVisible();
  await completion(page).getByRole('link').click();
  await expect(page).toHaveURL(/\/lessons\//);
  await expect(page).not.toHaveURL(MINI_PROJECT_URL);
});

test('a reading page is finished with "Mark as read"; the sidebar ticks it and Continue skips it', async ({ page }) => {
  test.skip(!readingPage, 'this course has no page without an exercise or quiz');
  const reading = readingPage!;
  await page.goto(reading.url);
  const button = page.getByRole('button', { name: 'Mark as read' });
  await tabTo(page, button);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: '✓ Read' })).toHaveAttribute('aria-pressed', 'true');
  await expect(completion(page)).toContainText(`You finished ${reading.mode}. Next: `);
  await expect(sidebar(page).getByRole('link', { name: `${reading.mode} (finished)` })).toBeVisible();

  await page.goto(COURSE_URL);
  await expect(page.locator(`.card[data-page="${COURSE}/${reading.slug}"]`)).toContainText('Read');
  await expect(page.locator('[data-continue] a')).not.toHaveText(new RegExp(`with ${escape(reading.mode)}$`));

  // Pressing again takes the mark back.
  await page.goto(reading.url);
  await page.getByRole('button', { name: '✓ Read' }).click();
  await expect(page.getByRole('button', { name: 'Mark as read' })).toHaveAttribute('aria-pressed', 'false');
  await expect(completion(page)).toBeEmpty();
});

test('previous and next follow the course order, by keyboard', async ({ page }) => {
  await page.goto(lessons[0]!.url);
  for (const lesson of lessons.slice(1)) {
    const next = page.getByRole('navigation', { name: 'Previous and next page' }).getByRole('link', { name: new RegExp(`^Next → ${escape(lesson.mode)}$`) });
    await next.focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(lesson.url);
  }
  // The last page leads back to the course page; the first has no "Previous".
  await page.getByRole('link', { name: 'Back to the course page' }).click();
  await expect(page).toHaveURL(COURSE_URL);
  await page.goto(lessons[0]!.url);
  await expect(page.getByRole('link', { name: /^← Previous/ })).toHaveCount(0);
});

test('on a phone the course pages fold into a menu', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(lessons[1]!.url);
  const toggle = sidebar(page).getByRole('button', { name: /Course pages/ });
  const firstLink = sidebar(page).getByRole('link', { name: lessons[0]!.mode, exact: true });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(firstLink).toBeHidden();
  await tabTo(page, toggle);
  await page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('Tab'); // the course title
  await page.keyboard.press('Tab');
  await expect(firstLink).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(lessons[0]!.url);
});

test('an unknown address gets our own 404 page, with a way home and to the course', async ({ page }) => {
  const response = await page.goto('/lessons/no-such-page/');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('We could not find that page');
  await follow(page, page.getByRole('link', { name: `Open the course “${courseTitle}”` }));
  await expect(page).toHaveURL(COURSE_URL);
  await page.goto('/no/such/page/');
  await follow(page, page.getByRole('link', { name: 'Go to the home page' }));
  await expect(page).toHaveURL('/');
});

for (const colorScheme of ['light', 'dark'] as const) {
  for (const width of [1280, 390]) {
    test(`screenshots: course page, lesson page, 404 at ${width}px, ${colorScheme}`, async ({ page }) => {
      await page.emulateMedia({ colorScheme });
      await page.setViewportSize({ width, height: width > 500 ? 900 : 844 });
      const name = (what: string) => `test-results/screenshots/course/${what}-${width}-${colorScheme}.png`;
      // Some progress, so ticks and scores show.
      await page.goto(testPage.url);
      page.once('dialog', (dialog) => void dialog.accept());
      await page.getByRole('button', { name: 'Submit test' }).click();
      await expect(completion(page)).not.toBeEmpty();
      await completion(page).scrollIntoViewIfNeeded();
      await page.screenshot({ path: name('finished-message') });
      await page.goto(COURSE_URL);
      await expect(page.locator('[data-continue] a')).toHaveText(/^Continue/);
      await page.screenshot({ path: name('course'), fullPage: true });
      await page.goto(lessons[1]!.url);
      await expect(sidebar(page).locator('[data-nav-count]')).toHaveText(/1 of/);
      await page.screenshot({ path: name('lesson'), fullPage: width > 500 ? false : true });
      if (width < 500) {
        await sidebar(page).getByRole('button').click();
        await page.screenshot({ path: name('lesson-menu-open') });
      }
      await page.goto('/no-such-page/');
      await page.screenshot({ path: name('404'), fullPage: true });
    });
  }
}
