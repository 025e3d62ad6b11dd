// `npm run bench [-- name …]`: builds the site, serves it, and measures what the issues set targets
// for; with names, only those benchmarks. Results go to bench/results/<name>.json.
import { spawnSync } from 'node:child_process';
import { launchBrowser, BASE_URL, round, startPreview, writeResult } from './lib.mjs';
import os from 'node:os';
import { benchMiniProject } from './mini-project.mjs';
import { benchGrading } from './grading.mjs';
import { benchCheckerCorpus } from './checker-corpus.mjs';
import { benchPython } from './python.mjs';
import { benchThrottled } from './throttled.mjs';
import { benchTrace } from './trace.mjs';

const only = process.argv.slice(2);
const wanted = (name) => only.length === 0 || only.includes(name);

const started = performance.now();
const build = spawnSync('npx', ['astro', 'build'], { stdio: 'ignore' });
if (build.status !== 0) throw new Error('astro build failed; run `npx astro build` to see why');
await writeResult('build', { siteBuildSeconds: round((performance.now() - started) / 1000, 2), loadAverageBefore: os.loadavg().map((l) => round(l, 2)) });

if (wanted('checker-corpus')) await writeResult('checker-corpus', await benchCheckerCorpus());
if (wanted('instructor-tools')) await writeResult('instructor-tools', await benchGrading());

const browserBenches = [
  ['mini-project-javascript', benchMiniProject],
  ['python', benchPython],
  ['first-visit-throttled', benchThrottled],
  ['trace', benchTrace],
].filter(([name]) => wanted(name));
if (browserBenches.length > 0) {
  const stopPreview = await startPreview();
  const browser = await launchBrowser();
  try {
    for (const [name, bench] of browserBenches) await writeResult(name, await bench(browser, BASE_URL));
  } finally {
    await browser.close();
    stopPreview();
  }
}
