// Shared plumbing for the benchmarks: a built site served locally and a browser to load it in.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { chromium } from '@playwright/test';

export const PORT = Number(process.env.STEPWISE_BENCH_PORT ?? 4390);
export const BASE_URL = `http://127.0.0.1:${PORT}`;

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
export const round = (value, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

export async function startPreview() {
  const server = spawn('npx', ['astro', 'preview', '--host', '127.0.0.1', '--port', String(PORT)], { stdio: 'ignore', detached: true });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(BASE_URL)).ok) return () => process.kill(-server.pid);
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the preview server did not start');
}

export function launchBrowser() {
  const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));
  return chromium.launch({
    ...(executablePath ? { executablePath } : {}),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

export async function writeResult(name, result) {
  await mkdir('bench/results', { recursive: true });
  const record = { benchmark: name, measuredAt: new Date().toISOString(), node: process.version, cpus: (await import('node:os')).cpus().length, ...result };
  await writeFile(`bench/results/${name}.json`, `${JSON.stringify(record, null, 2)}\n`);
  console.log(`\n${name}:`, JSON.stringify(result, null, 2));
}
