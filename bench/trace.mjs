// The Trace (issue 13): click → first view for the reference step 3 with Python already
// loaded, the time one move of the view takes, and proof that a lesson page loads none of the
// trace's code until the first click.
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { median, round, timeClick } from './lib.mjs';

const URL_PATH = '/lessons/segmentation-and-personalization/mini-project/';

async function showAllSolutions(page) {
  for (let i = 0; i < 4; i++) {
    page.once('dialog', (dialog) => dialog.accept());
    await page.locator('section[data-step]').nth(i).getByRole('button', { name: 'Solution' }).click();
  }
}

/** Click on step 3's Trace until its view shows the first executed line, timed inside the page. */
const timeTrace = (page) =>
  page.evaluate(async () => {
    const section = document.querySelectorAll('section[data-step]')[2];
    section.querySelector('[data-trace]')?.remove();
    const shown = new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        if (/Executed line 1 of \d+/.test(section.querySelector('[data-trace] .trace-position')?.textContent ?? '')) {
          observer.disconnect();
          resolve(performance.now());
        }
      });
      observer.observe(section, { childList: true, subtree: true, characterData: true });
    });
    const started = performance.now();
    section.querySelector('[data-action="trace"]').click();
    return (await shown) - started;
  });

/** Each move through the whole trace with Next: the click's handler plus the layout it causes. */
const timeMoves = (page) =>
  page.evaluate(() => {
    const trace = document.querySelectorAll('section[data-step]')[2].querySelector('[data-trace]');
    const next = [...trace.querySelectorAll('button')].find((button) => button.textContent.includes('Next'));
    const moves = [];
    while (next.getAttribute('aria-disabled') !== 'true') {
      const started = performance.now();
      next.click();
      trace.getBoundingClientRect();
      document.body.offsetHeight;
      moves.push(performance.now() - started);
    }
    return moves;
  });

export async function benchTrace(browser, baseURL) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('crash', () => console.error('trace bench: the page crashed'));
  await page.goto(baseURL + URL_PATH);
  await page.waitForLoadState('networkidle');
  const scripts = () => page.evaluate(() => performance.getEntriesByType('resource').map((entry) => entry.name).filter((name) => name.endsWith('.js')));
  const upFront = await scripts();
  await showAllSolutions(page);
  // Python loaded and warm: a first Check boots it.
  await timeClick(page, 0, 'check', 'verdict');
  await timeClick(page, 2, 'check', 'verdict');
  const first = await timeTrace(page);
  const afterTrace = await scripts();
  const clicks = [];
  for (let i = 0; i < 20; i++) clicks.push(await timeTrace(page));
  const moves = [];
  for (let i = 0; i < 5; i++) {
    await timeTrace(page);
    moves.push(...(await timeMoves(page)));
  }
  const lines = await page.evaluate(() => /of (\d+)/.exec(document.querySelectorAll('section[data-step]')[2].querySelector('.trace-position').textContent)[1]);
  await context.close();
  const chunk = readdirSync('dist/_astro').find((name) => /^trace-view\..*\.js$/.test(name));
  const sorted = [...moves].sort((a, b) => a - b);
  return {
    referenceStep3ExecutedLines: Number(lines),
    firstTraceClickToViewMs: round(first),
    traceClickToViewMs: { median: round(median(clicks)), max: round(Math.max(...clicks)), samples: clicks.length, targetMs: 150 },
    moveMs: { median: round(median(moves), 2), p90: round(sorted[Math.floor(sorted.length * 0.9)], 2), max: round(Math.max(...moves), 2), samples: moves.length, targetMs: 16 },
    upFrontScriptsIncludeTrace: upFront.some((name) => name.includes('trace-view')),
    traceLoadedOnFirstUse: afterTrace.some((name) => name.includes('trace-view')),
    traceChunkGzipBytes: chunk ? gzipSync(readFileSync(`dist/_astro/${chunk}`)).length : null,
  };
}
