/**
 * The shop's own views of the Fact Model: each customer's orders with their payment and shipment
 * (the order dashboard), and the fulfilment team's pending orders with what each awaits.
 */
import type { JsonObject } from 'factum/core';
import { defineView } from 'factum/model';
import { orderTerms, orderTotal } from './order-terms.ts';

/** A row of a customer's order dashboard. */
export interface CustomerOrderRow extends JsonObject {
  readonly orderId: string;
  readonly customer: string;
  readonly status: string;
  readonly lines: JsonObject[];
  readonly total: number;
  readonly payment: { readonly id: string; readonly status: string } | null;
  readonly shipment: { readonly id: string; readonly status: string } | null;
  readonly placedAt: string;
  readonly updatedAt: string;
  readonly note: string | null;
}

const statusOfFact: Record<string, string> = {
  requested: 'requested',
  promised: 'promised',
  declined: 'declined',
  quitted: 'quitted',
  executed: 'executed',
  declared: 'declared',
  accepted: 'accepted',
  rejected: 'rejected',
  stopped: 'stopped',
};

/** Index rows map a payment or shipment to its order, so their later facts find the order's row. */
const indexKey = (transactionId: string): string => `child:${transactionId}`;

/** Each customer's orders (partition `order`), with the payment and shipment of each, updated live. */
export const customerOrders = defineView<JsonObject>({
  name: 'customer-orders',
  description: "A customer's orders with their payment and shipment: the order status dashboard.",
  async project(fact, current) {
    if (fact.kind === 'TK01') {
      const existing = (await current(fact.transactionId)) as CustomerOrderRow | undefined;
      const terms = fact.fact === 'requested' ? orderTerms(fact.payload) : undefined;
      const customer = existing?.customer ?? fact.performer.actor;
      const status =
        fact.fact in statusOfFact
          ? (statusOfFact[fact.fact] ?? 'requested')
          : (existing?.status ?? 'requested');
      const row: CustomerOrderRow = {
        orderId: fact.transactionId,
        customer,
        status: fact.act === 'revoke' ? (existing?.status ?? status) : status,
        lines:
          terms === undefined ? (existing?.lines ?? []) : terms.lines.map((line) => ({ ...line })),
        total: terms === undefined ? (existing?.total ?? 0) : orderTotal(terms),
        payment: existing?.payment ?? null,
        shipment: existing?.shipment ?? null,
        placedAt: existing?.placedAt ?? fact.time,
        updatedAt: fact.time,
        note: fact.justification ?? (fact.act === 'revoke' ? 'revocation requested' : null),
      };
      if (fact.fact === 'revocationAllowed' && fact.revokes === 'request')
        return [
          {
            key: fact.transactionId,
            row: { ...row, status: 'revoked' },
            partition: 'order',
            owner: customer,
          },
        ];
      if (fact.fact === 'revocationAllowed' || fact.fact === 'revocationRefused') {
        return [
          {
            key: fact.transactionId,
            row: { ...row, status: existing?.status ?? status },
            partition: 'order',
            owner: customer,
          },
        ];
      }
      return [{ key: fact.transactionId, row, partition: 'order', owner: customer }];
    }
    const orderId =
      fact.parent?.kind === 'TK01'
        ? fact.parent.transactionId
        : ((await current(indexKey(fact.transactionId)))?.orderId as string | undefined);
    if (orderId === undefined) return [];
    const order = (await current(orderId)) as CustomerOrderRow | undefined;
    if (order === undefined) return [];
    const status =
      fact.fact === 'revocationAllowed' && fact.revokes === 'request'
        ? 'revoked'
        : (statusOfFact[fact.fact] ?? null);
    const part = fact.kind === 'TK02' ? 'payment' : 'shipment';
    const previous = order[part];
    const updated = { id: fact.transactionId, status: status ?? previous?.status ?? 'requested' };
    return [
      {
        key: indexKey(fact.transactionId),
        row: { orderId },
        partition: 'index',
        owner: order.customer,
      },
      {
        key: orderId,
        row: { ...order, [part]: updated, updatedAt: fact.time },
        partition: 'order',
        owner: order.customer,
      },
    ];
  },
});

const stages: Record<string, string> = {
  requested: 'awaiting promise',
  promised: 'awaiting payment and shipment',
  executed: 'awaiting declaration',
  declared: 'awaiting the customer',
  rejected: 'rejected by the customer',
};

/** The fulfilment team's pending orders: every order not yet accepted or ended, and what it awaits. */
export const pendingOrders = defineView<JsonObject>({
  name: 'pending-orders',
  description: "The order completer's pending orders, with what each awaits.",
  readableBy: ['A01'],
  async project(fact, current) {
    if (fact.kind !== 'TK01') return [];
    const existing = await current(fact.transactionId);
    const terms = fact.fact === 'requested' ? orderTerms(fact.payload) : undefined;
    const previousStatus = (existing?.status as string | undefined) ?? 'requested';
    const status = statusOfFact[fact.fact] ?? previousStatus;
    const revocationPending = fact.act === 'revoke';
    if (
      ['accepted', 'quitted', 'stopped', 'declined'].includes(status) ||
      (fact.fact === 'revocationAllowed' && fact.revokes === 'request')
    ) {
      return [{ key: fact.transactionId, delete: true }];
    }
    const effective =
      fact.fact === 'revocationAllowed' || fact.fact === 'revocationRefused' || revocationPending
        ? previousStatus
        : status;
    return [
      {
        key: fact.transactionId,
        row: {
          orderId: fact.transactionId,
          customer: (existing?.customer as string | undefined) ?? fact.performer.actor,
          status: effective,
          awaiting: revocationPending ? 'answer to a revocation' : (stages[effective] ?? effective),
          total:
            terms === undefined
              ? ((existing?.total as number | undefined) ?? 0)
              : orderTotal(terms),
          lines:
            terms === undefined
              ? ((existing?.lines as JsonObject[] | undefined) ?? [])
              : terms.lines.map((line) => ({ ...line })),
          since: fact.time,
        },
      },
    ];
  },
});

/** The shop's views. */
export const shopViews = [customerOrders, pendingOrders];
