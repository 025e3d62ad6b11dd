// The Python track: Pyodide in Node (CLI), the download a browser makes, and Chromium timings
// through the lesson page as a student uses it.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadPyodide } from 'pyodide';
import { checkStep } from '../src/lib/checker/check-step.ts';
import { loadExercise } from '../src/lib/exercise/load.ts';
import { preparePython, runPython } from '../src/lib/runner/python.ts';
import { PYODIDE_DIR, SNAPSHOT_FILE, STDLIB_REST_FILE } from '../src/lib/runner/python-assets.ts';
import { median, round, timeClick } from './lib.mjs';

const URL_PATH = '/lessons/segmentation-and-personalization/mini-project/';
const SOLUTION = 'exercises/segmentation-mini-project/solution.py';

async function measureNode() {
  const boots = [];
  let pyodide;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    pyodide = await loadPyodide({ stdout: () => {}, stderr: () => {} });
    boots.push(performance.now() - started);
  }
  const session = preparePython(pyodide, readFileSync('src/lib/runner/python_harness.py', 'utf8'));
  const exercise = await loadExercise(path.resolve('exercises/segmentation-mini-project'));
  const steps = exercise.steps.map((step) => ({ id: step.id, code: step.code.python.solution, capture: step.defines.map((d) => d.name) }));
  const checks = [];
  for (let i = 0; i < 100; i++) {
    const started = performance.now();
    const results = [];
    runPython(session, steps, { started() {}, finished: (at, result) => (results[at] = result) });
    const reports = exercise.steps.map((step, at) => checkStep({ step, number: at + 1, run: results[at], language: 'python' }));
    checks.push(performance.now() - started);
    if (reports.some((report) => report.status !== 'pass')) throw new Error('the Python reference solution failed');
  }
  const cli = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    const { status } = spawnSync(process.execPath, ['bin/stepwise.mjs', 'check', 'segmentation-mini-project', SOLUTION], { stdio: 'ignore' });
    if (status !== 0) throw new Error('stepwise check failed on the Python reference solution');
    cli.push(performance.now() - started);
  }
  return {
    pyodideBootMs: round(median(boots)),
    warmRunAndCheckFourStepsMs: round(median(checks), 2),
    cliCheckOnePyFileMs: { median: round(median(cli)), samples: cli.map((t) => round(t)) },
  };
}

/** Every file a browser fetches to run Python, compressed as a server would send it. */
function measureDownload() {
  const files = readdirSync('dist/_astro').filter((name) => /^python\.worker-.*\.js$/.test(name)).map((name) => `dist/_astro/${name}`);
  // Not the standard library's second zip, fetched only when an import needs it.
  // Nor Pyodide's own wasm, under its folder, fetched only when the snapshot cannot be used.
  for (const entry of readdirSync('dist/pyodide', { withFileTypes: true })) if (entry.isFile() && entry.name !== STDLIB_REST_FILE) files.push(`dist/pyodide/${entry.name}`);
  const sizes = files.map((file) => {
    const bytes = readFileSync(file);
    // The snapshot is stored compressed (zstd) and sent as it is.
    return { file, bytes: bytes.length, gzipBytes: file.endsWith('.bin') ? bytes.length : gzipSync(bytes).length };
  });
  return { files: sizes, totalBytes: sizes.reduce((s, f) => s + f.bytes, 0), totalGzipBytes: sizes.reduce((s, f) => s + f.gzipBytes, 0) };
}

async function showAllSolutions(page) {
  for (let i = 0; i < 4; i++) {
    page.once('dialog', (dialog) => dialog.accept());
    await page.locator('section[data-step]').nth(i).getByRole('button', { name: 'Solution' }).click();
  }
}

async function measureBrowser(browser, baseURL) {
  const cold = [];
  const focusThenCheck = [];
  const secondVisit = [];
  let warm = [];
  for (let repeat = 0; repeat < 3; repeat++) {
    // First visit: the student presses Check with no warm-up (boot + run + check).
    const context = await browser.newContext();
    let page = await context.newPage();
    await page.goto(baseURL + URL_PATH);
    await showAllSolutions(page);
    cold.push(await timeClick(page, 0, 'check', 'verdict'));
    // The service worker has stored every Pyodide file, so the next visit downloads nothing.
    await page.waitForFunction(async (snapshot) => Boolean(await caches.match(snapshot)), `/${PYODIDE_DIR}/${SNAPSHOT_FILE}`, { timeout: 60_000 });
    if (repeat === 0) {
      for (let i = 0; i < 30; i++) warm.push(await timeClick(page, 3, 'check', 'verdict'));
    }
    await page.close();
    // Second visit: same browser profile, every file from the service worker's cache.
    page = await context.newPage();
    await page.goto(baseURL + URL_PATH);
    await showAllSolutions(page);
    secondVisit.push(await timeClick(page, 0, 'check', 'verdict'));
    await context.close();
    // First visit again, as students work: focus the code (starts Python), Check 1 s later.
    const fresh = await browser.newContext();
    page = await fresh.newPage();
    await page.goto(baseURL + URL_PATH);
    await showAllSolutions(page);
    const focusedAt = await page.evaluate(() => {
      document.querySelector('section[data-step] textarea').focus();
      return performance.now();
    });
    await page.waitForTimeout(1000);
    const checkMs = await timeClick(page, 0, 'check', 'verdict');
    const endedAt = await page.evaluate(() => performance.now());
    focusThenCheck.push({ fromFocus: endedAt - focusedAt, fromClick: checkMs });
    await fresh.close();
  }
  return {
    firstCheckColdMs: { median: round(median(cold)), samples: cold.map((t) => round(t)) },
    checkOneSecondAfterFocusMs: {
      fromClickMedian: round(median(focusThenCheck.map((m) => m.fromClick))),
      fromFocusMedian: round(median(focusThenCheck.map((m) => m.fromFocus))),
    },
    secondVisitFirstCheckMs: { median: round(median(secondVisit)), samples: secondVisit.map((t) => round(t)) },
    warmCheckAllFourStepsMs: { median: round(median(warm), 2), p90: round([...warm].sort((a, b) => a - b)[26], 2) },
  };
}

export async function benchPython(browser, baseURL) {
  if (!existsSync('dist/pyodide')) throw new Error('build the site first');
  return { node: await measureNode(), download: measureDownload(), browser: await measureBrowser(browser, baseURL) };
}
