/**
 * What the shop takes in from other systems: its payment provider's `payment.captured` event means
 * the customer has paid. The provider knows the payment by the id the shop gave it (the payment
 * transaction's id, sent with the request); the customer's promise, execute and declare follow, each
 * only when due, performed as the customer of that payment.
 */
import type { InboundMapping } from 'factum/model';

export const paymentCaptured: InboundMapping & { readonly role: 'CA01' } = {
  id: 'payment-captured',
  description: "The payment provider captured the customer's payment: the customer has paid.",
  type: 'payment.captured',
  role: 'CA01',
  with: { payment: 'string(event.data.payment)' },
  acts: [
    {
      promise: {
        transaction: 'payment',
        if: "transaction == null || transaction.status == 'requested'",
      },
    },
    { execute: { transaction: 'payment', if: "transaction.status == 'promised'" } },
    { declare: { transaction: 'payment', if: "transaction.status == 'executed'" } },
  ],
};
