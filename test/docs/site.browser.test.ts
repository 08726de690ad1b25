/**
 * Opens the built docs site (`npm run docs` first) in Debian's Chromium through playwright-core:
 * every page loads without console errors and without broken internal links; the search finds an
 * API member and its page shows the signature; screenshots land in test-artifacts/docs.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative, resolve } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error a plain .mjs script without types
import { serveDocs } from '../../scripts/serve-docs.mjs';

const site = resolve('docs/site');
const artifacts = resolve('test-artifacts/docs');
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** What the search test looks for, and the page and signature it expects to reach. */
const searchCase = {
  query: 'allocate',
  result: 'tactical-ddd/money.Money.allocate',
  page: 'classes/tactical-ddd_money.Money.html#allocate',
  signature: 'allocate',
};

const pages = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? pages(join(dir, entry.name)) : entry.name.endsWith('.html') ? [join(dir, entry.name)] : [],
  );

let server: Server;
let browser: Browser;
let base: string;

beforeAll(async () => {
  server = await serveDocs(site, 0);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  mkdirSync(artifacts, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  server?.close();
});

describe('the docs site', () => {
  it('loads every page without console errors or broken internal links', async () => {
    const files = pages(site).map((file) => relative(site, file));
    expect(files.length).toBeGreaterThan(10);
    const known = new Set(files);
    const problems: string[] = [];
    const context = await browser.newContext();
    // A few tabs share the pages (300+ of them), each with its own console listener.
    const queue = [...files];
    const tab = async () => {
      const page = await context.newPage();
      let current = '';
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`${current}: console error: ${message.text()}`);
      });
      page.on('pageerror', (error) => problems.push(`${current}: page error: ${error.message}`));
      for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
        current = file;
        const response = await page.goto(`${base}/${file}`, { waitUntil: 'load' });
        if (response?.status() !== 200) problems.push(`${file}: HTTP ${response?.status()}`);
        const links: string[] = await page.$$eval('a[href]', (anchors) =>
          anchors.map((a) => (a as unknown as { href: string }).href),
        );
        for (const link of links) {
          if (!link.startsWith(base)) continue;
          const target = decodeURIComponent(new URL(link).pathname).slice(1) || 'index.html';
          const path = target.endsWith('/') ? `${target}index.html` : target;
          if (!known.has(path) && !path.startsWith('assets/')) problems.push(`${file}: broken link to ${path}`);
        }
      }
    };
    await Promise.all([tab(), tab(), tab(), tab()]);
    await context.close();
    expect(problems).toEqual([]);
  }, 300_000);

  it('finds an API member through the search and shows its signature', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/index.html`);
    await page.screenshot({ path: join(artifacts, 'home.png'), fullPage: false });
    await page.keyboard.press('/');
    const input = page.locator('#tsd-search-input');
    await input.waitFor({ state: 'visible' });
    await input.fill(searchCase.query);
    const result = page.locator('#tsd-search-results li a').first();
    await result.waitFor({ state: 'visible' });
    expect((await result.textContent())?.trim()).toBe(searchCase.result);
    await result.click();
    await page.waitForURL(`**/${searchCase.page}`);
    expect(page.url()).toBe(`${base}/${searchCase.page}`);
    await expect(
      page.locator('.tsd-signature').filter({ hasText: searchCase.signature }).first().textContent(),
    ).resolves.toContain(searchCase.signature);
    await page.screenshot({ path: join(artifacts, 'money.png'), fullPage: false });
    await page.close();
  }, 60_000);
});
