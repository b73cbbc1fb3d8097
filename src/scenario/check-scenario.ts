/** Checks a scenario against a model before running it: every problem at its path, nothing run. */
import { parseAct, parseRevocableAct } from '../core/index.ts';
import type { Model } from '../model/model.ts';
import { scenarioSchema, type Scenario } from './scenario.ts';

/** One problem in a scenario file, at its dotted path. */
export interface ScenarioProblem {
  readonly path: string;
  readonly message: string;
}

/** Parses and checks a scenario against a model; lists every problem (pure). */
export function checkScenario(
  model: Model,
  input: unknown,
): { ok: true; value: Scenario } | { ok: false; error: readonly ScenarioProblem[] } {
  const parsed = scenarioSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      error: parsed.error.issues.map((issue) => ({
        path: issue.path.map(String).join('.') || '(scenario)',
        message: issue.message,
      })),
    };
  }
  const problems: ScenarioProblem[] = [];
  const kinds = new Map<string, string>();
  parsed.data.steps.forEach((step, index) => {
    const at = `steps.${index}`;
    if (model.actorRoles[step.by] === undefined) {
      problems.push({ path: `${at}.by`, message: `unknown actor role '${step.by}'` });
    }
    if (parseAct(step.act) === undefined) {
      problems.push({ path: `${at}.act`, message: `unknown act '${step.act}'` });
    }
    if (step.revokes !== undefined && parseRevocableAct(step.revokes) === undefined) {
      problems.push({
        path: `${at}.revokes`,
        message: `'${step.revokes}' cannot be revoked: one of request, promise, declare, accept`,
      });
    }
    const known = kinds.get(step.tx);
    if (step.kind !== undefined) {
      if (model.transactionKinds[step.kind] === undefined) {
        problems.push({ path: `${at}.kind`, message: `unknown transaction kind '${step.kind}'` });
      } else if (known !== undefined && known !== step.kind) {
        problems.push({
          path: `${at}.kind`,
          message: `transaction '${step.tx}' is of kind ${known}, not ${step.kind}`,
        });
      } else {
        kinds.set(step.tx, step.kind);
      }
    } else if (known === undefined) {
      problems.push({
        path: `${at}.kind`,
        message: `first step of transaction '${step.tx}' must name its kind`,
      });
    }
  });
  return problems.length > 0 ? { ok: false, error: problems } : { ok: true, value: parsed.data };
}
