// Shared plumbing for the benchmarks: a built site served locally and a browser to load it in.
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { chromium } from '@playwright/test';
import { ensureChromium } from '../scripts/chromium.mjs';

export const PORT = Number(process.env.STEPWISE_BENCH_PORT ?? 4390);
export const BASE_URL = `http://127.0.0.1:${PORT}`;

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
export const round = (value, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Serves a built checkout (this one unless `cwd` says another); returns what stops it. */
export async function startPreview({ cwd = process.cwd(), port = PORT } = {}) {
  const server = spawn('npx', ['astro', 'preview', '--force', '--host', '127.0.0.1', '--port', String(port)], { cwd, stdio: 'ignore', detached: true });
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}`)).ok) return () => process.kill(-server.pid);
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the preview server did not start');
}

export async function launchBrowser() {
  const found = await ensureChromium();
  if (found.problem) throw new Error(found.problem);
  return chromium.launch({
    executablePath: found.path,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

export async function writeResult(name, result) {
  await mkdir('bench/results', { recursive: true });
  const record = { benchmark: name, measuredAt: new Date().toISOString(), node: process.version, cpus: (await import('node:os')).cpus().length, ...result };
  await writeFile(`bench/results/${name}.json`, `${JSON.stringify(record, null, 2)}\n`);
  console.log(`\n${name}:`, JSON.stringify(result, null, 2));
}

/** Click on a step's button until its verdict or output changes, timed inside the page. */
export const timeClick = (page, stepIndex, action, until) =>
  page.evaluate(
    async ({ stepIndex, action, until }) => {
      const section = document.querySelectorAll('section[data-step]')[stepIndex];
      // A step ignores clicks while it is busy, and it stays busy a moment after showing its
      // verdict (the requirement checklist): a click then would wait forever for a verdict.
      while (section.hasAttribute('aria-busy')) await new Promise((resolve) => setTimeout(resolve, 5));
      const target = section.querySelector(until === 'verdict' ? '[data-verdict]' : '[data-output]');
      target.textContent = '';
      const done = new Promise((resolve) => {
        const observer = new MutationObserver(() => {
          const text = target.textContent ?? '';
          if (until === 'verdict' ? /^(Correct|Not yet)/.test(text) : /more than 2 seconds/.test(text)) {
            observer.disconnect();
            resolve(performance.now());
          }
        });
        observer.observe(target, { childList: true, subtree: true, characterData: true });
      });
      const started = performance.now();
      section.querySelector(`[data-action="${action}"]`).click();
      return (await done) - started;
    },
    { stepIndex, action, until },
  );

