/**
 * Rent-A-Car (examples/rental/model.yaml, a model written only in YAML) walked end to end through
 * the dashboard alone, as renter, rental completer and driver: a rental declined and asked again
 * with the declined terms, its payment, pick-up and drop-off started from the rental's page, the
 * drop-off shown waiting for the pick-up, a promise revoked and the revocation allowed, the
 * results recorded with their forms, and the rental completed and accepted.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import {
  act,
  actWithReason,
  browserSession,
  describeInBrowser,
  nav,
  request,
  transactionRow,
  shownId,
  text,
  treeNode,
  until,
} from './browser.test-support.ts';

const session = browserSession('rental');
const rentalModel = new URL('../../examples/rental/model.yaml', import.meta.url);

/** Starts a child from the rental's page and returns its id. */
async function startChild(
  page: Page,
  url: string,
  rental: string,
  kind: string,
  fill: (page: Page) => Promise<void>,
): Promise<string> {
  await page.goto(`${url}/#/tx/${encodeURIComponent(rental)}`);
  await page
    .locator(treeNode(rental))
    .getByRole('link', { name: new RegExp(`^Request ${kind}`) })
    .click();
  await page.getByRole('heading', { name: `New ${kind}` }).waitFor();
  await page.getByRole('textbox', { name: 'Rental', exact: true }).fill(rental);
  await fill(page);
  await page.getByRole('button', { name: `Request ${kind}` }).click();
  await page.waitForURL(
    (u) => u.hash.startsWith('#/tx/') && !u.hash.endsWith(encodeURIComponent(rental)),
  );
  return shownId(page);
}

/** Performs an act that opens a result form, fills it and confirms. */
async function withResult(
  page: Page,
  scope: string,
  name: string,
  fill: (form: ReturnType<Page['locator']>) => Promise<void>,
): Promise<void> {
  await page.locator(scope).getByRole('button', { name, exact: true }).click();
  const form = page.locator(scope).locator('form.act-form');
  await fill(form);
  await form.getByRole('button', { name: `Confirm: ${name.toLowerCase()}` }).click();
  await form.waitFor({ state: 'detached', timeout: 10_000 }).catch(async (error: unknown) => {
    // Say what the screen said, not only that the form stayed.
    throw new Error(`${name}: ${(await text(page, `${scope} [role="alert"]`)) ?? String(error)}`);
  });
}

describeInBrowser('Rent-A-Car in the dashboard', () => {
  it(
    "shows the desk's action rules at work, and a proposal a person confirms, from request to accept",
    { timeout: 180_000 },
    async () => {
      const server = await session.startFile(rentalModel);

      // The renter asks for the example's family car for three days; no one at the desk acts.
      const rita = await session.signedIn(server.url, 'rita', 'renter');
      const rental = await request(rita, 'Rental');
      await until(rita, `${treeNode(rental)} [data-status]`, 'promised');

      // The rule asked her to pay three days of group B; she pays from her agenda.
      await nav(rita, 'Agenda');
      const payment = rita.locator('tr[data-transaction]', { hasText: 'Rental payment' });
      await payment.waitFor();
      const paymentId = await payment.getAttribute('data-transaction');
      if (paymentId === null) throw new Error('the payment row names no transaction');
      await session.screen(rita, 'rental-payment-asked-by-rule');
      await act(rita, transactionRow(paymentId), 'Promise');
      await withResult(rita, transactionRow(paymentId), 'Execute', async (form) => {
        await form.getByLabel('Method').selectOption('card');
      });
      await act(rita, transactionRow(paymentId), 'Declare');

      // The desk accepted the payment by rule and asked the driver to pick the car up and drop it off.
      const dirk = await session.signedIn(server.url, 'dirk', 'driver');
      const rowOf = async (name: string): Promise<string> => {
        const row = dirk.locator('tr[data-transaction]', { hasText: name });
        await row.waitFor();
        const id = await row.getAttribute('data-transaction');
        if (id === null) throw new Error(`the ${name} row names no transaction`);
        return id;
      };
      const pickUp = await rowOf('Car pick up');
      const dropOff = await rowOf('Car drop off');
      await act(dirk, transactionRow(pickUp), 'Promise');
      await withResult(dirk, transactionRow(pickUp), 'Execute', async (form) => {
        await form.getByLabel('Car').fill('GH-123-J');
        await form.getByLabel('Mileage').fill('48210');
      });
      await act(dirk, transactionRow(pickUp), 'Declare');
      await act(dirk, transactionRow(dropOff), 'Promise');
      await withResult(dirk, transactionRow(dropOff), 'Execute', async (form) => {
        await form.getByLabel('Branch').selectOption('UTR');
        await form.getByLabel('Mileage').fill('48530');
      });
      await act(dirk, transactionRow(dropOff), 'Declare');

      // Accepting the drop-off is a proposal: the desk sees what the rule suggests and why, and
      // confirms once someone has looked at the car.
      const carla = await session.signedIn(server.url, 'carla', 'rental completer');
      const proposal = carla.locator(
        `${transactionRow(dropOff)} [data-proposal="accept-drop-off"]`,
      );
      await proposal.waitFor();
      expect(await proposal.textContent()).toContain(
        'The rule “accept drop off” proposes: accept the car drop off.',
      );
      await session.screen(carla, 'rental-drop-off-proposal');
      await proposal.getByRole('button', { name: /^Confirm: accept/ }).click();
      await proposal.waitFor({ state: 'detached' });
      // The car is back: the rule completes the rental, and the renter accepts it.
      await nav(rita, 'Agenda');
      await act(rita, transactionRow(rental), 'Accept');
      // The desk sees the whole tree: what its rules did, and what a person confirmed.
      await carla.goto(`${server.url}/#/tx/${encodeURIComponent(rental)}`);
      await expect
        .poll(() => carla.locator('.timeline .fact-sentence').allTextContents(), {
          timeout: 10_000,
        })
        .toEqual(
          expect.arrayContaining([
            'The rule “promise rental” (rental completer) promised the rental.',
            'The rule “request payment” (rental completer) requested the rental payment.',
            'The rule “accept payment” (rental completer) accepted the rental payment.',
            'The rule “accept pick up” (rental completer) accepted the car pick up.',
            'Carla (rental completer) accepted the car drop off.',
            'The rule “complete rental” (rental completer) declared the rental.',
            'Rita (renter) accepted the rental.',
          ]),
        );
      await session.screen(carla, 'rental-by-rules');
    },
  );

  it(
    'rents a car as renter, rental completer and driver, through the UI only',
    { timeout: 180_000 },
    async () => {
      // The desk's action rules are off: every act of the walk is a person's, from the dashboard.
      const server = await session.startFile(rentalModel, { rules: false });

      // The renter asks for a family car, from the form the model's schema generates.
      const rita = await session.signedIn(server.url, 'rita', 'renter');
      const rental = await request(rita, 'Rental', async () => {
        expect(await rita.getByLabel('Car group').inputValue()).toBe('"B"');
        await session.screen(rita, 'rental-request-form');
      });

      // The desk declines: no family car is free. The renter asks again for a compact car.
      const carla = await session.signedIn(server.url, 'carla', 'rental completer');
      await carla.locator(transactionRow(rental)).waitFor();
      await actWithReason(
        carla,
        transactionRow(rental),
        'Decline',
        'No family car free on those dates',
      );
      await until(rita, `${treeNode(rental)} [data-status]`, 'declined');
      await rita
        .locator(treeNode(rental))
        .getByRole('button', { name: 'Request', exact: true })
        .click();
      const terms = rita.locator(treeNode(rental)).locator('form.act-form');
      expect(await terms.getByRole('textbox', { name: 'Driver', exact: true }).inputValue()).toBe(
        'dirk',
      );
      await terms.getByLabel('Car group').selectOption('A');
      await terms.getByRole('button', { name: 'Confirm: request' }).click();
      await until(rita, `${treeNode(rental)} [data-status]`, 'requested');
      await session.screen(rita, 'rental-re-requested');
      await act(carla, transactionRow(rental), 'Promise');

      // The desk asks the renter to pay, from the rental's page; the renter is the addressee.
      const payment = await startChild(
        carla,
        server.url,
        rental,
        'Rental payment',
        async (page) => {
          expect(await page.locator('.lead').textContent()).toContain('(Rita)');
          await page.getByLabel('Amount due').fill('18900');
        },
      );
      await nav(rita, 'Agenda');
      await rita.locator(transactionRow(payment)).waitFor();
      expect(await rita.locator(transactionRow(payment)).textContent()).toContain('€189.00');
      await act(rita, transactionRow(payment), 'Promise');
      await withResult(rita, transactionRow(payment), 'Execute', async (form) => {
        await form.getByLabel('Method').selectOption('transfer');
      });
      await act(rita, transactionRow(payment), 'Declare');
      await nav(carla, 'Agenda');
      await act(carla, transactionRow(payment), 'Accept');

      // The pick-up goes to the driver the desk chooses among the role's actors.
      const toDirk = async (page: Page): Promise<void> => {
        await page.getByLabel('Addressed to (driver)').selectOption('dirk');
      };
      const pickUp = await startChild(carla, server.url, rental, 'Car pick up', toDirk);
      const dropOff = await startChild(carla, server.url, rental, 'Car drop off', async (page) => {
        // The tree now names the driver: the drop-off goes to the one who picks the car up.
        expect(await page.locator('.lead').textContent()).toContain('(Dirk)');
        await page.getByLabel('Drop-off branch').selectOption('UTR');
      });
      await session.screen(carla, 'rental-tree');

      // The driver: the drop-off waits for the pick-up, and says so.
      const dirk = await session.signedIn(server.url, 'dirk', 'driver');
      await dirk.locator(transactionRow(dropOff)).waitFor();
      await act(dirk, transactionRow(dropOff), 'Promise');
      const waiting = dirk.locator(`${transactionRow(dropOff)} [data-waiting="execute"]`);
      await waiting.waitFor();
      expect(await waiting.textContent()).toMatch(/Waits for .*car pick up.* to be accepted/i);
      await session.screen(dirk, 'driver-waiting');
      await act(dirk, transactionRow(pickUp), 'Promise');
      await withResult(dirk, transactionRow(pickUp), 'Execute', async (form) => {
        await form.getByLabel('Car').fill('GH-123-J');
        await form.getByLabel('Mileage').fill('48210');
      });
      await act(dirk, transactionRow(pickUp), 'Declare');
      await nav(carla, 'Agenda');
      await act(carla, transactionRow(pickUp), 'Accept');

      // The driver takes back the drop-off promise; the desk allows it; the driver promises again.
      await dirk.goto(`${server.url}/#/tx/${encodeURIComponent(dropOff)}`);
      await dirk.locator(treeNode(dropOff)).locator('summary', { hasText: 'Revoke…' }).click();
      expect(await dirk.locator(`${treeNode(dropOff)} .revocations`).textContent()).toContain(
        'the rental completer is asked to allow it',
      );
      await session.screen(dirk, 'revoke-explained');
      await actWithReason(
        dirk,
        treeNode(dropOff),
        'Revoke promise',
        'I may be late; please re-plan',
      );
      await act(carla, transactionRow(dropOff), 'Allow revocation');
      await until(dirk, `${treeNode(dropOff)} [data-status]`, 'requested');
      await nav(dirk, 'Agenda');
      await act(dirk, transactionRow(dropOff), 'Promise');
      await withResult(dirk, transactionRow(dropOff), 'Execute', async (form) => {
        await form.getByLabel('Mileage').fill('48530');
      });
      await act(dirk, transactionRow(dropOff), 'Declare');
      await act(carla, transactionRow(dropOff), 'Accept');

      // The desk completes the rental with what it came to; the renter accepts.
      await carla.goto(`${server.url}/#/tx/${encodeURIComponent(rental)}`);
      await withResult(carla, treeNode(rental), 'Execute', async (form) => {
        await form.getByLabel('Rental amount').fill('18900');
        await form.getByLabel('Penalty').fill('0');
        await form.getByLabel('Currency').fill('EUR');
      });
      await act(carla, treeNode(rental), 'Declare');
      await act(rita, transactionRow(rental), 'Accept');

      await rita.goto(`${server.url}/#/tx/${encodeURIComponent(rental)}`);
      await until(rita, `${treeNode(rental)} [data-status]`, 'accepted');
      // The timeline is fetched apart from the tree: wait for it, not only for the tree's status.
      await expect
        .poll(() => rita.locator('.timeline .fact-sentence').allTextContents(), {
          timeout: 10_000,
        })
        .toEqual(
          expect.arrayContaining([
            'Carla (rental completer) declined the rental.',
            'Rita (renter) accepted the rental.',
          ]),
        );
      expect(await text(rita, '.timeline .why')).toBe('“No family car free on those dates”');
      await session.screen(rita, 'rental-timeline');
      // The desk sees the whole tree, the driver's part too (the renter sees only her own).
      await carla.goto(`${server.url}/#/tx/${encodeURIComponent(rental)}`);
      await expect
        .poll(() => carla.locator('.timeline .fact-sentence').allTextContents(), {
          timeout: 10_000,
        })
        .toContain('Dirk (driver) revoked the promise of the car drop off.');
      await session.screen(carla, 'rental-tree-done');
    },
  );
});
