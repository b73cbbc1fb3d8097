/** Demo data for the shop: the catalogue's stock received into the stock ledger, once. */
import { catalog } from './catalog.ts';

/** What seeding needs: a way to receive stock into a ledger key, idempotently by id. */
export interface StockReceiver {
  receive(ledger: string, key: string, amount: number, id?: string): Promise<void>;
}

/** Receives the initial stock of every catalogue product; running it twice receives nothing more. */
export async function seedStock(target: StockReceiver): Promise<void> {
  for (const product of catalog) {
    await target.receive('stock', product.sku, product.initialStock, `seed:stock:${product.sku}`);
  }
}
