import { expect, type Locator, type Page } from '@playwright/test';

export const MINI_PROJECT_URL = '/lessons/segmentation-and-personalization/mini-project/';

/** The four steps' JavaScript, as a student who knows the answer would type it. */
export const JS_ANSWERS = [
  `const customers = [
{ name: 'Alice', category: 'Books' },
{ name: 'Bob', category: 'Electronics' },
{ name: 'Charlie', category: 'Books' },
{ name: 'Diana', category: 'Clothing' },
{ name: 'Ethan', category: 'Electronics' },
];`,
  `const segment_categories = ['Books', 'Electronics', 'Clothing'];`,
  `const groups = {};
for (const category of segment_categories) {
const group = [];
for (const customer of customers) if (customer.category === category) group.push(customer.name);
groups[category] = group;
}`,
  `const personalized_messages = {
Books: 'Discover new books just for you!',
Electronics: 'Latest gadgets available now!',
Clothing: 'Trendy styles for your wardrobe.',
};`,
];

/** Python steps 1-3 as a student writes them: their own loop, not the reference comprehension. */
export const PY_OWN_STEPS = [
  `customers = [
    {'name': 'Alice', 'category': 'Books'},
    {'name': 'Bob', 'category': 'Electronics'},
    {'name': 'Charlie', 'category': 'Books'},
    {'name': 'Diana', 'category': 'Clothing'},
    {'name': 'Ethan', 'category': 'Electronics'},
]`,
  `segment_categories = ['Books', 'Electronics', 'Clothing']`,
  `groups = {}
for category in segment_categories:
    group = []
    for customer in customers:
        if customer['category'] == category:
            group.append(customer['name'])
    groups[category] = group
print(len(groups), 'groups')`,
];

export async function openMiniProject(page: Page, language: 'javascript' | 'python' = 'javascript'): Promise<void> {
  await page.goto(MINI_PROJECT_URL);
  await page.getByLabel('Language').selectOption(language);
}

/** Step N's section, found by its accessible name as a screen reader would. */
export const step = (page: Page, number: number): Locator => page.getByRole('region', { name: new RegExp(`^Step ${number}: `) });

async function focusEditor(page: Page, section: Locator): Promise<void> {
  await section.scrollIntoViewIfNeeded();
  // Generous: on a loaded machine the editor's first download and start can take many seconds.
  await expect(section).toHaveAttribute('data-editor-ready', '', { timeout: 60_000 });
  await section.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
}

/**
 * Replaces a step's code the way students enter longer code: select all, paste with Ctrl+V.
 * (Typing a multi-line block key by key would fight the editor's bracket auto-closing and
 * auto-indent, exactly as it would for a person typing blindly.)
 */
export async function typeCode(page: Page, section: Locator, code: string): Promise<void> {
  await focusEditor(page, section);
  await page.evaluate((text) => navigator.clipboard.writeText(text), code);
  await page.keyboard.press('ControlOrMeta+V');
  // Compared without any white space: on a phone the editor wraps long lines into several rows,
  // and may break a line inside a token ("Object." / "entries"), where no space was typed.
  const flat = (text: string) => text.replace(/\s+/g, '');
  await expect.poll(async () => flat(await editorCode(section))).toBe(flat(code));
}

/** Types one line key by key, letting the editor auto-close brackets and quotes as it does for people. */
export async function typeLineByKeys(page: Page, section: Locator, line: string): Promise<void> {
  await focusEditor(page, section);
  await page.keyboard.type(line, { delay: 10 });
}

/** The code a student sees in a step's editor: its rendered lines, top to bottom. */
export const editorCode = (section: Locator): Promise<string> =>
  section.locator('.monaco-editor .view-lines').evaluate((element) =>
    [...element.querySelectorAll<HTMLElement>('.view-line')]
      .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
      .map((line) => (line.textContent ?? '').replace(/\u00a0/g, ' '))
      .join('\n'),
  );

export async function check(section: Locator): Promise<Locator> {
  await section.getByRole('button', { name: 'Check', exact: true }).click();
  const status = section.getByRole('status');
  await expect(status).toHaveText(/^(Correct|Not yet)/, { timeout: 20_000 });
  return status;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}
