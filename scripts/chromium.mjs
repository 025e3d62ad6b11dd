// Finds a Chromium for the browser tests and benchmarks, and gets one when the machine has none,
// so that `npm test` works on a fresh machine with nothing installed by hand.
//
// Order: $STEPWISE_CHROMIUM; a system Chromium; a Chromium already unpacked from npm; Debian's
// package when we may install packages (root with apt-get); a Chromium shipped inside an npm
// package (@sparticuz/chromium carries the binary itself, so it needs no download site that
// this network may lack). Playwright's own `install` is not used: it downloads from a CDN.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { aptInstall, canUseApt } from './apt.mjs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SYSTEM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
/** Pinned: a newer major may need a newer Playwright. */
const NPM_CHROMIUM = '@sparticuz/chromium@153';
const LOG = path.join(root, 'test-results', 'chromium-install.log');

/** A Chromium on this machine, without installing anything; undefined when there is none. */
export async function findChromium() {
  const fromEnv = process.env.STEPWISE_CHROMIUM;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  const system = SYSTEM_PATHS.find((candidate) => existsSync(candidate));
  if (system) return system;
  return unpackNpmChromium();
}

/**
 * A Chromium, installed if need be. Returns `{ path }`, or `{ problem }`: one sentence that says
 * how to provide a browser, for when neither way of installing one worked.
 */
export async function ensureChromium(say = console.log) {
  const found = await findChromium();
  if (found) return { path: found };
  mkdirSync(path.dirname(LOG), { recursive: true });
  if (canUseApt()) {
    say('No Chromium found: installing Debian\'s package (once; log in test-results/chromium-install.log)…');
    const installed = aptInstall(['chromium'], LOG);
    const system = SYSTEM_PATHS.find((candidate) => existsSync(candidate));
    if (installed && system) return { path: system };
  }
  say(`No Chromium found: installing ${NPM_CHROMIUM}, a Chromium shipped inside an npm package (once)…`);
  const npm = spawnSync('sh', ['-c', `npm install --no-save --no-audit --no-fund ${NPM_CHROMIUM} >>"${LOG}" 2>&1`], { cwd: root });
  // Unpacked in a new process: this one already failed to resolve the package (findChromium,
  // above) and Node keeps that failure for the life of the process, even once it is installed.
  const unpacked = npm.status === 0 ? spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--find'], { encoding: 'utf8' }).stdout.trim() : '';
  if (unpacked && existsSync(unpacked)) return { path: unpacked };
  return {
    problem:
      'No browser for the browser tests: install Chromium (as root: apt-get install chromium) or set STEPWISE_CHROMIUM to a Chrome or Chromium executable, then run npm test again.',
  };
}

/** The npm-shipped Chromium unpacks itself (brotli) into the temp folder on first use. */
async function unpackNpmChromium() {
  let entry;
  try {
    entry = createRequire(path.join(root, 'package.json')).resolve('@sparticuz/chromium');
  } catch {
    return undefined;
  }
  try {
    const { default: chromium } = await import(pathToFileURL(entry).href);
    const executable = await chromium.executablePath();
    return executable && existsSync(executable) ? executable : undefined;
  } catch {
    return undefined;
  }
}

// `node scripts/chromium.mjs` prints the path (installing if need be), for scripts and people;
// with `--find`, only what this machine has, installing nothing.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = process.argv.includes('--find') ? { path: await findChromium(), problem: 'No Chromium found.' } : await ensureChromium((line) => console.error(line));
  if (result.path) console.log(result.path);
  else {
    console.error(result.problem);
    process.exit(1);
  }
}
