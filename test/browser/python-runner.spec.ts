import { expect, test, type Page } from '@playwright/test';
import type { StepRun } from '../../src/lib/runner/protocol.ts';

type Outcome = { ms: number; loading: string[]; steps: StepRun[] };

/** Runs a marked source through the page's own runner registry (see src/pages/dev/runners.astro). */
function run(page: Page, language: string, source: string, capture: string[] = []): Promise<Outcome> {
  return page.evaluate(
    ([language, source, capture]) =>
      (globalThis as unknown as { stepwiseDiagnostics: { run(...args: unknown[]): Promise<Outcome> } }).stepwiseDiagnostics.run(language, source, capture),
    [language, source, capture] as const,
  );
}

const FOUR_STEPS = `# Step 1
customers = [{'name': 'Alice', 'category': 'Books'}, {'name': 'Bob', 'category': 'Electronics'}]
# Step 2
segment_categories = ['Books', 'Electronics']
# Step 3
groups = {}
for category in segment_categories:
    group = [c['name'] for c in customers if c['category'] == category]
    groups[category] = group
# Step 4
personalized_messages = {c: 'Hello ' + c for c in segment_categories}`;

test('Python runs in the browser from our own files, and an endless loop does not cost a reboot', async ({ page }) => {
  const requests: string[] = [];
  page.on('request', (request) => requests.push(new URL(request.url()).host));
  await page.goto('/dev/runners/');
  expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);

  const first = await run(page, 'python', FOUR_STEPS, ['groups']);
  expect(first.loading.length).toBeGreaterThan(0);
  expect(first.steps.map((step) => step.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
  expect(first.steps[2]!.values.groups).toEqual({ Books: ['Alice'], Electronics: ['Bob'] });
  expect(first.steps[2]!.features.loop).toBe(true);
  expect(new Set(requests)).toEqual(new Set([new URL(page.url()).host]));

  const stuck = await run(page, 'python', '# Step 1\nx = 1\n# Step 2\nwhile True:\n    x += 1\n# Step 3\ny = 2');
  expect(stuck.steps.map((step) => step.status)).toEqual(['ok', 'timeout', 'skipped']);
  // No bound on stuck.ms: on a busy 2-core machine timers fire late. What matters is below:
  // the interrupt, not terminate(), stopped the loop, so the next run needs no new boot.

  const after = await run(page, 'python', FOUR_STEPS, ['groups']);
  expect(after.loading).toEqual([]);
  expect(after.steps[2]!.values.groups).toEqual({ Books: ['Alice'], Electronics: ['Bob'] });
  expect(after.ms).toBeLessThan(200);
});

test('a second visit restores the interpreter from its snapshot', async ({ page, context }) => {
  await page.goto('/dev/runners/');
  const first = await run(page, 'python', FOUR_STEPS, ['groups']);
  expect(first.loading).toContain('Downloading and starting Python (about 6 MB the first time)…');
  await expect
    .poll(() => page.evaluate(async () => (await (await caches.open('python-snapshots')).keys()).length), { timeout: 20_000 })
    .toBe(1);

  const again = await context.newPage();
  await again.goto('/dev/runners/');
  const second = await run(again, 'python', FOUR_STEPS, ['groups']);
  expect(second.loading).toContain('Starting Python…');
  expect(second.loading).not.toContain('Downloading and starting Python (about 6 MB the first time)…');
  expect(second.steps.map((step) => step.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
  expect(second.steps[2]!.values.groups).toEqual({ Books: ['Alice'], Electronics: ['Bob'] });
  const stuck = await run(again, 'python', '# Step 1\nwhile True:\n    pass');
  expect(stuck.steps[0]!.status).toBe('timeout');
  expect((await run(again, 'python', FOUR_STEPS)).loading).toEqual([]);
});

test('errors carry the step-local line and a short traceback', async ({ page }) => {
  await page.goto('/dev/runners/');
  const outcome = await run(page, 'python', '# Step 1\ntotal = 1\n# Step 2\nx = 2\nprint(totl)');
  expect(outcome.steps[1]!.error).toMatchObject({ kind: 'runtime', name: 'NameError', line: 2 });
  expect(outcome.steps[1]!.error!.traceback).toContain('File "<step 2>", line 2');
});

test('after one visit, pages and Python keep working offline', async ({ page, context }) => {
  await page.goto('/dev/runners/');
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    if (!registration.active) throw new Error('no active service worker');
  });
  // The install step caches every built file, Pyodide included; wait until the wasm is in.
  await expect
    .poll(() => page.evaluate(async () => Boolean(await caches.match('/pyodide/pyodide.asm.wasm'))), { timeout: 30_000 })
    .toBe(true);

  await context.setOffline(true);
  await page.reload();
  expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
  const offline = await run(page, 'python', FOUR_STEPS, ['groups']);
  expect(offline.steps.map((step) => step.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
  const home = await page.goto('/');
  expect(home?.status()).toBe(200);
  await context.setOffline(false);
});
