// A built report site served locally and opened in the system's Chromium (playwright-core, no
// download): `open(path)` gives the page and the console errors it raised.
import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { serveStatic } from './serve-static.ts';

export const CHROMIUM = '/usr/bin/chromium';

export interface SiteBrowser {
  open(path: string): Promise<{ page: Page; errors: string[] }>;
  close(): Promise<void>;
}

export async function siteInBrowser(siteDir: string): Promise<SiteBrowser> {
  const server: Server = await serveStatic(siteDir);
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const { chromium } = await import('playwright-core');
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'],
  });
  return {
    async open(path) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors: string[] = [];
      page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(base + path, { waitUntil: 'load' });
      return { page, errors };
    },
    async close() {
      await browser.close();
      await new Promise((r) => server.close(r));
    },
  };
}
