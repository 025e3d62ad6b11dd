import { expect, test } from '@playwright/test';
import { check, editorCode, MINI_PROJECT_URL, screenshot, step, typeCode } from './student.ts';

/** Python loads once per page (several seconds on a cold cache); these tests allow for it. */
test.describe.configure({ timeout: 120_000 });

const PY_ANSWERS = [
  `customers = [
    {'name': 'Alice', 'category': 'Books'},
    {'name': 'Bob', 'category': 'Electronics'},
    {'name': 'Charlie', 'category': 'Books'},
    {'name': 'Diana', 'category': 'Clothing'},
    {'name': 'Ethan', 'category': 'Electronics'},
]`,
  `segment_categories = ['Books', 'Electronics', 'Clothing']`,
  `from collections import defaultdict
groups = defaultdict(list)
for customer in customers:
    groups[customer['category']].append(customer['name'])`,
  `personalized_messages = {
    'Books': 'Discover new books just for you!',
    'Electronics': 'Latest gadgets available now!',
    'Clothing': 'Trendy styles for your wardrobe.',
}`,
];

async function checkWithPython(section: ReturnType<typeof step>) {
  await section.getByRole('button', { name: 'Check', exact: true }).click();
  const status = section.getByRole('status');
  await expect(status).toHaveText(/^(Correct|Not yet)/, { timeout: 60_000 });
  return status;
}

test('Python is the default language and a student completes the project in it', async ({ page }) => {
  await page.goto(MINI_PROJECT_URL);
  await expect(page.getByLabel('Language')).toHaveValue('python');
  for (const [index, code] of PY_ANSWERS.entries()) {
    const section = step(page, index + 1);
    await typeCode(page, section, code);
    await expect(await checkWithPython(section)).toHaveText(`Correct! Step ${index + 1} is done.`);
  }
  await expect(page.getByText('4 / 4 steps')).toBeVisible();
  await screenshot(page, 'python-complete');
});

test('wrong Python gets feedback in Python words', async ({ page }) => {
  await page.goto(MINI_PROJECT_URL);
  const third = step(page, 3);
  await typeCode(page, third, "groups = [c['name'] for c in customers]");
  const status = await checkWithPython(third);
  await expect(status).toContainText('groups should map each category to a list of names; it is a list.');
  const second = step(page, 2);
  await typeCode(page, second, "segment_categories = ('Books', 'electronics', 'Clothing')");
  await expect(await check(second)).toContainText("'electronics' in segment_categories is a near miss: check its capital letters.");
  await screenshot(page, 'python-feedback');
});

test('a Python infinite loop is stopped, the code stays, and the next check works', async ({ page }) => {
  await page.goto(MINI_PROJECT_URL);
  const second = step(page, 2);
  const looping = 'segment_categories = []\nwhile True:\n    pass';
  await typeCode(page, second, looping);
  await second.getByRole('button', { name: 'Run' }).click();
  await expect(second.getByRole('region', { name: 'Output' })).toContainText('ran for more than 2 seconds', { timeout: 60_000 });
  expect(await editorCode(second)).toBe(looping);
  await typeCode(page, second, PY_ANSWERS[1]!);
  await expect(await checkWithPython(second)).toHaveText('Correct! Step 2 is done.');
});

test('a Python syntax error shows its line in the output and the editor', async ({ page }) => {
  await page.goto(MINI_PROJECT_URL);
  const first = step(page, 1);
  const broken = "customers = [\n    {'name': 'Alice', 'category': 'Books'}\n    {'name': 'Bob'}\n]";
  await typeCode(page, first, broken);
  await first.getByRole('button', { name: 'Run' }).click();
  await expect(first.getByRole('region', { name: 'Output' })).toContainText(/SyntaxError on line [23]/, { timeout: 60_000 });
  await expect(first.locator('.monaco-editor .squiggly-error')).toHaveCount(1);
  expect(await editorCode(first)).toBe(broken);
  await screenshot(page, 'python-syntax-error');
});

test('a reload restores Python code, and each language keeps its own code', async ({ page }) => {
  await page.goto(MINI_PROJECT_URL);
  const second = step(page, 2);
  await typeCode(page, second, "segment_categories = ['Books']  # unfinished");
  await page.getByLabel('Language').selectOption('javascript');
  await expect(second).toHaveAttribute('data-editor-ready', '');
  expect(await editorCode(second)).toBe('const segment_categories = [];');
  await page.getByLabel('Language').selectOption('python');
  await page.waitForTimeout(500);
  await page.reload();
  await expect(page.getByLabel('Language')).toHaveValue('python');
  await step(page, 2).scrollIntoViewIfNeeded();
  await expect(step(page, 2)).toHaveAttribute('data-editor-ready', '');
  expect(await editorCode(step(page, 2))).toBe("segment_categories = ['Books']  # unfinished");
});
