import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import { REPO } from '../helpers.js';

/** Debian's Chromium (apt-get install chromium); never a downloaded browser. */
export const CHROMIUM = '/usr/bin/chromium';

/** Headless and quiet: no sandbox (containers), no GPU, no background traffic that could look like the app's. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const SCREENSHOTS = join(REPO, 'test-results', 'screenshots');

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Launches Chromium with a fresh profile. Playwright takes the profile directory as the
 * persistent context's `userDataDir` (it refuses `--user-data-dir` in args); a new temp
 * directory per launch is the same thing.
 */
export async function launchBrowser(options: { colorScheme?: 'light' | 'dark' } = {}): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'logsift-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1440, height: 900 },
    colorScheme: options.colorScheme ?? 'light',
    timezoneId: 'UTC',
    locale: 'en-GB',
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Everything that went wrong in a page: console errors, uncaught exceptions, failed or error responses. */
export interface PageProblems {
  readonly list: string[];
  /** Throws when anything went wrong, listing it all. */
  assertNone(): void;
}

/**
 * Watches a page for problems. Requests the app cancels on purpose (a superseded search, a
 * closed live tail) end as `net::ERR_ABORTED`; those are the app working, not failing, and are
 * not counted. Everything else is.
 */
export function watchPage(page: Page, allow: (problem: string) => boolean = () => false): PageProblems {
  const list: string[] = [];
  const add = (p: string) => {
    if (!allow(p)) list.push(p);
  };
  page.on('console', (msg) => {
    if (msg.type() === 'error') add(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => add(`uncaught: ${err.message}`));
  page.on('requestfailed', (req) => {
    const failure = req.failure()?.errorText ?? 'unknown';
    if (failure !== 'net::ERR_ABORTED') add(`request failed: ${req.method()} ${req.url()} (${failure})`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) add(`HTTP ${res.status()}: ${res.request().method()} ${res.url()}`);
  });
  return {
    list,
    assertNone() {
      if (list.length > 0) throw new Error(`the page had problems:\n${list.join('\n')}`);
    },
  };
}

/** Saves a full-window screenshot as test-results/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  // Park the pointer in the navigation's empty corner so no tooltip or hover covers the view.
  await page.mouse.move(4, (page.viewportSize()?.height ?? 900) - 4);
  await page.waitForTimeout(250);
  await page.screenshot({ path });
  return path;
}
