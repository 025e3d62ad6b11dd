import { defineConfig, devices } from '@playwright/test';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/**
 * The Chromium `npm test` found or installed (scripts/chromium.mjs), else a system one; when there is
 * none, Playwright's own browser, if someone installed it.
 */
const systemChromium = [process.env.STEPWISE_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => path && existsSync(path));
const PORT = Number(process.env.STEPWISE_TEST_PORT ?? 4329);

export default defineConfig({
  testDir: 'test/browser',
  outputDir: 'test-results/browser',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  // One browser per two cores. Each test's Chromium runs a page, Python's worker and the offline
  // cache's worker at once; two of them on CI's two cores took a test's editor 11 s to start, and a
  // first Trace right after Python's boot went over its 2 s budget ("Step 1 did not finish"). A
  // student's machine runs one.
  workers: Math.max(1, Math.floor(availableParallelism() / 2)),
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/browser.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    screenshot: 'on',
    // Tests paste longer code with Ctrl+V, as students do.
    permissions: ['clipboard-read', 'clipboard-write'],
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          ...(systemChromium ? { executablePath: systemChromium } : {}),
          args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
        },
      },
    },
  ],
  webServer: {
    command: `npx astro preview --force --host 127.0.0.1 --port ${PORT}`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
