// `npm test`: builds the site (which validates every content file), then runs the unit tests
// and the browser tests, and prints one honest total computed from the runners' own reports.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { ensureChromium } from './chromium.mjs';
import { ensureJupyter } from './jupyter.mjs';

const results = 'test-results';
mkdirSync(results, { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
let failedSteps = [];

function step(name, command, args) {
  console.log(`\n▶ ${name}: ${command} ${args.join(' ')}`);
  const { status } = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  if (status !== 0) failedSteps.push(name);
  return status === 0;
}

const built = step('build', 'npx', ['astro', 'build']);
if (!built) totals.failed += 1;

// The notebook tests skip, and say so, where Jupyter cannot be had.
if (!ensureJupyter()) console.log('Jupyter is not installed and cannot be installed here: the notebook execution tests will be skipped.');
rmSync(`${results}/unit.json`, { force: true });
step('unit tests', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${results}/unit.json`]);
if (existsSync(`${results}/unit.json`)) {
  const unit = JSON.parse(readFileSync(`${results}/unit.json`, 'utf8'));
  totals.passed += unit.numPassedTests;
  totals.failed += unit.numFailedTests + (unit.numFailedTestSuites > 0 && unit.numFailedTests === 0 ? unit.numFailedTestSuites : 0);
  totals.skipped += unit.numPendingTests + unit.numTodoTests;
} else {
  totals.failed += 1;
}

// A fresh machine may have no browser: get one, or say in one line how to provide it rather
// than failing every browser test.
const browser = built ? await ensureChromium() : undefined;
if (browser?.problem) {
  console.log(`\n${browser.problem}`);
  failedSteps.push('browser tests (no browser)');
  totals.failed += 1;
}
if (built && browser?.path) {
  process.env.STEPWISE_CHROMIUM = browser.path;
  rmSync(`${results}/browser.json`, { force: true });
  step('browser tests', 'npx', ['playwright', 'test']);
  if (existsSync(`${results}/browser.json`)) {
    const { stats } = JSON.parse(readFileSync(`${results}/browser.json`, 'utf8'));
    totals.passed += stats.expected;
    totals.failed += stats.unexpected + stats.flaky;
    totals.skipped += stats.skipped;
  } else {
    totals.failed += 1;
  }
}

if (failedSteps.length > 0) console.log(`\nFailed: ${failedSteps.join(', ')}`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(totals.failed > 0 || failedSteps.length > 0 ? 1 : 0);
