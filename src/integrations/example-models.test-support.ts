/**
 * The example models the integrations' documents are checked against: the shop (defined in
 * TypeScript) and the minimal and Rent-A-Car models (YAML, loaded as the CLI loads them).
 */
import { fileURLToPath } from 'node:url';
import { shopModel } from '../../examples/shop/model.ts';
import { formatModelProblems, loadModel, type Model } from '../model/index.ts';

/** A YAML example model by its folder under `examples/`; a model that does not load fails the test. */
export async function exampleModel(name: 'minimal' | 'rental'): Promise<Model> {
  const file = fileURLToPath(new URL(`../../examples/${name}/model.yaml`, import.meta.url));
  const loaded = await loadModel(file);
  if (!loaded.ok) throw new Error(formatModelProblems(loaded.error));
  return loaded.value;
}

/** The shop, minimal and Rent-A-Car models. */
export async function exampleModels(): Promise<Model[]> {
  return [shopModel, await exampleModel('minimal'), await exampleModel('rental')];
}
