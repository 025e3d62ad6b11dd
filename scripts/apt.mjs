// Debian packages the tests need, installed on demand when the test command runs as root, so a
// fresh machine needs nothing installed by hand.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export function canUseApt() {
  return process.platform === 'linux' && process.getuid?.() === 0 && spawnSync('sh', ['-c', 'command -v apt-get']).status === 0;
}

/** Installs Debian packages quietly, logging to `log`; true when apt-get succeeded. */
export function aptInstall(packages, log) {
  mkdirSync(path.dirname(log), { recursive: true });
  const command = `(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${packages.join(' ')}) >>"${log}" 2>&1`;
  return spawnSync('sh', ['-c', command]).status === 0;
}
