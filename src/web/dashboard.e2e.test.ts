/**
 * The dashboard in a real browser (Debian's Chromium via playwright-core) against a real listening
 * server (`serve()` over a temporary SQLite file, demo mode): the shop with its own screens, and the
 * minimal model through the generic screens alone. Each actor has a browser context of its own.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shopModel } from '../../examples/shop/model.ts';
import { serve, type RunningServer } from '../app/serve.ts';
import { loadModel } from '../model/load-model.ts';
import type { Model } from '../model/model.ts';

const chromiumPath = '/usr/bin/chromium';
const haveChromium = existsSync(chromiumPath);
// CI sets FACTUM_REQUIRE_BROWSER: there the tests run (and fail without Chromium), never skip.
const required = process.env['FACTUM_REQUIRE_BROWSER'] === '1';
if (!haveChromium && !required) console.log(`skipped: Chromium not found at ${chromiumPath}`);
/** Set FACTUM_SCREENSHOTS=1 to keep a screenshot of each main screen in the temp folder. */
const screenshots = process.env['FACTUM_SCREENSHOTS'] === '1';

let browser: Browser | undefined;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  if (!haveChromium && !required) return;
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
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
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await browser?.close();
});

async function start(model: Model): Promise<RunningServer> {
  const dir = await mkdtemp(join(tmpdir(), 'factum-web-'));
  const server = await serve({
    model,
    storeUrl: `sqlite:${join(dir, 'factum.db')}`,
    port: 0,
    host: '127.0.0.1',
    dataDir: dir,
    authMode: 'demo',
    logLevel: 'warn',
    demoData: true,
  });
  cleanups.push(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });
  return server;
}

/** A fresh browser context signed in as a demo actor of a role. */
async function signedIn(url: string, actor: string, roleName: string): Promise<Page> {
  if (browser === undefined) throw new Error('no browser');
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  const page = await context.newPage();
  const failures: string[] = [];
  page.on('pageerror', (error) => failures.push(error.message));
  cleanups.push(async () => {
    await context.close();
    expect(failures).toEqual([]);
  });
  await page.goto(url);
  await page.getByRole('button', { name: `Sign in as ${actor} (${roleName})` }).click();
  await expect.poll(() => text(page, '.actor'), { timeout: 10_000 }).toContain(actor);
  await expect.poll(() => text(page, '.live'), { timeout: 10_000 }).toContain('Live');
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  if (screenshots)
    await page.screenshot({ path: join(tmpdir(), `factum-${name}.png`), fullPage: true });
}

/** The text of the first element matching `selector` now, or null when there is none yet. */
function text(page: Page, selector: string): Promise<string | null> {
  return page
    .locator(selector)
    .first()
    .textContent({ timeout: 500 })
    .catch(() => null);
}

/** Waits until the first element matching `selector` reads `expected` (the page updates by itself). */
async function until(page: Page, selector: string, expected: string): Promise<void> {
  await expect.poll(() => text(page, selector), { timeout: 10_000 }).toBe(expected);
}

/** Clicks an act button (by its exact name) within a scope, waiting for it to appear. */
async function act(page: Page, scope: string, name: string): Promise<void> {
  const button = page.locator(scope).getByRole('button', { name, exact: true });
  await button.waitFor({ timeout: 10_000 });
  await button.click();
  await button.waitFor({ state: 'detached', timeout: 10_000 });
}

async function nav(page: Page, name: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name, exact: true })
    .click();
}

describe.skipIf(!haveChromium && !required)('the dashboard in Chromium', () => {
  it(
    'runs the shop: alice orders, fran promises, alice pays, sam ships, alice sees it live and accepts',
    { timeout: 90_000 },
    async () => {
      const server = await start(shopModel);
      const alice = await signedIn(server.url, 'alice', 'customer');
      // Navigation never reloads the page: this marker survives to the end.
      await alice.evaluate('window.__factumMarker = 42');
      await nav(alice, 'Products');
      await alice.getByLabel('Quantity of GRN-050').fill('5');
      await alice.getByLabel('Quantity of KET-030').fill('5');
      await shot(alice, 'products');
      await alice.getByRole('button', { name: 'Place order' }).click();
      const card = alice.locator('article[data-order]').first();
      await card.waitFor();
      const orderId = (await card.getAttribute('data-order')) ?? '';
      expect(orderId).not.toBe('');
      const order = `article[data-order="${orderId}"]`;
      // Above €1000: the rules leave it to a person.
      await until(alice, `${order} .order-head [data-status]`, 'requested');

      const fran = await signedIn(server.url, 'fran', 'order completer');
      const row = `tr[data-transaction="${orderId}"]`;
      await until(fran, `${row} td:nth-child(6)`, 'awaiting promise');
      await shot(fran, 'fulfilment');
      await act(fran, row, 'Promise');
      await until(fran, `${row} [data-status]`, 'promised');

      // alice's orders update by themselves; she pays from her agenda.
      await until(alice, `${order} .order-head [data-status]`, 'promised');
      await nav(alice, 'Agenda');
      const payment = `tr[data-transaction="${orderId}.TK02"]`;
      for (const name of ['Promise', 'Execute', 'Declare']) await act(alice, payment, name);
      await nav(alice, 'My orders');
      await until(alice, `${order} [data-part="payment"] [data-status]`, 'accepted');

      const sam = await signedIn(server.url, 'sam', 'shipper');
      const shipment = `tr[data-transaction="${orderId}.TK03"]`;
      await sam.locator(shipment).waitFor();
      await shot(sam, 'shipper-agenda');
      for (const name of ['Promise', 'Execute', 'Declare']) await act(sam, shipment, name);

      // Live, without a reload: the order is declared and alice may accept it.
      await until(alice, `${order} .order-head [data-status]`, 'declared');
      await shot(alice, 'orders-declared');
      await act(alice, `${order} [data-part="order"]`, 'Accept');
      await until(alice, `${order} .order-head [data-status]`, 'accepted');
      expect(await alice.evaluate('window.__factumMarker')).toBe(42);

      // The transaction tree: every fact of the order and its children; a click shows the past.
      await alice.locator(order).getByRole('link', { name: 'Timeline' }).click();
      const expected = [
        'OrderRequested',
        'OrderPromised',
        'PaymentRequested',
        'PaymentPromised',
        'PaymentExecuted',
        'PaymentDeclared',
        'PaymentAccepted',
        'ShipmentRequested',
        'ShipmentPromised',
        'ShipmentExecuted',
        'ShipmentDeclared',
        'ShipmentAccepted',
        'OrderExecuted',
        'OrderDeclared',
        'OrderAccepted',
      ];
      await expect.poll(() => alice.locator('.timeline li').count()).toBe(expected.length);
      const types: (string | null)[] = [];
      for (const item of await alice.locator('.timeline li').all())
        types.push(await item.getAttribute('data-fact'));
      expect([...types].sort()).toEqual([...expected].sort());
      expect(types[0]).toBe('OrderRequested');
      expect(types.at(-1)).toBe('OrderAccepted');
      await until(alice, `.tree [data-transaction="${orderId}"] [data-status]`, 'accepted');
      await shot(alice, 'timeline');
      await alice.getByRole('button', { name: /^PaymentRequested at position/ }).click();
      await expect
        .poll(() => alice.getByRole('heading', { name: /^Status as of #/ }).count())
        .toBe(1);
      await until(alice, `.tree [data-transaction="${orderId}"] [data-status]`, 'promised');
      await until(alice, `.tree [data-transaction="${orderId}.TK02"] [data-status]`, 'requested');
      await shot(alice, 'timeline-as-of');

      // The model page draws every role and kind, and the event model.
      await nav(alice, 'Model');
      // The page draws once the model has been fetched: wait for the last part of it.
      await alice.locator('svg [data-view="customer-orders"]').first().waitFor();
      for (const role of ['CA01', 'A01', 'A02'])
        expect(await alice.locator(`svg [data-role="${role}"]`).count()).toBe(1);
      for (const kind of ['TK01', 'TK02', 'TK03'])
        expect(await alice.locator(`svg [data-kind="${kind}"]`).count()).toBe(1);
      expect(await alice.locator('svg .command').count()).toBe(15);
      for (const event of ['OrderRequested', 'PaymentAccepted', 'ShipmentDeclared'])
        expect(await alice.locator(`svg [data-event="${event}"]`).count()).toBe(1);
      expect(await alice.locator('svg [data-view="customer-orders"]').count()).toBe(1);
      await shot(alice, 'model');
      expect(await alice.evaluate('window.__factumMarker')).toBe(42);
    },
  );

  it('runs the minimal model on the generic screens alone: carol requests, sue delivers, carol accepts', async () => {
    const loaded = await loadModel(
      fileURLToPath(new URL('../../examples/minimal/model.yaml', import.meta.url)),
    );
    if (!loaded.ok) throw new Error('the minimal model does not load');
    const server = await start(loaded.value);
    const carol = await signedIn(server.url, 'carol', 'client');
    await expect.poll(() => carol.getByRole('heading', { name: 'Agenda' }).count()).toBe(1);
    await nav(carol, 'New Delivery');
    // The form is generated from the payload schema and prefilled from the example.
    expect(await carol.getByLabel('Item').inputValue()).toBe('tea');
    expect(await carol.getByLabel('Quantity').inputValue()).toBe('2');
    await carol.getByLabel('Item').fill('coffee');
    await carol.getByLabel('Quantity').fill('3');
    await shot(carol, 'generic-request-form');
    await carol.getByRole('button', { name: 'Request Delivery' }).click();
    await carol.waitForURL(/#\/tx\//);
    const id = decodeURIComponent(carol.url().split('#/tx/')[1] ?? '');
    expect(id).not.toBe('');
    const node = `.tree [data-transaction="${id}"]`;
    await until(carol, `${node} [data-status]`, 'requested');

    const sue = await signedIn(server.url, 'sue', 'supplier');
    const row = `tr[data-transaction="${id}"]`;
    await sue.locator(row).waitFor();
    expect(await sue.locator(row).textContent()).toContain('coffee');
    await shot(sue, 'generic-agenda');
    for (const name of ['Promise', 'Execute', 'Declare']) await act(sue, row, name);

    // carol's tree page updates live; she accepts from her agenda.
    await until(carol, `${node} [data-status]`, 'declared');
    await nav(carol, 'Agenda');
    await act(carol, row, 'Accept');
    await nav(carol, 'Transactions');
    await until(carol, `${row} [data-status]`, 'accepted');

    // A second request declined with a justification, shown on the timeline.
    await nav(carol, 'New Delivery');
    await carol.getByRole('button', { name: 'Request Delivery' }).click();
    await carol.waitForURL(/#\/tx\//);
    const second = decodeURIComponent(carol.url().split('#/tx/')[1] ?? '');
    await nav(sue, 'Agenda');
    const secondRow = `tr[data-transaction="${second}"]`;
    await sue.locator(secondRow).getByRole('button', { name: 'Decline', exact: true }).click();
    await sue.locator(secondRow).getByLabel('Justification').fill('Out of tea until Monday');
    await sue.locator(secondRow).getByRole('button', { name: 'Confirm decline' }).click();
    await expect
      .poll(() => text(carol, '.timeline .why'), { timeout: 10_000 })
      .toContain('Out of tea until Monday');
    await until(carol, `.tree [data-transaction="${second}"] [data-status]`, 'declined');
    await shot(carol, 'generic-timeline');
    await nav(carol, 'Model');
    await carol.locator('svg [data-kind="TK01"]').first().waitFor();
    expect(await carol.locator('svg [data-kind="TK01"]').count()).toBe(1);
    expect(await carol.locator('svg [data-role="A02"]').count()).toBe(1);
  });
});
