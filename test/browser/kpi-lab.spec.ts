import { expect, test, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { splitSteps } from '../../src/lib/exercise/step-markers.ts';
import { screenshot, step, typeCode } from './student.ts';

/*
 * A student working through the KPI lab in both languages: they keep the campaign data the
 * first step's starter gives, type each step's code, press Check and read the verdict. One of
 * them first writes a rate as a percentage and is told so.
 */

const KPI_LAB_URL = '/lessons/segmentation-and-personalization/kpi-lab/';
const COURSE_URL = '/lessons/segmentation-and-personalization/';

// Python loads on the first Check, which takes seconds on a busy machine.
test.describe.configure({ timeout: 180_000 });

/** Step 1's starter (the given data and an empty `ctr`), as the student finds it in the editor. */
const firstStarter = (file: string) => splitSteps(readFileSync(`exercises/kpi-lab/${file}`, 'utf8'))[0]!.code;

/** The starter with its placeholder for `ctr` replaced by the student's code: the data stays as given. */
function keepingTheData(starter: string, placeholder: RegExp, code: string): string {
  expect(starter).toMatch(placeholder);
  return starter.replace(placeholder, code);
}

const PYTHON = {
  ctr: (rate: string) => keepingTheData(firstStarter('starter.py'), /ctr = \{\}[\s\S]*$/, `ctr = {}\nfor name, counts in campaign.items():\n    ctr[name] = ${rate}`),
  rest: [
    `conversion = {}
for name, counts in campaign.items():
    conversion[name] = counts['purchases'] / counts['sends']`,
    `rate_a = ab_test['A']['clicks'] / ab_test['A']['sends']
rate_b = ab_test['B']['clicks'] / ab_test['B']['sends']
winner = 'A' if rate_a > rate_b else 'B'
loser_rate = min(rate_a, rate_b)
lift = (max(rate_a, rate_b) - loser_rate) / loser_rate`,
    `rewrite = {name: ctr[name] < 0.05 or conversion[name] < 0.01 for name in campaign}`,
  ],
};

const JAVASCRIPT = {
  ctr: keepingTheData(
    firstStarter('starter.js'),
    /const ctr = \{\};[\s\S]*$/,
    'const ctr = Object.fromEntries(Object.entries(campaign).map(([name, c]) => [name, c.clicks / c.sends]));',
  ),
  rest: [
    `const conversion = {};
for (const [name, c] of Object.entries(campaign)) conversion[name] = c.purchases / c.sends;`,
    `const rateA = ab_test.A.clicks / ab_test.A.sends;
const rateB = ab_test.B.clicks / ab_test.B.sends;
const winner = rateA > rateB ? 'A' : 'B';
const lift = Math.max(rateA, rateB) / Math.min(rateA, rateB) - 1;`,
    `const rewrite = {};
for (const name of Object.keys(campaign)) rewrite[name] = ctr[name] < 0.05 || conversion[name] < 0.01;`,
  ],
};

async function checkStep(section: Locator): Promise<Locator> {
  await section.getByRole('button', { name: 'Check', exact: true }).click();
  const status = section.getByRole('status');
  await expect(status).toHaveText(/^(Correct|Not yet)/, { timeout: 60_000 });
  return status;
}

async function solveRest(page: Page, answers: string[]): Promise<void> {
  for (const [offset, code] of answers.entries()) {
    const number = offset + 2;
    await typeCode(page, step(page, number), code);
    await expect(await checkStep(step(page, number))).toHaveText(`Correct! Step ${number} is done.`);
  }
}

test('the KPI lab completed in Python, after a rate written as a percentage is named as one', async ({ page }) => {
  await page.goto(KPI_LAB_URL);
  await expect(page.getByLabel('Language')).toHaveValue('python');
  const first = step(page, 1);

  await typeCode(page, first, PYTHON.ctr("counts['clicks'] / counts['sends'] * 100"));
  const told = await checkStep(first);
  await expect(told).toContainText('Not yet: one thing to fix.');
  await expect(told).toContainText("ctr['newcomers'] and ctr['loyal'] look like percentages (from 0 to 100), but this step wants fractions from 0 to 1");
  await screenshot(page, 'kpi-lab-percentage-hint');

  await typeCode(page, first, PYTHON.ctr("counts['clicks'] / counts['sends']"));
  await expect(await checkStep(first)).toHaveText('Correct! Step 1 is done.');
  await solveRest(page, PYTHON.rest);
  await expect(page.getByText('4 / 4 steps done in Python')).toBeVisible();
});

test('the KPI lab completed in JavaScript; a winner picked by click counts is wrong; the course page counts it', async ({ page }) => {
  await page.goto(KPI_LAB_URL);
  await page.getByLabel('Language').selectOption('javascript');
  const first = step(page, 1);
  await typeCode(page, first, JAVASCRIPT.ctr);
  await expect(await checkStep(first)).toHaveText('Correct! Step 1 is done.');
  await solveRest(page, JAVASCRIPT.rest.slice(0, 1));

  // Version A has more clicks, but from more emails: comparing counts picks the wrong winner.
  const third = step(page, 3);
  await typeCode(page, third, `const winner = ab_test.A.clicks > ab_test.B.clicks ? 'A' : 'B';\nconst lift = 0;`);
  const wrong = await checkStep(third);
  await expect(wrong).toContainText('Not yet');
  await expect(wrong).toContainText('winner is not the expected text');

  await solveRest(page, JAVASCRIPT.rest);
  await expect(page.getByText('4 / 4 steps done in JavaScript')).toBeVisible();

  await page.goto(COURSE_URL);
  const card = page.locator('.card').filter({ has: page.locator(`a[href="${KPI_LAB_URL}"]`) });
  await expect(card.getByRole('link')).toHaveText(/KPI Lab.*\b20 min/);
  await expect(card).toContainText('4 / 4 steps');
});
