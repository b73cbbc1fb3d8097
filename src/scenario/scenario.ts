/**
 * The scenario format: sample instances of a model, as DEMO modellers check a model by walking
 * through transactions step by step. Validated with one zod schema, from YAML or JSON.
 */
import { z } from 'zod';

/** The schema of one step of a scenario. */
export const scenarioStepSchema = z
  .object({
    tx: z.string().min(1).describe('names a transaction of the scenario'),
    kind: z
      .string()
      .min(1)
      .optional()
      .describe("the transaction kind; required on a transaction's first step"),
    at: z.iso
      .datetime({ offset: true })
      .optional()
      .describe(
        'when the step happens (ISO 8601): time passes until then, and what rules asked for by then runs first',
      ),
    by: z
      .string()
      .min(1)
      .optional()
      .describe('the actor role performing the act; required with act'),
    actor: z
      .string()
      .min(1)
      .optional()
      .describe("the actor filling the role; defaults to the role's first demo actor"),
    act: z
      .string()
      .min(1)
      .optional()
      .describe('the act; a step with `at` and no act only lets time pass, then checks expect'),
    revokes: z.string().min(1).optional(),
    parent: z
      .string()
      .min(1)
      .optional()
      .describe("on a transaction's first step: its parent transaction"),
    addressee: z.string().min(1).optional().describe('on a request: the actor it is addressed to'),
    payload: z.json().optional(),
    justification: z.string().optional(),
    expect: z
      .string()
      .min(1)
      .optional()
      .describe("the status after the step, 'refused', or the refusal's code (e.g. AwaitingFact)"),
  })
  .strict();

const given = z
  .object({
    ledgers: z
      .record(z.string(), z.record(z.string(), z.number().int().nonnegative()))
      .optional()
      .describe('quantities on hand before the first step, e.g. { stock: { MUG-001: 40 } }'),
  })
  .strict();

/** The schema of a scenario file: `{ name?, given?, byHand?, steps: [...] }`. */
export const scenarioSchema = z
  .object({
    name: z.string().optional(),
    given: given.optional(),
    byHand: z
      .array(z.string().min(1))
      .optional()
      .describe(
        'actor roles whose acts the steps perform by hand: with rules on, their action rules stand down',
      ),
    steps: z.array(scenarioStepSchema).min(1),
  })
  .strict();

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioStep = Scenario['steps'][number];
