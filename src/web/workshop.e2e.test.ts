/**
 * A second model, written only in YAML, walked end to end through the dashboard alone, as each of
 * its roles: a repair declined and asked again with the declined terms prefilled, children started
 * from the parent's page (the quote approval addressed to the customer the tree names, a parts
 * order), the repair's execution shown waiting for the approval, the result recorded on execute,
 * a revocation asked and allowed, lists filtered and the audit trail read.
 */
import { expect, it } from 'vitest';
import {
  act,
  actWithReason,
  browserSession,
  describeInBrowser,
  nav,
  request,
  shownId,
  text,
  transactionRow,
  treeNode,
  until,
} from './browser.test-support.ts';

const session = browserSession('workshop');

describeInBrowser('a YAML model in the dashboard', () => {
  it(
    'runs a repair as customer, mechanic and parts supplier, through the UI only',
    { timeout: 120_000 },
    async () => {
      const server = await session.startFile(
        new URL('./test-models/workshop.yaml', import.meta.url),
      );

      // The customer asks for a repair with the generated form (money, a date).
      const carol = await session.signedIn(server.url, 'carol', 'customer');
      const repair = await request(carol, 'Repair', async () => {
        await carol.getByLabel('Bike').fill('Batavus e-bike');
        await carol.getByLabel('What is wrong').fill('Motor stops');
        await carol.getByLabel('Budget').fill('20000');
        await session.screen(carol, 'repair-request-form');
      });
      await until(carol, `${treeNode(repair)} [data-status]`, 'requested');

      // The mechanic declines, saying why.
      const wanda = await session.signedIn(server.url, 'wanda', 'mechanic');
      const row = transactionRow(repair);
      await wanda.locator(row).waitFor();
      expect(await wanda.locator(row).textContent()).toContain('Batavus e-bike');
      expect(await wanda.locator(row).textContent()).toContain('€200.00');
      await session.screen(wanda, 'mechanic-agenda');
      await actWithReason(wanda, row, 'Decline', 'We do not repair e-bike motors');

      // The customer sees why, and asks again: the form holds the declined terms.
      await until(carol, `${treeNode(repair)} [data-status]`, 'declined');
      await expect
        .poll(() => text(carol, '.timeline .why'), { timeout: 10_000 })
        .toContain('e-bike motors');
      await carol
        .locator(treeNode(repair))
        .getByRole('button', { name: 'Request', exact: true })
        .click();
      const form = carol.locator(treeNode(repair)).locator('form.act-form');
      expect(await form.getByLabel('Bike').inputValue()).toBe('Batavus e-bike');
      expect(await form.getByLabel('Budget').inputValue()).toBe('20000');
      await form.getByLabel('What is wrong').fill('Gears slip');
      await session.screen(carol, 'repair-re-request');
      await form.getByRole('button', { name: 'Confirm: request' }).click();
      await until(carol, `${treeNode(repair)} [data-status]`, 'requested');

      // The mechanic promises; executing waits for the customer's approval.
      await act(wanda, row, 'Promise');
      await wanda.goto(`${server.url}/#/tx/${encodeURIComponent(repair)}`);
      const waiting = wanda.locator(treeNode(repair)).locator('[data-waiting="execute"]');
      await waiting.waitFor();
      expect(await waiting.textContent()).toContain('Waits for an approval to be accepted');
      expect(await waiting.getByRole('button', { name: 'Record the repair' }).isDisabled()).toBe(
        true,
      );
      await session.screen(wanda, 'repair-waiting');

      // From the repair's page the mechanic asks the customer the tree names to approve the quote.
      await wanda
        .locator(treeNode(repair))
        .getByRole('link', { name: /^Request Approval/ })
        .click();
      await wanda.getByRole('heading', { name: 'New Approval' }).waitFor();
      expect(await wanda.locator('.lead').textContent()).toContain('(Carol)');
      await wanda.getByLabel('Quote').fill('6500');
      await session.screen(wanda, 'approval-request');
      await wanda.getByRole('button', { name: 'Request Approval' }).click();
      await wanda.waitForURL((url) => url.hash.startsWith('#/tx/') && !url.hash.includes(repair));
      const approval = shownId(wanda);

      // And orders a part under the repair.
      await wanda.goto(`${server.url}/#/tx/${encodeURIComponent(repair)}`);
      await wanda
        .locator(treeNode(repair))
        .getByRole('link', { name: /^Request Parts order/ })
        .click();
      await wanda.getByRole('textbox', { name: 'Part', exact: true }).fill('derailleur');
      await wanda.getByRole('button', { name: 'Request Parts order' }).click();
      await wanda.waitForURL((url) => url.hash.startsWith('#/tx/') && !url.hash.includes(repair));
      const parts = shownId(wanda);

      // The parts supplier delivers; the mechanic accepts from the agenda.
      const pete = await session.signedIn(server.url, 'pete', 'parts supplier');
      const partsRow = transactionRow(parts);
      await pete.locator(partsRow).waitFor();
      expect(await pete.locator(partsRow).textContent()).toContain('derailleur');
      for (const name of ['Promise', 'Execute', 'Declare']) await act(pete, partsRow, name);
      await nav(wanda, 'Agenda');
      await act(wanda, partsRow, 'Accept');

      // The customer approves in the model's words; the mechanic accepts the approval.
      await nav(carol, 'Agenda');
      const approvalRow = transactionRow(approval);
      await carol.locator(approvalRow).waitFor();
      expect(await carol.locator(approvalRow).textContent()).toContain('€65.00');
      await session.screen(carol, 'customer-agenda');
      for (const name of ['Look at the quote', 'Approve', 'Send approval'])
        await act(carol, approvalRow, name);
      await act(wanda, approvalRow, 'Accept');

      // Now the repair may be executed, with its result; then declared and accepted.
      await wanda.goto(`${server.url}/#/tx/${encodeURIComponent(repair)}`);
      const record = wanda
        .locator(treeNode(repair))
        .getByRole('button', { name: 'Record the repair', exact: true });
      await expect.poll(() => record.isEnabled(), { timeout: 10_000 }).toBe(true);
      await record.click();
      const result = wanda.locator(treeNode(repair)).locator('form.act-form');
      await result.getByLabel('Work done').fill('New derailleur fitted');
      await result.getByLabel('Cost').fill('6400');
      await result.getByRole('button', { name: 'Confirm: record the repair' }).click();
      await until(wanda, `${treeNode(repair)} [data-status]`, 'executed');
      await act(wanda, treeNode(repair), 'Declare');
      await until(carol, `${transactionRow(repair)} [data-status]`, 'declared');
      await act(carol, transactionRow(repair), 'Accept');

      // The customer's tree page: sentences, the result rendered from its schema.
      await carol.goto(`${server.url}/#/tx/${encodeURIComponent(repair)}`);
      await until(carol, `${treeNode(repair)} [data-status]`, 'accepted');
      await expect.poll(() => carol.locator('.timeline li').count()).toBeGreaterThan(10);
      const sentences = await carol.locator('.timeline .fact-sentence').allTextContents();
      expect(sentences).toContain('Wanda (mechanic) declined the repair.');
      expect(sentences).toContain('Carol (customer) approved the approval.');
      await carol.locator('.timeline li[data-fact="RepairExecuted"] summary').click();
      expect(
        await carol.locator('.timeline li[data-fact="RepairExecuted"] .payload').textContent(),
      ).toContain('€64.00');
      await session.screen(carol, 'repair-timeline');

      // A second repair, withdrawn by the customer and allowed by the mechanic.
      const second = await request(carol, 'Repair', async () => {
        await carol.getByLabel('Bike').fill('Old racer');
      });
      await carol.locator(treeNode(second)).locator('summary', { hasText: 'Revoke…' }).click();
      expect(await carol.locator(treeNode(second)).locator('.revocations').textContent()).toContain(
        'the mechanic is asked to allow it',
      );
      await session.screen(carol, 'revoke-explained');
      await actWithReason(carol, treeNode(second), 'Revoke request', 'Sold the bike');
      await nav(wanda, 'Agenda');
      const secondRow = transactionRow(second);
      await act(wanda, secondRow, 'Allow revocation');
      await until(carol, `${treeNode(second)} [data-status]`, 'revoked');

      // Lists: the mechanic filters the transactions by status and kind, and reads the audit trail.
      await nav(wanda, 'Transactions');
      await wanda.getByLabel('Status').selectOption('revoked');
      await until(wanda, 'tbody tr [data-status]', 'revoked');
      // The list refreshes itself as facts arrive: wait for the filtered one, not the first paint.
      await expect.poll(() => wanda.locator('tbody tr').count()).toBe(1);
      await session.screen(wanda, 'transactions-filtered');
      await wanda.getByRole('button', { name: 'Clear' }).click();
      await wanda.getByLabel('Kind').selectOption('TK01');
      await expect.poll(() => wanda.locator('tbody tr').count()).toBe(2);
      await nav(wanda, 'Open repairs');
      await wanda.locator('tbody tr').first().waitFor();
      expect(await wanda.locator('table').textContent()).toContain('€200.00');
      await session.screen(wanda, 'declared-screen');
      await wanda.goto(`${server.url}/#/audit/${encodeURIComponent(repair)}`);
      await wanda.locator('tr[data-fact="RepairAccepted"]').waitFor();
      await session.screen(wanda, 'audit');
      const download = wanda.waitForEvent('download');
      await wanda.getByRole('button', { name: 'Download CSV' }).click();
      expect((await download).suggestedFilename()).toBe(`audit-${repair}.csv`);

      // An unknown address shows a page that says so.
      await wanda.goto(`${server.url}/#/no-such-page`);
      await wanda.getByRole('heading', { name: 'Page not found' }).waitFor();
      await session.screen(wanda, 'not-found');
    },
  );
});
