/**
 * The dashboard in a real browser (Debian's Chromium via playwright-core) against a real listening
 * server (`serve()` over a temporary SQLite file, demo mode): the shop with its own screens, and the
 * minimal model through the generic screens alone. Each actor has a browser context of its own.
 */
import { expect, it } from 'vitest';
import { shopModel } from '../../examples/shop/model.ts';
import {
  act,
  actWithReason,
  browserSession,
  describeInBrowser,
  nav,
  request,
  text,
  transactionRow,
  treeNode,
  until,
  type BrowserSession,
} from './browser.test-support.ts';

const session = browserSession('dashboard');
const shot = (page: Parameters<BrowserSession['screen']>[0], name: string) =>
  session.screen(page, name);

describeInBrowser('the dashboard in Chromium', () => {
  it(
    'runs the shop: alice orders, fran promises, alice pays, sam ships, alice sees it live and accepts',
    { timeout: 90_000 },
    async () => {
      const server = await session.start(shopModel);
      const alice = await session.signedIn(server.url, 'alice', 'customer');
      // Navigation never reloads the page: this marker survives to the end.
      await alice.evaluate('window.__factumMarker = 42');
      // A customer lands on the products: names, prices, live stock, a basket with its total.
      await alice.getByRole('heading', { name: 'Products' }).waitFor();
      await alice.getByLabel('Quantity of Burr coffee grinder').fill('5');
      await alice.getByLabel('Quantity of Gooseneck kettle').fill('5');
      await until(alice, '[data-total]', '€1,017.50');
      // Her own name, not the example's, on the address.
      expect(await alice.getByLabel('Name').inputValue()).toBe('Alice');
      await alice.getByLabel('Street').fill('2 Canal Street');
      await alice.getByLabel('City').fill('Leiden');
      await alice.getByLabel('Postcode').fill('2311 AB');
      await alice.getByLabel('Country').fill('NL');
      await shot(alice, 'products');
      await alice.getByRole('button', { name: /^Place order/ }).click();
      await alice.getByRole('status').filter({ hasText: 'your order' }).waitFor();
      await shot(alice, 'products-ordered');
      await nav(alice, 'My orders');
      const card = alice.locator('article[data-order]').first();
      await card.waitFor();
      const orderId = (await card.getAttribute('data-order')) ?? '';
      expect(orderId).not.toBe('');
      const order = `article[data-order="${orderId}"]`;
      // Above €1000: the rules leave it to a person.
      await until(alice, `${order} .order-head [data-status]`, 'requested');

      const fran = await session.signedIn(server.url, 'fran', 'order completer');
      const row = transactionRow(orderId);
      await until(fran, `${row} td:nth-child(6)`, 'awaiting promise');
      await shot(fran, 'fulfilment');
      // Another customer watches the stock: the promise reserves it, and bob sees it at once.
      const bob = await session.signedIn(server.url, 'bob', 'customer');
      const kettles = '[data-sku="KET-030"] [data-available]';
      await until(bob, kettles, '12');
      await act(fran, row, 'Promise');
      await until(fran, `${row} [data-status]`, 'promised');
      await until(bob, kettles, '7');
      // Completing the order waits for its payment and shipment: shown, not offered.
      const waiting = fran.locator(`${row} [data-waiting="execute"]`);
      await waiting.waitFor();
      expect(await waiting.textContent()).toMatch(/Waits for .*payment.* to be accepted/i);
      await shot(fran, 'fulfilment-waiting');

      // alice's orders update by themselves; she pays in one step.
      await until(alice, `${order} .order-head [data-status]`, 'promised');
      await shot(alice, 'orders-to-pay');
      await act(alice, `${order} [data-part="payment"]`, 'Pay €1,017.50');
      await until(alice, `${order} [data-part="payment"] [data-status]`, 'accepted');

      const sam = await session.signedIn(server.url, 'sam', 'shipper');
      const shipment = `tr[data-transaction="${orderId}.TK03"]`;
      await sam.locator(shipment).waitFor();
      await shot(sam, 'shipper-agenda');
      for (const name of ['Promise', 'Ship', 'Confirm delivery']) await act(sam, shipment, name);

      // Live, without a reload: the order is declared and alice may accept it.
      await until(alice, `${order} .order-head [data-status]`, 'declared');
      await shot(alice, 'orders-declared');
      await act(alice, `${order} [data-part="order"]`, 'Accept');
      await until(alice, `${order} .order-head [data-status]`, 'accepted');
      expect(await alice.evaluate('window.__factumMarker')).toBe(42);

      // The transaction tree: every fact of the order and its children; a click shows the past.
      await alice.locator(order).getByRole('link', { name: 'Details and history' }).click();
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
      await until(alice, `${treeNode(orderId)} [data-status]`, 'accepted');
      await shot(alice, 'timeline');
      await alice.locator('.timeline li[data-fact="PaymentRequested"] button.fact').click();
      await expect
        .poll(() => alice.getByRole('heading', { name: /^Status as of #/ }).count())
        .toBe(1);
      await until(alice, `${treeNode(orderId)} [data-status]`, 'promised');
      await until(alice, `.tree [data-transaction="${orderId}.TK02"] [data-status]`, 'requested');
      await shot(alice, 'timeline-as-of');

      // The model page shows the diagrams the server draws (see model-diagrams.e2e.test.ts).
      await nav(alice, 'Model');
      await alice.locator('[data-diagram="event-model"] svg').waitFor();
      // The roles stand in the cooperation diagram, which arrives on its own: await it, not race it.
      for (const role of ['CA01', 'A01', 'A02'])
        await expect.poll(() => alice.locator(`svg [data-id="role:${role}"]`).count()).toBe(1);
      expect(await alice.locator('[data-diagram="event-model"] svg g.node.command').count()).toBe(
        15,
      );
      await shot(alice, 'model');
      expect(await alice.evaluate('window.__factumMarker')).toBe(42);
    },
  );

  it('runs the minimal model on the generic screens alone: carol requests, sue delivers, carol accepts', async () => {
    const server = await session.startFile(
      new URL('../../examples/minimal/model.yaml', import.meta.url),
    );
    const carol = await session.signedIn(server.url, 'carol', 'client');
    await expect.poll(() => carol.getByRole('heading', { name: 'Agenda' }).count()).toBe(1);
    const id = await request(carol, 'Delivery', async () => {
      // The form is generated from the payload schema and prefilled from the example.
      expect(await carol.getByLabel('Item').inputValue()).toBe('tea');
      expect(await carol.getByLabel('Quantity').inputValue()).toBe('2');
      await carol.getByLabel('Item').fill('coffee');
      await carol.getByLabel('Quantity').fill('3');
      await shot(carol, 'generic-request-form');
    });
    expect(id).not.toBe('');
    const node = treeNode(id);
    await until(carol, `${node} [data-status]`, 'requested');

    const sue = await session.signedIn(server.url, 'sue', 'supplier');
    const row = transactionRow(id);
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
    const second = await request(carol, 'Delivery');
    await nav(sue, 'Agenda');
    const secondRow = transactionRow(second);
    await actWithReason(sue, secondRow, 'Decline', 'Out of tea until Monday');
    await expect
      .poll(() => text(carol, '.timeline .why'), { timeout: 10_000 })
      .toContain('Out of tea until Monday');
    await until(carol, `${treeNode(second)} [data-status]`, 'declined');
    await shot(carol, 'generic-timeline');
    await nav(carol, 'Model');
    await carol.locator('svg [data-id="kind:TK01"]').first().waitFor();
    expect(await carol.locator('[data-diagram="cooperation"] [data-id="kind:TK01"]').count()).toBe(
      1,
    );
    expect(await carol.locator('[data-diagram="cooperation"] [data-id="role:A02"]').count()).toBe(
      1,
    );
  });
});
