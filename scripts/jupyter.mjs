// Jupyter for the notebook tests: they validate exported notebooks with nbformat and run them
// with nbconvert, as a student's Jupyter would. Debian's packages, installed when we may.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { aptInstall, canUseApt } from './apt.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGES = ['python3-nbformat', 'jupyter-nbconvert', 'python3-ipykernel'];
/** Debian's Python, which the packages above serve; a `python3` earlier on PATH may lack them. */
export const JUPYTER_PYTHON = '/usr/bin/python3';

export function hasJupyter() {
  const probe = 'import nbformat, nbconvert, ipykernel';
  return spawnSync(JUPYTER_PYTHON, ['-c', probe], { stdio: 'ignore' }).status === 0;
}

/** True when the notebook tests can run, installing Debian's packages first if need be. */
export function ensureJupyter(say = console.log) {
  if (hasJupyter()) return true;
  if (!canUseApt()) return false;
  say('Jupyter not found: installing Debian\'s nbformat, nbconvert and ipykernel (once)…');
  aptInstall(PACKAGES, path.join(root, 'test-results', 'jupyter-install.log'));
  return hasJupyter();
}
