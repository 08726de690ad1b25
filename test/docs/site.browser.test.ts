/**
 * Opens the built docs site (`npm run docs` first) in Debian's Chromium through playwright-core:
 * every page loads without console errors and without broken internal links; a twoslash hover
 * shows an inferred type; the search finds guides and API members; the API pages stay readable
 * (the Money page is short, signatures name `CurrencyCode`, `AggregateRoot` shows its protected
 * members); nothing scrolls sideways on a phone. Screenshots land in test-artifacts/docs.
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative, resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error a plain .mjs script without types
import { serveDocs } from '../../scripts/serve-docs.mjs';

const site = resolve('docs/site');
const artifacts = resolve('test-artifacts/docs');
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const moneyPage = '/api/tactical-ddd/money/classes/Money';
const aggregatePage = '/api/tactical-ddd/classes/AggregateRoot';

const htmlFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? htmlFiles(join(dir, entry.name))
      : entry.name.endsWith('.html')
        ? [join(dir, entry.name)]
        : [],
  );

/** The file a clean URL path is served from, as GitHub Pages resolves it. */
const fileOf = (path: string): string[] => {
  const bare = path.replace(/^\//, '');
  if (bare === '' || bare.endsWith('/')) return [`${bare}index.html`];
  return bare.endsWith('.html') ? [bare] : [`${bare}.html`, `${bare}/index.html`, bare];
};

let server: Server;
let browser: Browser;
let base: string;

beforeAll(async () => {
  if (!existsSync(join(site, 'index.html'))) throw new Error('No site in docs/site: run npm run docs first');
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

async function open(path: string, width = 1280): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  await page.goto(`${base}${path}`, { waitUntil: 'load' });
  return page;
}

describe('the docs site', () => {
  it('loads every page without console errors or broken internal links', async () => {
    const files = htmlFiles(site).map((file) => relative(site, file));
    expect(files.length).toBeGreaterThan(100);
    const known = new Set(files);
    const problems: string[] = [];
    const context = await browser.newContext();
    // A few tabs share the pages (300+ of them), each with its own console listener.
    const queue = files.filter((file) => file !== '404.html');
    const tab = async () => {
      const page = await context.newPage();
      let current = '';
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`${current}: console error: ${message.text()}`);
      });
      page.on('pageerror', (error) => problems.push(`${current}: page error: ${error.message}`));
      for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
        current = file;
        const url = `${base}/${file.replace(/(index)?\.html$/, '')}`;
        const response = await page.goto(url, { waitUntil: 'load' });
        if (response?.status() !== 200) problems.push(`${file}: HTTP ${response?.status()}`);
        const links: string[] = await page.$$eval('a[href]', (anchors) =>
          anchors.map((a) => (a as unknown as { href: string }).href),
        );
        for (const link of links) {
          if (!link.startsWith(base)) continue;
          const path = decodeURIComponent(new URL(link).pathname);
          if (path.startsWith('/assets/') || fileOf(path).some((candidate) => known.has(candidate))) continue;
          problems.push(`${file}: broken link to ${path}`);
        }
      }
    };
    await Promise.all([tab(), tab(), tab()]);
    await context.close();
    expect(problems).toEqual([]);
  }, 600_000);

  it('shows the landing page and the inferred type of a twoslash token on hover', async () => {
    const home = await open('/');
    await expect(home.locator('.VPHero .name').textContent()).resolves.toContain('tactical-ddd');
    await home.screenshot({ path: join(artifacts, 'home.png') });
    await home.close();

    const page = await open('/guides/getting-started');
    const token = page.locator('.twoslash-hover', { hasText: /^cart$/ }).first();
    await token.scrollIntoViewIfNeeded();
    await token.hover();
    const popup = page.locator('.v-popper__popper--shown .twoslash-popup-code').first();
    await popup.waitFor({ state: 'visible' });
    await expect(popup.textContent()).resolves.toMatch(/const cart: Cart/);
    await page.screenshot({ path: join(artifacts, 'getting-started.png') });
    await page.close();
  }, 60_000);

  it('finds guides and API members through the one search', async () => {
    const page = await open('/');
    const search = async (query: string): Promise<string[]> => {
      await page.locator('.VPNavBarSearch button').first().click();
      const input = page.locator('.VPLocalSearchBox input');
      await input.waitFor({ state: 'visible' });
      await input.fill(query);
      await page.locator('.VPLocalSearchBox .result').first().waitFor({ state: 'visible' });
      const hrefs = await page.$$eval('.VPLocalSearchBox .result', (results) =>
        results.map((a) => (a as unknown as { getAttribute(name: string): string | null }).getAttribute('href') ?? ''),
      );
      await page.keyboard.press('Escape');
      return hrefs;
    };
    const allocate = await search('allocate');
    expect(allocate.some((href) => href.startsWith('/guides/money'))).toBe(true);
    expect(allocate.some((href) => href.startsWith(`${moneyPage}#allocate`))).toBe(true);
    const concurrency = await search('optimistic concurrency');
    expect(concurrency.some((href) => href.startsWith('/guides/'))).toBe(true);
    await page.close();
  }, 60_000);

  it('keeps the Money reference short, with CurrencyCode by name and static factories first', async () => {
    const page = await open(moneyPage);
    const height = await page.evaluate<number>('document.documentElement.scrollHeight');
    expect(height).toBeLessThan(15_000);
    // The text of the `of` section: from its heading to the next member's.
    const of = await page.evaluate<string>(`(() => {
      let text = '';
      for (let node = document.getElementById('of')?.nextElementSibling; node && node.tagName !== 'H3'; node = node.nextElementSibling) {
        text += node.textContent;
      }
      return text;
    })()`);
    expect(of).toContain('CurrencyCode');
    expect(of).not.toContain('"AED"');
    const methods = await page.$$eval('h3', (headings) => headings.map((h) => h.id));
    expect(methods.indexOf('of')).toBeLessThan(methods.indexOf('add'));
    await page.screenshot({ path: join(artifacts, 'money-api.png') });
    await page.close();
  }, 60_000);

  it("shows AggregateRoot's protected members that subclasses use", async () => {
    const page = await open(aggregatePage);
    const headings = await page.$$eval('h3', (all) => all.map((h) => h.id));
    expect(headings).toContain('raise');
    for (const property of ['property-state', 'property-clock']) {
      await expect(page.locator(`[id="${property}"]`).count()).resolves.toBe(1);
    }
    await page.close();
  }, 60_000);

  it('never scrolls sideways on a 390 px wide phone', async () => {
    const wide: string[] = [];
    for (const path of ['/', '/guides/getting-started', '/guides/postgres', moneyPage, aggregatePage]) {
      const page = await open(path, 390);
      const width = await page.evaluate<number>('document.documentElement.scrollWidth');
      if (width > 390) wide.push(`${path}: ${width}px`);
      if (path === '/guides/getting-started') await page.screenshot({ path: join(artifacts, 'mobile.png') });
      await page.close();
    }
    expect(wide).toEqual([]);
  }, 120_000);
});
