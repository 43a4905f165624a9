/**
 * GraphiQL as a person meets it: real headless Chromium against a gateway on loopback with API
 * keys on, every request that leaves loopback aborted. It must load from the gateway alone,
 * open with the Hookgate operations, run a query with the key typed into the Headers tab, and
 * stream the README's subscription over WebSocket and over SSE while events are published.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { request } from 'undici';
import { createApiKey } from '../src/auth/api-keys.ts';
import { type RunningGateway, startGateway } from '../src/server.ts';
import { chromiumInstalled, launchChromium, type TestBrowser } from './support/browser.ts';
import { tempDataDir, testConfig } from './support/gateway.ts';
import { postGraphql } from './support/http-graphql.ts';
import { Receiver } from './support/receiver.ts';

const README_SUBSCRIPTION =
  'subscription { deliveryEvents { eventType webhookId attemptNumber outcome statusCode deliveryStatus nextAttemptAt } }';

const QUERY_EDITOR = '.graphiql-query-editor .monaco-editor';
const HEADERS_EDITOR = '.monaco-editor[data-uri$="headers.json"]';

/** Replaces the text of a GraphiQL (Monaco) editor as a paste would. */
async function fillEditor(page: Page, selector: string, text: string) {
  await page.locator(selector).first().click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

const editorText = (page: Page, selector: string) =>
  page.locator(`${selector} .view-lines`).first().innerText().then((text) => text.replace(/\u00a0/g, ' '));

/**
 * Runs the operation until the response pane shows `marker`, calling `meanwhile` between looks.
 * GraphiQL takes in an edited Headers tab a moment later, so a run right after typing may still
 * go without the key: it is run again, as a person would.
 */
async function runUntil(page: Page, marker: string, meanwhile: () => Promise<unknown> = async () => {}): Promise<string> {
  const button = page.locator('.graphiql-execute-button');
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if ((await button.getAttribute('aria-label'))?.startsWith('Execute')) await button.click();
    await meanwhile();
    const text = await editorText(page, '.graphiql-response');
    if (text.includes(marker)) return text;
    await page.waitForTimeout(250);
  }
  throw new Error(`no ${marker} in the response pane:\n${await editorText(page, '.graphiql-response')}`);
}

describe('the GraphiQL page, without a browser', () => {
  it('is sent with headers that forbid framing and sniffing and allow only its own code; its assets come from the gateway', async () => {
    const data = tempDataDir();
    const gateway = await startGateway(testConfig({ DATA_DIR: data.dir }));
    try {
      const page = await request(`${gateway.origin}/graphql`, { headers: { accept: 'text/html' } });
      const html = await page.body.text();
      expect(page.headers['x-frame-options']).toBe('DENY');
      expect(page.headers['x-content-type-options']).toBe('nosniff');
      expect(page.headers['content-security-policy']).toMatch(/default-src 'self'.*script-src 'self';.*frame-ancestors 'none'/);
      const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
      expect(sources.length).toBeGreaterThan(5);
      expect(sources.filter((src) => !src?.startsWith('/graphiql/assets/'))).toEqual([]);
      for (const src of sources) {
        const asset = await request(`${gateway.origin}${src}`);
        expect(asset.statusCode, src).toBe(200);
        expect(asset.headers['x-content-type-options']).toBe('nosniff');
        await asset.body.dump();
      }
      const missing = await request(`${gateway.origin}/graphiql/assets/../../etc/passwd`);
      expect(missing.statusCode).toBe(404);
      await missing.body.dump();
    } finally {
      await gateway.stop();
      data.remove();
    }
  });
});

// Without Chromium the suite is skipped, except in CI (.ci/run installs it).
describe.skipIf(!chromiumInstalled && process.env.CI !== 'true')('GraphiQL in Chromium', () => {
  const data = tempDataDir();
  let gateway: RunningGateway;
  let browser: TestBrowser;
  let receiver: Receiver;
  let key: string;

  beforeAll(async () => {
    gateway = await startGateway(testConfig({ DATA_DIR: data.dir, HOOKGATE_AUTH: 'on' }));
    key = (await createApiKey(gateway.app.store, { tenant: 'default', scopes: ['admin'], name: 'browser' })).token;
    receiver = await Receiver.start();
    await postGraphql(gateway.origin, 'mutation { createWebhookEventType(input: { name: "invoice.paid" }) { __typename } }', {}, key);
    await postGraphql(
      gateway.origin,
      'mutation ($url: String!) { createWebhook(input: { provider: LOCAL, url: $url, events: ["invoice.paid"] }) { __typename } }',
      { url: receiver.url('/hooks') },
      key,
    );
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
    await gateway?.stop();
    data.remove();
  });

  async function openGraphiQL(query = '') {
    const page = await browser.newPage();
    await page.goto(`${gateway.origin}/graphql${query}`);
    await page.locator('.graphiql-query-editor .view-lines').first().waitFor({ timeout: 30_000 });
    await page.getByText('Welcome to Hookgate').first().waitFor({ timeout: 30_000 });
    return page;
  }

  const publish = () =>
    postGraphql(gateway.origin, 'mutation { publishEvent(input: { event: "invoice.paid", payload: { id: "in_1" } }) { __typename } }', {}, key);

  it('loads from the gateway alone, with security headers, opening with the Hookgate operations', async () => {
    const page = await openGraphiQL();
    const text = await editorText(page, '.graphiql-query-editor');
    expect(text).toContain('Welcome to Hookgate');
    expect(text).toContain('query Providers');
    expect(browser.offLoopback).toEqual([]);

    const html = await request(`${gateway.origin}/graphql`, { headers: { accept: 'text/html' } });
    expect(html.headers['x-frame-options']).toBe('DENY');
    expect(html.headers['x-content-type-options']).toBe('nosniff');
    expect(html.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(html.headers['content-security-policy']).toContain("script-src 'self'");
    await html.body.dump();
    const asset = await request(`${gateway.origin}/graphiql/assets/yoga-graphiql.js`);
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    await asset.body.dump();
    expect(browser.consoleErrors.filter((m) => /Content Security Policy/i.test(m))).toEqual([]);
    await page.close();
  }, 90_000);

  it('runs a query with the key from the Headers tab', async () => {
    const page = await openGraphiQL();
    await page.getByRole('button', { name: /^headers$/i }).click();
    await fillEditor(page, HEADERS_EDITOR, JSON.stringify({ Authorization: `Bearer ${key}` }));
    await fillEditor(page, QUERY_EDITOR, 'query Mine { webhooks(first: 5) { edges { node { provider url events } } } }');
    const text = await runUntil(page, receiver.url('/hooks'));
    expect(text).not.toContain('UNAUTHENTICATED');
    expect(browser.offLoopback).toEqual([]);
    await page.close();
  }, 90_000);

  for (const transport of ['WebSocket', 'SSE'] as const) {
    it(`streams the README subscription over ${transport} with the key from the Headers tab`, async () => {
      const page = await openGraphiQL(transport === 'SSE' ? '?subscriptions=sse' : '');
      const initPayloads: unknown[] = [];
      page.on('websocket', (socket) =>
        socket.on('framesent', ({ payload }) => {
          const message = JSON.parse(String(payload)) as { type: string; payload?: unknown };
          if (message.type === 'connection_init') initPayloads.push(message.payload);
        }),
      );
      await page.getByRole('button', { name: /^headers$/i }).click();
      await fillEditor(page, HEADERS_EDITOR, JSON.stringify({ Authorization: `Bearer ${key}` }));
      await fillEditor(page, QUERY_EDITOR, README_SUBSCRIPTION);
      const text = await runUntil(page, '"outcome": "SUCCEEDED"', publish);
      expect(text).toContain('"eventType": "invoice.paid"');
      expect(text).not.toContain('UNAUTHENTICATED');
      // The key travels in connection_init (where the gateway authenticates a socket), not per message.
      if (transport === 'WebSocket') expect(initPayloads).toContainEqual({ Authorization: `Bearer ${key}` });
      else expect(initPayloads).toEqual([]);
      expect(browser.offLoopback).toEqual([]);
      await page.close();
    }, 120_000);
  }
});
