// `npx node bench/python.mjs` (after `npx astro build` for the browser part): measures the
// Python track and writes bench/results/python.json.
//  - Node: Pyodide boot, harness preparation, warm run (and run + check) of the four steps.
//  - Download: gzip and brotli bytes of every file a browser fetches to run Python.
//  - Browser (Chromium + `astro preview`): first Run cold, first Run after a warm-up, second
//    visit, and warm runs of four steps, each timed inside the page from call to results.
// Timings on a shared 2-core machine vary a lot; the file records the load average with them.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { loadPyodide } from 'pyodide';
import { checkStep } from '../src/lib/checker/check-step.ts';
import { loadExercise } from '../src/lib/exercise/load.ts';
import { preparePython, runPython } from '../src/lib/runner/python.ts';

const BOOTS = 3;
const WARM_RUNS = 100;
const BROWSER_REPEATS = 3;
const PORT = Number(process.env.STEPWISE_TEST_PORT ?? 4531);
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const round = (value) => Math.round(value * 100) / 100;

async function measureNode() {
  const boots = [];
  let pyodide;
  for (let index = 0; index < BOOTS; index++) {
    const started = performance.now();
    pyodide = await loadPyodide({ stdout: () => {}, stderr: () => {} });
    boots.push(performance.now() - started);
  }
  let started = performance.now();
  const session = preparePython(pyodide);
  const prepareMs = performance.now() - started;

  const exercise = await loadExercise(path.resolve('exercises/segmentation-mini-project'));
  const steps = exercise.steps.map((step) => ({ id: step.id, code: step.code.python.solution, capture: step.defines.map((d) => d.name) }));
  const runs = [];
  const checks = [];
  for (let index = 0; index < WARM_RUNS; index++) {
    started = performance.now();
    const results = [];
    runPython(session, steps, { started() {}, finished: (at, result) => (results[at] = result) });
    runs.push(performance.now() - started);
    const reports = exercise.steps.map((step, at) => checkStep({ step, number: at + 1, run: results[at], language: 'python' }));
    checks.push(performance.now() - started);
    if (reports.some((report) => report.status !== 'pass')) throw new Error(`reference solution failed: ${JSON.stringify(reports)}`);
  }
  return {
    bootMs: { median: round(median(boots)), all: boots.map(round) },
    prepareHarnessMs: round(prepareMs),
    warmRunFourStepsMs: { median: round(median(runs)), min: round(Math.min(...runs)), max: round(Math.max(...runs)) },
    warmRunAndCheckFourStepsMs: { median: round(median(checks)) },
    rssMb: Math.round(process.memoryUsage().rss / 1e6),
  };
}

function measureDownload() {
  const dist = path.resolve('dist');
  const files = [];
  if (existsSync(path.join(dist, '_astro'))) {
    for (const name of readdirSync(path.join(dist, '_astro'))) if (/^python\.worker-.*\.js$/.test(name)) files.push(path.join(dist, '_astro', name));
  }
  const pyodideDir = existsSync(path.join(dist, 'pyodide')) ? path.join(dist, 'pyodide') : path.resolve('node_modules/pyodide');
  for (const name of ['pyodide.mjs', 'pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip', 'pyodide-lock.json']) files.push(path.join(pyodideDir, name));
  const rows = files.map((file) => {
    const bytes = readFileSync(file);
    return { file: path.relative(process.cwd(), file), bytes: bytes.length, gzip: gzipSync(bytes, { level: 6 }).length, brotli: brotliCompressSync(bytes).length };
  });
  const total = (key) => rows.reduce((sum, row) => sum + row[key], 0);
  return { files: rows, totalBytes: total('bytes'), totalGzip: total('gzip'), totalBrotli: total('brotli') };
}

async function measureBrowser() {
  const chromiumPath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((file) => existsSync(file));
  if (!chromiumPath || !existsSync('dist/dev/runners/index.html')) return { skipped: 'needs Chromium and a build (npx astro build)' };
  const { chromium } = await import('@playwright/test');
  const server = spawn('npx', ['astro', 'preview', '--host', '127.0.0.1', '--port', String(PORT)], { stdio: 'ignore', detached: true });
  const base = `http://127.0.0.1:${PORT}`;
  try {
    for (let tries = 0; ; tries++) {
      if (await fetch(base).then((response) => response.ok, () => false)) break;
      if (tries > 100) throw new Error('astro preview did not start');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    const FOUR = readFileSync('exercises/segmentation-mini-project/solution.py', 'utf8');
    const run = (page) => page.evaluate((source) => globalThis.stepwiseDiagnostics.run('python', source, ['groups']).then((outcome) => ({ ms: outcome.ms, ok: outcome.steps.every((step) => step.status === 'ok') })), FOUR);
    const cold = [];
    const afterWarmUp = [];
    const secondVisit = [];
    const snapshotStored = [];
    let warm = [];
    for (let repeat = 0; repeat < BROWSER_REPEATS; repeat++) {
      // First visit, Run pressed as soon as the page is there: boot + run.
      let context = await browser.newContext();
      let page = await context.newPage();
      await page.goto(`${base}/dev/runners/`);
      const first = await run(page);
      cold.push(first.ms);
      // Second visit: same browser profile (HTTP cache, service worker cache and the interpreter
      // snapshot the first boot stores, about 1 s after it), new page.
      await page.evaluate(() => navigator.serviceWorker.ready);
      const waitedFrom = performance.now();
      while (!(await page.evaluate(async () => (await (await caches.open('python-snapshots')).keys()).length > 0))) {
        if (performance.now() - waitedFrom > 20_000) throw new Error('no Python snapshot was stored');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      snapshotStored.push(performance.now() - waitedFrom);
      await page.close();
      page = await context.newPage();
      await page.goto(`${base}/dev/runners/`);
      secondVisit.push((await run(page)).ms);
      if (repeat === 0) {
        for (let index = 0; index < 30; index++) warm.push((await run(page)).ms);
      }
      await context.close();
      // First visit again, with the warm-up the UI sends on the first editor focus: from that
      // focus to the result of a Run pressed 1 s later.
      context = await browser.newContext();
      page = await context.newPage();
      await page.goto(`${base}/dev/runners/`);
      afterWarmUp.push(
        await page.evaluate(async (source) => {
          const diagnostics = globalThis.stepwiseDiagnostics;
          const focused = performance.now();
          diagnostics.warmUp('python');
          await new Promise((resolve) => setTimeout(resolve, 1000));
          await diagnostics.run('python', source, []);
          return performance.now() - focused;
        }, FOUR),
      );
      await context.close();
    }
    await browser.close();
    return {
      firstRunColdMs: { median: round(median(cold)), all: cold.map(round) },
      focusToResultWithWarmUpMs: { median: round(median(afterWarmUp)), all: afterWarmUp.map(round), note: 'warm-up on focus, Run clicked 1 s later' },
      secondVisitFirstRunMs: { median: round(median(secondVisit)), all: secondVisit.map(round), note: 'boots from the snapshot' },
      snapshotStoredAfterFirstRunMs: { median: round(median(snapshotStored)), all: snapshotStored.map(round) },
      warmRunFourStepsMs: { median: round(median(warm)), min: round(Math.min(...warm)), max: round(Math.max(...warm)) },
    };
  } finally {
    process.kill(-server.pid);
  }
}

const result = {
  measuredAt: new Date().toISOString(),
  machine: { cpus: os.cpus().length, loadAverage: os.loadavg().map(round), node: process.version },
  node: await measureNode(),
  download: measureDownload(),
  browser: await measureBrowser(),
};
result.machine.loadAverageAfter = os.loadavg().map(round);
await mkdir('bench/results', { recursive: true });
await writeFile('bench/results/python.json', `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));
process.exit(0);
