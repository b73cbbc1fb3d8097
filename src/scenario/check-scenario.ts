/** Checks a scenario against a model before running it: every problem at its path, nothing run. */
import { parseAct, parseRevocableAct, protocolErrorCodes, statuses } from '../core/index.ts';
import type { Model } from '../model/model.ts';
import { scenarioSchema, scenarioStepSchema, type Scenario } from './scenario.ts';

/** One problem in a scenario file, at its dotted path. */
export interface ScenarioProblem {
  readonly path: string;
  readonly message: string;
}

/** Turns zod issues into problems under a path prefix (pure). */
function problemsOf(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  prefix: string,
): ScenarioProblem[] {
  return issues.map((issue) => ({
    path:
      [prefix, ...issue.path.map(String)].filter((part) => part !== '').join('.') || '(scenario)',
    message: issue.message,
  }));
}

/**
 * Parses and checks a scenario against a model; lists every problem (pure). Each step is parsed on
 * its own, so a step of the wrong shape does not hide the model problems of the others.
 */
export function checkScenario(
  model: Model,
  input: unknown,
): { ok: true; value: Scenario } | { ok: false; error: readonly ScenarioProblem[] } {
  const problems: ScenarioProblem[] = [];
  const parsed = scenarioSchema.safeParse(input);
  if (!parsed.success) {
    const stepsOf = (input as { steps?: unknown } | null)?.steps;
    const steps = Array.isArray(stepsOf) ? (stepsOf as unknown[]) : undefined;
    // Problems inside steps are collected step by step below; the rest here.
    problems.push(
      ...problemsOf(
        parsed.error.issues.filter(
          (issue) => steps === undefined || issue.path[0] !== 'steps' || issue.path.length < 2,
        ),
        '',
      ),
    );
    if (steps === undefined) return { ok: false, error: problems };
  }
  const byHand = (input as { byHand?: unknown } | null)?.byHand;
  if (Array.isArray(byHand))
    byHand.forEach((role, index) => {
      if (typeof role === 'string' && role.length > 0 && model.actorRoles[role] === undefined)
        problems.push({
          path: `byHand.${index}`,
          message: `unknown actor role '${role}' (the model's roles: ${Object.keys(model.actorRoles).join(', ')})`,
        });
    });
  const rawSteps = parsed.success ? parsed.data.steps : (input as { steps: unknown[] }).steps;
  const kinds = new Map<string, string>();
  let lastAt: { at: string; step: number } | undefined;
  rawSteps.forEach((raw, index) => {
    const at = `steps.${index}`;
    const stepResult = scenarioStepSchema.safeParse(raw);
    if (!stepResult.success) {
      problems.push(...problemsOf(stepResult.error.issues, at));
      return;
    }
    const step = stepResult.data;
    if (step.act === undefined) {
      if (step.at === undefined)
        problems.push({
          path: `${at}.act`,
          message: 'missing act: a step performs an act, or has `at` to let time pass',
        });
      else if (step.by !== undefined)
        problems.push({
          path: `${at}.by`,
          message: 'a step with no act only lets time pass: it names no actor role',
        });
    } else {
      if (step.by === undefined)
        problems.push({
          path: `${at}.by`,
          message: 'missing by: the actor role performing the act',
        });
      else if (model.actorRoles[step.by] === undefined)
        problems.push({ path: `${at}.by`, message: `unknown actor role '${step.by}'` });
      if (parseAct(step.act) === undefined)
        problems.push({ path: `${at}.act`, message: `unknown act '${step.act}'` });
    }
    if (step.at !== undefined) {
      if (lastAt !== undefined && Date.parse(step.at) < Date.parse(lastAt.at))
        problems.push({
          path: `${at}.at`,
          message: `'${step.at}' is before '${lastAt.at}' (step ${lastAt.step}): time only moves forward`,
        });
      lastAt = { at: step.at, step: index + 1 };
    }
    if (step.revokes !== undefined && parseRevocableAct(step.revokes) === undefined) {
      problems.push({
        path: `${at}.revokes`,
        message: `'${step.revokes}' cannot be revoked: one of request, promise, declare, accept`,
      });
    }
    if (
      step.expect !== undefined &&
      step.expect !== 'refused' &&
      !(statuses as readonly string[]).includes(step.expect) &&
      !(protocolErrorCodes as readonly string[]).includes(step.expect)
    ) {
      problems.push({
        path: `${at}.expect`,
        message: `'${step.expect}' is neither 'refused', a status (${statuses.join(', ')}) nor a refusal code (${protocolErrorCodes.join(', ')})`,
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
    } else if (known === undefined && step.act !== undefined) {
      problems.push({
        path: `${at}.kind`,
        message: `first step of transaction '${step.tx}' must name its kind`,
      });
    }
  });
  return problems.length > 0 || !parsed.success
    ? { ok: false, error: problems }
    : { ok: true, value: parsed.data };
}
