// Screenshots of the home and film pages, at a phone width (390 px) and a desktop width
// (1440 px), in the light and the dark scheme: node screenshots.mjs BASE_URL OUT_DIR [PATH...]
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { playwrightOptions, requireLocal } from './chrome.mjs';

const [base, outDir, ...extra] = process.argv.slice(2);
if (!base || !outDir) {
  console.error('usage: node screenshots.mjs BASE_URL OUT_DIR [PATH...]');
  process.exit(2);
}
requireLocal(base);
mkdirSync(outDir, { recursive: true });
const paths = extra.length ? extra : ['/', '/films/lost-in-starlight/', '/ko/', '/ko/films/lost-in-starlight/'];
const widths = { mobile: { width: 390, height: 844 }, desktop: { width: 1440, height: 900 } };

const browser = await chromium.launch(playwrightOptions());
try {
  for (const scheme of ['light', 'dark']) {
    for (const [label, viewport] of Object.entries(widths)) {
      const context = await browser.newContext({
        viewport, colorScheme: scheme, deviceScaleFactor: 1, isMobile: label === 'mobile', hasTouch: label === 'mobile',
      });
      const page = await context.newPage();
      for (const pagePath of paths) {
        await page.goto(new URL(pagePath, base).href, { waitUntil: 'load' });
        const name = (pagePath.replace(/^\/|\/$/g, '').replace(/[^a-z0-9]+/gi, '-') || 'home');
        const file = path.join(outDir, `${name}-${label}-${scheme}.png`);
        await page.screenshot({ path: file, fullPage: true });
        console.log(file);
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
}
