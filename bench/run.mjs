// `npm run bench`: builds the site, serves it, and measures what the issues set targets for.
// Results go to bench/results/<name>.json.
import { spawnSync } from 'node:child_process';
import { launchBrowser, BASE_URL, round, startPreview, writeResult } from './lib.mjs';
import os from 'node:os';
import { benchMiniProject } from './mini-project.mjs';
import { benchGrading } from './grading.mjs';
import { benchCheckerCorpus } from './checker-corpus.mjs';
import { benchPython } from './python.mjs';
import { nodeWorkerFactory } from '../src/cli/node-runners.ts';

const started = performance.now();
const build = spawnSync('npx', ['astro', 'build'], { stdio: 'ignore' });
if (build.status !== 0) throw new Error('astro build failed; run `npx astro build` to see why');
await writeResult('build', { siteBuildSeconds: round((performance.now() - started) / 1000, 2), loadAverageBefore: os.loadavg().map((l) => round(l, 2)) });

await writeResult('checker-corpus', await benchCheckerCorpus());
await writeResult('instructor-tools', await benchGrading({ pythonAvailable: Boolean(nodeWorkerFactory('python')) }));

const stopPreview = await startPreview();
const browser = await launchBrowser();
try {
  await writeResult('mini-project-javascript', await benchMiniProject(browser, BASE_URL));
  await writeResult('python', await benchPython(browser, BASE_URL));
} finally {
  await browser.close();
  stopPreview();
}
