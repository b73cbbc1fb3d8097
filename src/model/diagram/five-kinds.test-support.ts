/** A five-kind model in the manner of Dietz's Rent-A-Car case, for the diagram tests. */
import { defineModel } from '../define-model.ts';
import { ruleOn } from '../action-rule.test-support.ts';
import { responseLink, waitLink } from '../../core/process-links.test-support.ts';

/** A kind of the case: business name, DEMO's name, product kind, initiator and executor. */
function kind<I extends string, E extends string>(
  name: string,
  label: string,
  product: string,
  initiator: I,
  executor: E,
) {
  return { name, label, product, initiator, executor, example: {} };
}

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
    TK01: kind('Rental', 'rental contracting', '[rental] has been contracted', 'CA01', 'A01'),
    TK02: kind(
      'RentalPayment',
      'rental payment',
      'the rent of [rental] has been paid',
      'A01',
      'CA01',
    ),
    TK03: kind('CarPickUp', 'car pick-up', 'the car of [rental] has been picked up', 'CA02', 'A02'),
    TK04: kind(
      'CarDropOff',
      'car drop-off',
      'the car of [rental] has been dropped off',
      'CA02',
      'A03',
    ),
    TK05: kind(
      'PenaltySettlement',
      'penalty or deposit settlement',
      'the deposit of [rental] has been settled',
      'A03',
      'A04',
    ),
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
    ruleOn('request-rental-payment', 'A01', 'TK01/promised'),
    ruleOn('settle-when-late', 'A03', 'TK04/declared'),
  ],
});

export default rentalLike;
