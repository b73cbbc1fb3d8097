/**
 * Factum embedded in a program: the shop on the in-memory stores, one order from request to
 * accept. Run it with `npx tsx examples/embedded/main.ts`.
 */
import { createFactum } from 'factum';
import { memoryEventStore, memoryViewStore } from 'factum/stores';
import { shopModel } from '../shop/model.ts';
import { seedStock } from '../shop/seed.ts';

const factum = createFactum({
  model: shopModel,
  store: memoryEventStore(),
  views: memoryViewStore(),
});
await seedStock(factum);
await factum.start();

const alice = { actor: 'alice', role: 'CA01' };
const sam = { actor: 'sam', role: 'A02' };

// The customer requests an order; the shop's rules promise it and request the payment.
const ordered = await factum.perform({
  kind: 'TK01',
  act: 'request',
  performer: alice,
  payload: {
    lines: [{ sku: 'MUG-001', qty: 2 }],
    shippingAddress: {
      name: 'Alice Example',
      street: '1 Market Street',
      city: 'Utrecht',
      postcode: '3511 AA',
      country: 'NL',
    },
  },
});
if (!ordered.ok) throw new Error(ordered.error.message);
const orderId = ordered.value.transactionId;
await factum.settle();

// A refusal is a value that says why, and nothing is appended.
const early = await factum.perform({ transactionId: orderId, act: 'accept', performer: alice });
if (!early.ok) console.log(`refused: ${early.error.code} — ${early.error.message}`);

// The customer pays; the shop accepts the payment and requests the shipment; the shipper ships.
for (const act of ['promise', 'execute', 'declare']) {
  await factum.perform({ transactionId: `${orderId}.TK02`, act, performer: alice });
  await factum.settle();
}
for (const act of ['promise', 'execute', 'declare']) {
  await factum.perform({ transactionId: `${orderId}.TK03`, act, performer: sam });
  await factum.settle();
}
await factum.perform({ transactionId: orderId, act: 'accept', performer: alice });
await factum.settle();

for (const row of await factum.queries.tree(orderId)) {
  const { kindName, id, status } = row as { kindName: string; id: string; status: string };
  console.log(`${kindName} ${id}: ${status}`);
}
const audit = await factum.queries.audit(orderId);
const last = audit.items.at(-1) as { type: string } | undefined;
console.log(`${audit.total} facts in the audit trail; the last: ${last?.type ?? 'none'}`);
await factum.stop();
