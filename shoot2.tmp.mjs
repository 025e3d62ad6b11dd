import { chromium } from '@playwright/test';
const [name, selector, width, scheme, out] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const context = await browser.newContext({ viewport: { width: Number(width), height: 900 }, colorScheme: scheme });
const page = await context.newPage();
await page.goto(`http://127.0.0.1:4421/lessons/segmentation-and-personalization/${name}/`);
if (name === 'step-by-step') for (let i = 0; i < 6; i++) await page.locator('[data-process-stepper]').getByRole('button', { name: 'Next' }).click();
await page.locator(selector).first().screenshot({ path: out });
await browser.close();
