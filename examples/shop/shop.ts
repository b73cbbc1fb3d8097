/** The shop, complete: its DEMO model with the rules, the stock ledger and the views. */
import type { Model } from 'factum/model';
import { stockLedger } from './ledgers.ts';
import { shopModel } from './model.ts';
import { shopRules } from './rules.ts';
import { shopViews } from './views.ts';

/** The runnable shop model. */
export const shop: Model = {
  ...shopModel,
  actionRules: shopRules,
  views: shopViews,
  ledgers: [stockLedger],
};

export default shop;
