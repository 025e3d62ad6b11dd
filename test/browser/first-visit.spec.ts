import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { PYODIDE_DIR, SNAPSHOT_FILE, WASM_FILE } from '../../src/lib/runner/python-assets.ts';
import { MINI_PROJECT_URL, step, typeCode } from './student.ts';

const SNAPSHOT = `/${PYODIDE_DIR}/${SNAPSHOT_FILE}`;

/**
 * A first visit fetches what the page uses, each file once. The site is reached through a small
 * counting server in front of the preview, so every request that leaves the browser is seen,
 * whoever made it (page, runner worker, service worker); the browser's HTTP cache, which a
 * second request may rightly hit, is not a download and is not counted. Its own origin also
 * gives each test a clean service worker.
 */
test.describe.configure({ timeout: 120_000 });

const PYTHON_STEP_2 = "segment_categories = ['Books', 'Electronics', 'Clothing']";
const SLOW = { timeout: 60_000 };

let server: Server;
let origin: string;
/** Requests that reached the server, by path, and their paths in the order they came. */
const served = new Map<string, number>();
const order: string[] = [];
/** Files the server holds back, and for how long, as a slow link would. */
let delays: [path: RegExp, ms: number][] = [];

test.beforeAll(async ({ baseURL }) => {
  server = createServer(async (request, response) => {
    const path = new URL(request.url!, 'http://x').pathname;
    served.set(path, (served.get(path) ?? 0) + 1);
    order.push(path);
    const delay = delays.find(([pattern]) => pattern.test(path))?.[1] ?? 0;
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    const upstream = await fetch(baseURL + request.url!, { headers: { accept: request.headers.accept ?? '*/*' } });
    const headers = Object.fromEntries([...upstream.headers].filter(([name]) => !['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(name)));
    response.writeHead(upstream.status, headers);
    response.end(Buffer.from(await upstream.arrayBuffer()));
  });
  // Port 0: the system picks a free one.
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
test.beforeEach(() => {
  served.clear();
  order.length = 0;
  delays = [];
});

const fetched = (pattern: RegExp) => [...served.entries()].filter(([path]) => pattern.test(path));
const PYTHON = /^\/pyodide\/|\/python\.worker-/;
const EDITOR = /monaco|editor\.worker/;

/** The offline service worker is active and has cached the site shell. */
const shellInstalled = (page: Page) => page.evaluate(async () => Boolean((await navigator.serviceWorker.ready).active));
const cachedPaths = (page: Page) =>
  page.evaluate(async () => {
    const paths: string[] = [];
    for (const name of await caches.keys()) for (const request of await (await caches.open(name)).keys()) paths.push(new URL(request.url).pathname);
    return paths;
  });

for (const [kind, path] of [
  ['home page', '/'],
  ['course page', '/lessons/segmentation-and-personalization/'],
  ['reading page', '/lessons/segmentation-and-personalization/full-explanation/'],
  ['quiz', '/lessons/segmentation-and-personalization/practice/'],
]) {
  test(`a reader of the ${kind} downloads no Python and no editor, and the offline cache keeps the shell`, async ({ page }) => {
    await page.goto(origin + path);
    expect(await shellInstalled(page)).toBe(true);
    // The shell is in the cache: this page and the home page, whatever page was opened.
    await expect.poll(() => cachedPaths(page), SLOW).toEqual(expect.arrayContaining([path, '/']));
    // A reader who stays a while still pays for nothing they did not use.
    await page.mouse.move(200, 300);
    await page.waitForLoadState('networkidle');
    expect(fetched(PYTHON)).toEqual([]);
    expect(fetched(EDITOR)).toEqual([]);
    expect((await cachedPaths(page)).filter((cached) => PYTHON.test(cached) || EDITOR.test(cached))).toEqual([]);
  });
}

test('a page asks for every module it loads up front at once, not a round trip per level of imports', async ({ page }) => {
  // Each answer takes 0.3 s. A module found only in the module that imports it would be asked
  // for once that one had been answered: after the first answer.
  delays = [[/^\/_astro\/.*\.js$/, 300]];
  await page.goto(origin + '/lessons/segmentation-and-personalization/');
  const modules = await page.evaluate(() =>
    (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter((entry) => /\/_astro\/.*\.js$/.test(entry.name))
      .map((entry) => ({ path: new URL(entry.name).pathname, askedAt: Math.round(entry.startTime), answeredAt: Math.round(entry.responseEnd) })),
  );
  // The course page's scripts import modules that import others (course progress, the store).
  expect(modules.length).toBeGreaterThanOrEqual(5);
  const firstAnswer = Math.min(...modules.map((module) => module.answeredAt));
  expect(modules.filter((module) => module.askedAt >= firstAnswer)).toEqual([]);
});

test('a page of the shell that went missing from the offline cache is back after the next visit, and reads offline', async ({ page, context }) => {
  const reading = '/lessons/segmentation-and-personalization/full-explanation/';
  await page.goto(origin + '/');
  await expect.poll(() => cachedPaths(page), SLOW).toEqual(expect.arrayContaining(['/', reading]));
  // As when a browser evicts part of a site's storage.
  await page.evaluate(async (path) => {
    for (const name of await caches.keys()) await (await caches.open(name)).delete(path);
  }, reading);
  expect(await cachedPaths(page)).not.toContain(reading);
  await page.goto(origin + '/lessons/segmentation-and-personalization/');
  await expect.poll(() => cachedPaths(page), SLOW).toContain(reading);
  await context.setOffline(true);
  await page.goto(origin + reading);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByText('You are offline and this page was not saved yet')).toHaveCount(0);
  await context.setOffline(false);
});

test('an exercise page downloads Python only once a student heads for an editor, each file once, and then works offline', async ({ page, context }) => {
  await page.goto(origin + MINI_PROJECT_URL);
  expect(fetched(PYTHON)).toEqual([]);
  // The pointer on step 1's editor is enough to start Python.
  await step(page, 1).locator('[data-editor]').hover();
  // Once Python has started, the page says it is kept for offline use.
  await expect(page.locator('[data-offline-python]').getByRole('status')).toHaveText('Python is available offline on this device.', SLOW);
  const wasm = `/${PYODIDE_DIR}/${WASM_FILE}`;
  expect(await cachedPaths(page)).toEqual(expect.arrayContaining([wasm, SNAPSHOT, '/pyodide/python_stdlib.zip']));
  const python = fetched(PYTHON);
  expect(python.map(([file]) => file)).toEqual(expect.arrayContaining([wasm, SNAPSHOT]));
  // The worker answers Pyodide's own request for the wasm with the packed file.
  expect(python.map(([file]) => file)).not.toContain('/pyodide/pyodide.asm.wasm');
  // Shared by the runner and the offline cache: nothing was downloaded twice.
  expect(python.filter(([, times]) => times > 1)).toEqual([]);
  // The rest of the site shell waited for Python's download, and was kept with Python.
  const course = '/lessons/segmentation-and-personalization/';
  expect(order.indexOf(course)).toBeGreaterThan(order.indexOf(SNAPSHOT));
  expect(await cachedPaths(page)).toContain(course);

  await context.setOffline(true);
  await page.reload();
  await typeCode(page, step(page, 2), PYTHON_STEP_2);
  await step(page, 2).getByRole('button', { name: 'Check', exact: true }).click();
  await expect(step(page, 2).getByRole('status')).toHaveText('Correct! Step 2 is done.', SLOW);
  await context.setOffline(false);
});

test('Python started before the code that runs it still tells a Run made during its download what it is doing', async ({ page }) => {
  // The page starts Python as the student heads for the editor; the runner's code comes later
  // (held back here), and the snapshot later still, so the Run waits on the download.
  delays = [
    [/^\/_astro\/practice\./, 1500],
    [new RegExp(`^${SNAPSHOT}$`), 6000],
  ];
  await page.goto(origin + MINI_PROJECT_URL);
  await step(page, 1).locator('[data-editor]').hover();
  await step(page, 1).getByRole('button', { name: 'Run', exact: true }).click();
  await expect(step(page, 1).locator('[data-verdict][data-kind="loading"]')).toHaveText(/^Downloading and starting Python/, SLOW);
  await expect(step(page, 1).getByRole('region', { name: 'Step 1 output' })).toHaveText('Ran without errors. (Nothing was printed.)', SLOW);
});

test('"Make Python available offline" says what it costs, stores every Python file once, and says so on the next visit, offline', async ({ page, context }) => {
  await page.goto(origin + MINI_PROJECT_URL);
  const button = page.getByRole('button', { name: /^Make Python available offline \(\d+\.\d MB\)$/ });
  await button.click();
  const status = page.locator('[data-offline-python]').getByRole('status');
  await expect(status).toHaveText('Python is available offline on this device.', SLOW);
  await expect(button).toBeHidden();
  expect(fetched(PYTHON).filter(([, times]) => times > 1)).toEqual([]);

  await context.setOffline(true);
  await page.reload();
  await expect(page.locator('[data-offline-python]').getByRole('status')).toHaveText('Python is available offline on this device.', SLOW);
  await context.setOffline(false);
});
