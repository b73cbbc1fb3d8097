import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openStores } from '../../app/open-stores.ts';
import { createFactum } from '../../engine/factum.ts';
import { loadModel } from '../../model/load-model.ts';
import { expectInvalidInput, factumOver, root, scratchDir } from '../cli-harness.test-support.ts';

const minimal = join(root, 'examples/minimal/model.yaml');
let store: string;
/** The minimal model with its kind renamed TK01 → TK07. */
let renamedKind: string;
/** The minimal model with its kind's business name changed: Delivery → Shipment. */
let renamedFacts: string;

beforeAll(async () => {
  const dir = await scratchDir();
  const loaded = await loadModel(minimal);
  if (!loaded.ok) throw new Error('the minimal model does not load');
  const stores = await openStores(`sqlite:${join(dir, 'minimal.db')}`);
  const delivery = createFactum({ model: loaded.value, store: stores.store, views: stores.views });
  const carol = { actor: 'carol', role: 'CA01' };
  const sue = { actor: 'sue', role: 'A01' };
  const first = await delivery.perform({
    kind: 'TK01',
    act: 'request',
    performer: carol,
    payload: { item: 'tea', quantity: 2 },
  });
  if (!first.ok) throw new Error(first.error.message);
  await delivery.perform({
    transactionId: first.value.transactionId,
    act: 'promise',
    performer: sue,
  });
  await delivery.perform({
    kind: 'TK01',
    act: 'request',
    performer: carol,
    payload: { item: 'rice', quantity: 1 },
  });
  await stores.close();
  store = `sqlite:${join(dir, 'minimal.db')}`;
  const text = await readFile(minimal, 'utf8');
  renamedKind = join(dir, 'renamed-kind.yaml');
  await writeFile(renamedKind, text.replace('  TK01:\n', '  TK07:\n'));
  renamedFacts = join(dir, 'renamed-facts.yaml');
  await writeFile(renamedFacts, text.replace('    name: Delivery\n', '    name: Shipment\n'));
});

describe('the log held against the model at start', () => {
  it('refuses with exit 2, naming each unknown kind and fact and how many facts hold it', async () => {
    const rebuild = await factumOver(renamedKind, store, ['views', 'rebuild']);
    expectInvalidInput(
      rebuild,
      "transaction kind 'TK01' is not in the model: 2 fact(s) of type 'DeliveryRequested'",
    );
    expect(rebuild.stderr).toContain(
      "transaction kind 'TK01' is not in the model: 1 fact(s) of type 'DeliveryPromised'",
    );
    expect(rebuild.stderr).toContain('--allow-unknown-facts');
    const parked = await factumOver(renamedFacts, store, ['parked', 'list']);
    expectInvalidInput(
      parked,
      "fact 'DeliveryRequested' is not a fact of kind TK01 in the model: 2 fact(s)",
    );
  });

  it('goes on when told to, still naming them', async () => {
    const parked = await factumOver(renamedKind, store, [
      'parked',
      'list',
      '--allow-unknown-facts',
    ]);
    expect(parked.code).toBe(0);
    expect(parked.stdout).toContain('nothing is parked');
    expect(parked.stderr).toContain("transaction kind 'TK01' is not in the model");
  });

  it('starts without a word when the model knows every fact', async () => {
    const parked = await factumOver(minimal, store, ['parked', 'list']);
    expect(parked.code).toBe(0);
    expect(parked.stderr).toBe('');
  });
});
