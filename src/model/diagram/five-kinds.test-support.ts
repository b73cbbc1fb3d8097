/** A five-kind model in the manner of Dietz's Rent-A-Car case, for the diagram tests. */
import { defineModel } from '../define-model.ts';
import { responseLink, waitLink } from '../../core/process-links.test-support.ts';

/** Rental contracting with its payment, pick-up, drop-off and settlement; two rules, five links. */
export const rentalLike = defineModel({
  name: 'rent-a-car',
  actorRoles: {
    CA01: { name: 'renter', kind: 'environmental' },
    CA02: { name: 'driver', kind: 'environmental' },
    A01: { name: 'rental contractor' },
    A02: { name: 'car issuer' },
    A03: { name: 'car drop-off inspector' },
    A04: { name: 'penalty settler' },
  },
  transactionKinds: {
    TK01: {
      name: 'Rental',
      label: 'rental contracting',
      product: '[rental] has been contracted',
      initiator: 'CA01',
      executor: 'A01',
      example: {},
    },
    TK02: {
      name: 'RentalPayment',
      label: 'rental payment',
      product: 'the rent of [rental] has been paid',
      initiator: 'A01',
      executor: 'CA01',
      example: {},
    },
    TK03: {
      name: 'CarPickUp',
      label: 'car pick-up',
      product: 'the car of [rental] has been picked up',
      initiator: 'CA02',
      executor: 'A02',
      example: {},
    },
    TK04: {
      name: 'CarDropOff',
      label: 'car drop-off',
      product: 'the car of [rental] has been dropped off',
      initiator: 'CA02',
      executor: 'A03',
      example: {},
    },
    TK05: {
      name: 'PenaltySettlement',
      label: 'penalty or deposit settlement',
      product: 'the deposit of [rental] has been settled',
      initiator: 'A03',
      executor: 'A04',
      example: {},
    },
  },
  processModel: {
    responseLinks: [
      responseLink('TK01/promised', 'TK02/request', '1'),
      responseLink('TK01/promised', 'TK03/request', '1'),
      responseLink('TK03/accepted', 'TK04/request', '1'),
      responseLink('TK04/declared', 'TK05/request', '0..1'),
    ],
    waitLinks: [
      waitLink('TK03/promise', 'TK02/accepted', '1'),
      waitLink('TK01/execute', 'TK04/accepted', '1'),
    ],
  },
  actionRules: [
    {
      id: 'request-rental-payment',
      role: 'A01',
      when: { kind: 'TK01', fact: 'promised' },
      then: () => [],
    },
    {
      id: 'settle-when-late',
      role: 'A03',
      when: { kind: 'TK04', fact: 'declared' },
      then: () => [],
    },
  ],
});

export default rentalLike;
