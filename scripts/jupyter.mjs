// Jupyter for the notebook tests: they validate exported notebooks with nbformat and run them
// with nbconvert, as a student's Jupyter would. Debian's packages, installed when we may; with
// them pyflakes, which lints the runner's Python harness (python-harness.test.ts).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { aptInstall, canUseApt } from './apt.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGES = ['python3-nbformat', 'jupyter-nbconvert', 'python3-ipykernel', 'python3-pyflakes'];
/** Debian's Python, which the packages above serve; a `python3` earlier on PATH may lack them. */
export const JUPYTER_PYTHON = '/usr/bin/python3';

const imports = (modules) => spawnSync(JUPYTER_PYTHON, ['-c', `import ${modules}`], { stdio: 'ignore' }).status === 0;

export const hasJupyter = () => imports('nbformat, nbconvert, ipykernel');

/** True when the notebook tests can run, installing Debian's packages first if need be. */
export function ensureJupyter(say = console.log) {
  if (imports('nbformat, nbconvert, ipykernel, pyflakes')) return true;
  if (!canUseApt()) return false;
  say('Jupyter or pyflakes not found: installing Debian\'s nbformat, nbconvert, ipykernel and pyflakes (once)…');
  aptInstall(PACKAGES, path.join(root, 'test-results', 'jupyter-install.log'));
  return hasJupyter();
}
