/** Loads a model for a command; on problems prints each at its path and returns undefined. */
import { loadModel } from '../model/load-model.ts';
import { formatModelProblems } from '../model/model-problem.ts';
import type { Model } from '../model/model.ts';

/** Loads and validates a model file; prints every problem to stderr and returns undefined when malformed. */
export async function loadModelOrReport(path: string): Promise<Model | undefined> {
  const loaded = await loadModel(path);
  if (loaded.ok) return loaded.value;
  process.stderr.write(
    `${path}: the model has ${loaded.error.length} problem(s):\n${formatModelProblems(loaded.error)}\n`,
  );
  return undefined;
}
