/**
 * Debian's Chromium driven by playwright-core, headless, each page in a fresh context (no
 * storage shared between pages), with every request that leaves loopback aborted and remembered
 * (`offLoopback`), so a test can show that a page needs nothing from the internet.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumInstalled = existsSync(CHROMIUM);

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

export function isLoopbackUrl(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (protocol === 'data:' || protocol === 'blob:' || protocol === 'about:') return true;
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]' || hostname.startsWith('127.');
}

export interface TestBrowser {
  browser: Browser;
  /** A new page in a new context, whose console errors are collected. */
  newPage(): Promise<Page>;
  /** Every URL off loopback that a page tried to reach (requests and WebSockets, all refused). */
  offLoopback: string[];
  /** Messages pages logged at error level (CSP violations among them). */
  consoleErrors: string[];
  close(): Promise<void>;
}

export async function launchChromium(): Promise<TestBrowser> {
  // playwright gives the browser a fresh temporary profile and removes it on close.
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  const offLoopback: string[] = [];
  const consoleErrors: string[] = [];
  return {
    browser,
    offLoopback,
    consoleErrors,
    async newPage() {
      const context = await browser.newContext();
      await context.route('**/*', (route) => {
        const url = route.request().url();
        // A page closed meanwhile rejects these; nothing is left to route then.
        if (isLoopbackUrl(url)) return route.continue().catch(() => {});
        offLoopback.push(url);
        return route.abort('blockedbyclient').catch(() => {});
      });
      await context.routeWebSocket(
        (url) => !isLoopbackUrl(url.href),
        (socket) => {
          offLoopback.push(socket.url());
          return socket.close();
        },
      );
      const page = await context.newPage();
      page.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(message.text());
      });
      page.once('close', () => void context.close().catch(() => {}));
      return page;
    },
    close: () => browser.close(),
  };
}
