import { expect, test, type Page } from '@playwright/test';
import { zstdCompressSync } from 'node:zlib';
import { COLD_START_DIR, PYODIDE_DIR, SNAPSHOT_FILE, WASM_DATA_PATCH_FILE, WASM_FILE } from '../../src/lib/runner/python-assets.ts';
import { check, editorCode, MINI_PROJECT_URL, PY_OWN_STEPS, screenshot, step, typeCode } from './student.ts';

/** Python loads once per page (several seconds on a cold cache); these tests allow for it. */
test.describe.configure({ timeout: 120_000 });

const PY_ANSWERS = [
  PY_OWN_STEPS[0]!,
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
  await expect(page.getByText('4 / 4 steps done in Python')).toBeVisible();
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
  await expect(second.getByRole('region', { name: 'Step 2 output' })).toContainText('ran for more than 2 seconds', { timeout: 60_000 });
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
  await expect(first.getByRole('region', { name: 'Step 1 output' })).toContainText(/SyntaxError on line [23]/, { timeout: 60_000 });
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

/** Records every loading message a step's status shows, from before the page's own scripts run. */
async function recordLoadingMessages(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    Object.assign(window, { loadingMessages: seen });
    new MutationObserver(() => {
      for (const element of document.querySelectorAll('[data-verdict][data-kind="loading"]')) {
        const text = element.textContent ?? '';
        if (text && seen.at(-1) !== text) seen.push(text);
      }
    }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  return () => page.evaluate(() => (window as unknown as { loadingMessages: string[] }).loadingMessages);
}

test.describe('a first visit', () => {
  // Without the offline cache, whose early copy of the files would rightly change the loading message.
  test.use({ serviceWorkers: 'block' });

  test('Python loads only from our own server, and stopping a loop does not restart it', async ({ page }) => {
    const hosts = new Set<string>();
    page.on('request', (request) => hosts.add(new URL(request.url()).host));
    const pythonWorkers: string[] = [];
    // Python falls back to its slow start when the snapshot cannot be unpacked, and says so only here.
    const warnings: string[] = [];
    page.on('worker', (worker) => {
      if (!worker.url().includes('python.worker')) return;
      pythonWorkers.push(worker.url());
      worker.on('console', (message) => message.type() === 'warning' && warnings.push(message.text()));
    });
    const loading = await recordLoadingMessages(page);
    await page.goto(MINI_PROJECT_URL);
    expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
    const first = step(page, 1);
    // Run before Python has started: the student is told it is downloading.
    await first.getByRole('button', { name: 'Run' }).click();
    await expect(first.getByRole('region', { name: 'Step 1 output' })).toHaveText('Ran without errors. (Nothing was printed.)', { timeout: 60_000 });
    expect(await loading()).toContain('Downloading and starting Python (about 7 MB, only the first time)…');
    await typeCode(page, first, PY_ANSWERS[0]!);
    await expect(await checkWithPython(first)).toHaveText('Correct! Step 1 is done.');
    expect([...hosts]).toEqual([new URL(page.url()).host]);
    expect(warnings).toEqual([]);

    const second = step(page, 2);
    await typeCode(page, second, 'segment_categories = []\nwhile True:\n    segment_categories.append(1)\n    segment_categories.clear()');
    await second.getByRole('button', { name: 'Run' }).click();
    await expect(second.getByRole('region', { name: 'Step 2 output' })).toContainText('ran for more than 2 seconds', { timeout: 60_000 });
    const messagesBefore = (await loading()).length;
    await typeCode(page, second, PY_ANSWERS[1]!);
    await expect(await checkWithPython(second)).toHaveText('Correct! Step 2 is done.');
    // The interrupt stopped the loop inside the same interpreter: no new worker, no new boot.
    expect(pythonWorkers).toHaveLength(1);
    expect((await loading()).length).toBe(messagesBefore);
  });
});

test.describe('the standard library', () => {
  // Without the offline cache, which fetches the whole of Python once a first run has answered.
  test.use({ serviceWorkers: 'block' });

  test('its second part is downloaded when an import first needs it, once, and not for a first verdict', async ({ page }) => {
    const rest: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('python_stdlib_rest.zip')) rest.push(request.url());
    });
    // A slow link: the second zip takes longer than a run's whole budget to arrive. The
    // download is Python's doing, not the student's, so it must not stop their code.
    await page.route('**/python_stdlib_rest.zip', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 3000));
      await route.continue();
    });
    await page.goto(MINI_PROJECT_URL);
    const first = step(page, 1);
    await typeCode(page, first, PY_ANSWERS[0]!);
    await expect(await checkWithPython(first)).toHaveText('Correct! Step 1 is done.');
    expect(rest).toEqual([]);

    // html is in the second part; the second run finds it already there.
    const second = step(page, 2);
    const output = second.getByRole('region', { name: 'Step 2 output' });
    for (const [category, escaped] of [['<Books>', '&lt;Books&gt;'], ['Toys & games', 'Toys &amp; games']]) {
      await typeCode(page, second, `import html\nsegment_categories = ['${category}']\nprint(html.escape(segment_categories[0]))`);
      await second.getByRole('button', { name: 'Run' }).click();
      if (category === '<Books>') await expect(second.getByRole('status')).toContainText('Downloading more of Python', { timeout: 60_000 });
      await expect(output).toHaveText(escaped, { timeout: 60_000 });
    }
    expect(rest).toHaveLength(1);
  });
});

test('a NameError shows the step-local line and a short traceback of the student\'s code only', async ({ page }) => {
  await page.goto(MINI_PROJECT_URL);
  const second = step(page, 2);
  await typeCode(page, second, "categories = ['Books']\nsegment_categories = categries");
  await second.getByRole('button', { name: 'Run' }).click();
  const output = second.getByRole('region', { name: 'Step 2 output' });
  await expect(output).toContainText('NameError on line 2', { timeout: 60_000 });
  await expect(output).toContainText('line 2');
  await expect(output).not.toContainText('harness');
  await expect(output).not.toContainText('pyodide');
});

test('a second visit starts Python from the offline cache, downloading nothing', async ({ page, context }) => {
  await page.goto(MINI_PROJECT_URL);
  const first = step(page, 1);
  await typeCode(page, first, PY_ANSWERS[0]!);
  await expect(await checkWithPython(first)).toHaveText('Correct! Step 1 is done.');
  await expect.poll(() => page.evaluate(async (snapshot) => Boolean(await caches.match(snapshot)), `/${PYODIDE_DIR}/${SNAPSHOT_FILE}`), { timeout: 60_000 }).toBe(true);

  const again = await context.newPage();
  const fromNetwork: string[] = [];
  again.on('response', (response) => {
    if (response.url().includes('/pyodide/') && !response.fromServiceWorker()) fromNetwork.push(response.url());
  });
  const loading = await recordLoadingMessages(again);
  await again.goto(MINI_PROJECT_URL);
  await expect(await checkWithPython(step(again, 1))).toHaveText('Correct! Step 1 is done.');
  expect(await loading()).toContain('Starting Python…');
  expect(await loading()).not.toContain('Downloading and starting Python (about 7 MB, only the first time)…');
  expect(fromNetwork).toEqual([]);
});

test('a server without the interpreter snapshot still runs Python, starting it the ordinary way', async ({ page, context }) => {
  let asked = 0;
  await context.route(`**/${SNAPSHOT_FILE}`, (route) => {
    asked += 1;
    return route.fulfill({ status: 404, body: 'not here' });
  });
  await page.goto(MINI_PROJECT_URL);
  const second = step(page, 2);
  await typeCode(page, second, PY_ANSWERS[1]!);
  await expect(await checkWithPython(second)).toHaveText('Correct! Step 2 is done.');
  expect(asked).toBeGreaterThan(0);
});

for (const [broken, file, body] of [
  // Unpacks fine but is not a patch: the worker finds out only once the module is made, which is
  // where Pyodide alone would log the failure and wait for ever.
  ['a wasm data patch that does not fit', WASM_DATA_PATCH_FILE, zstdCompressSync(Buffer.alloc(64))],
  // Not zstd, as a host that unpacked or replaced the file would serve it.
  ['a packed wasm that is not zstd', WASM_FILE, Buffer.from('\0asm not really')],
] as const) {
  test(`${broken} starts Python from Pyodide's own wasm instead of hanging`, async ({ page, context }) => {
    await context.route(`**/${file}`, (route) => route.fulfill({ status: 200, body }));
    const cold: string[] = [];
    page.on('request', (request) => request.url().includes(`/${PYODIDE_DIR}/${COLD_START_DIR}/`) && cold.push(new URL(request.url()).pathname));
    const warnings: string[] = [];
    page.on('worker', (worker) => worker.on('console', (message) => message.type() === 'warning' && warnings.push(message.text())));
    await page.goto(MINI_PROJECT_URL);
    const first = step(page, 1);
    await typeCode(page, first, PY_ANSWERS[0]!);
    await expect(await checkWithPython(first)).toHaveText('Correct! Step 1 is done.');
    expect(cold).toEqual(expect.arrayContaining([`/${PYODIDE_DIR}/${COLD_START_DIR}/pyodide.asm.wasm`]));
    expect(warnings.join('\n')).toContain('Python could not start from its snapshot');
  });
}

test('after one visit, lessons and Python keep working offline', async ({ page, context }) => {
  // As on a device that still holds the per-device snapshots an earlier version saved.
  await page.addInitScript(() => void caches.open('python-snapshots').then((cache) => cache.put('/old-snapshot', new Response('old'))));
  await page.goto(MINI_PROJECT_URL);
  await page.evaluate(() => navigator.serviceWorker.ready);
  // Python starts after a few idle seconds; once it has, the page says it is kept for offline use.
  await expect(page.locator('[data-offline-python]').getByRole('status')).toHaveText('Python is available offline on this device.', { timeout: 60_000 });
  expect(await page.evaluate(async () => Boolean(await caches.match('/pyodide/pyodide-wasm-zstd.bin')))).toBe(true);
  await expect.poll(() => page.evaluate(() => caches.has('python-snapshots'))).toBe(false);

  await context.setOffline(true);
  await page.reload();
  expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
  const second = step(page, 2);
  await typeCode(page, second, PY_ANSWERS[1]!);
  await expect(await checkWithPython(second)).toHaveText('Correct! Step 2 is done.');
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Courses', level: 1 })).toBeVisible();
  await screenshot(page, 'offline-home');
  await context.setOffline(false);
});
