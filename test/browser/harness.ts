/**
 * The console under a real browser: the real service (real config, libSQL file, migrations, lists) listening on
 * a real port, and Debian's chromium driven by playwright-core. No browser is downloaded: without
 * /usr/bin/chromium the suite is skipped with a message, and on CI (CI=true, which installs it) it fails.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type KycWorld, startKycWorld } from '../helpers/kyc-world.ts';
import type { TestRuntime } from '../helpers/runtime.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = fs.existsSync(CHROMIUM);
const ROOT = path.resolve(import.meta.dirname, '../..');
export const SCREENSHOTS = path.join(ROOT, 'test-output', 'console');
const AXE = path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');

/** describe() that needs chromium: skipped with a reason without it, failed on CI. */
export function describeBrowser(name: string, fn: () => void): void {
  if (hasChromium) {
    describe(name, fn);
    return;
  }
  const reason = `chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`;
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs chromium', () => {
        throw new Error(`${reason}: required on CI`);
      });
    });
    return;
  }
  process.stderr.write(`[browser tests skipped] ${reason}\n`);
  describe.skip(name, fn);
}

export interface ConsoleWorld {
  rt: TestRuntime;
  kyc: KycWorld;
  base: string;
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

export async function startConsoleWorld(env: Record<string, string>): Promise<ConsoleWorld> {
  // The KYC world listens on a real port before the runtime starts (the sandbox provider's webhook comes back
  // over HTTP), with the sandbox provider standing in for real ones.
  const kyc = await startKycWorld(env, { withProviders: false });
  const rt = kyc.rt;
  const base = kyc.baseUrl;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    rt,
    kyc,
    base,
    browser,
    page,
    async close() {
      await browser.close();
      await kyc.close();
    },
  };
}

const axeSource = () => fs.readFileSync(AXE, 'utf8');

/**
 * axe-core over the current page; the serious and critical violations (none expected). Evaluated through the
 * DevTools protocol rather than a <script> tag, which the console's CSP (script-src 'self') rightly refuses.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource());
  const result = await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: the page's globals (axe, injected just above; the document)
    const page = globalThis as any;
    const r = await page.axe.run(page.document, { resultTypes: ['violations'] });
    return (r.violations as { id: string; impact: string; help: string; nodes: { target: string[] }[] }[]).map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
  return result
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.targets.slice(0, 3).join(', ')}`);
}

/** A screenshot for reviewers, and the accessibility check, of the page as it stands. */
export async function checkPage(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
  expect(await axeViolations(page), `axe on ${name}`).toEqual([]);
}

/** Pixels of the canvas that are not fully transparent. */
export function drawnPixels(page: Page, selector: string): Promise<number> {
  return page.$eval(selector, (el) => {
    const canvas = el as unknown as {
      width: number;
      height: number;
      getContext(t: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
    };
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
    return n;
  });
}
