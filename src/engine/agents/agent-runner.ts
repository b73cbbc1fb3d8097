/**
 * Agents: the action rules of a model running over a durable subscription. Each fact is offered to
 * the rules it triggers; their acts are performed with ids derived from the fact, so a crash and
 * re-delivery never performs an act twice. A rule that throws is retried with backoff, then parked
 * with its error — visible and retryable — while the agent goes on with other facts. Scheduled acts
 * become timers in the log and fire once when due.
 */
import type { Fact, JsonObject } from '../../core/index.ts';
import type { ActionRule } from '../../model/action-rule.ts';
import type { Engine } from '../engine.ts';
import { ConcurrencyError, StoreUnavailableError } from '../ports/store-errors.ts';
import { isFactEvent, toFact } from '../fact-events.ts';
import type { EventStore, RecordedEvent } from '../ports/event-store.ts';
import type { ExpectedCheckpoint, RowChange, ViewRow, ViewStore } from '../ports/view-store.ts';
import { intentToAct, rulesTriggeredBy } from '../rules/rule-intents.ts';
import { respondWithRule, type RuleActOutcome } from '../rules/respond-to-facts.ts';
import { FencedSubscription } from '../views/fenced-subscription.ts';
import {
  isTimerEvent,
  timerData,
  timerKey,
  timerOf,
  timerStreamId,
  timersView,
  type TimerScheduled,
} from './timers.ts';

/** The view of parked rule failures. */
export const parkedView = 'parked';

/** A rule run that failed every attempt, kept with its error until retried. */
export interface ParkedRule {
  readonly key: string;
  readonly rule: string;
  readonly fact: Fact;
  readonly error: string;
  readonly attempts: number;
  readonly parkedAt: string;
}

export interface AgentOptions {
  /** Checkpoint name; one per agent. */
  readonly name?: string;
  /** Attempts before a failing rule is parked. */
  readonly attempts?: number;
  /** First backoff delay in ms; doubles on each attempt. */
  readonly backoffMs?: number;
  readonly batchSize?: number;
  /** Business processes of one batch answered at the same time (default 32). */
  readonly concurrency?: number;
  /** How often due timers are looked for, in ms. */
  readonly timerIntervalMs?: number;
  readonly now?: () => Date;
  readonly onOutcome?: (outcome: RuleActOutcome) => void;
  readonly onError?: (error: unknown) => void;
}

const defaultConcurrency = 32;

/** A rule run that lost a conflict with another lane's act (see `AgentRunner.#handle`). */
const contended = Symbol('contended');

/** A fact of a batch to answer: its place in the batch and the rules it triggers still to run. */
interface Answer {
  readonly index: number;
  readonly fact: Fact;
  readonly rules: readonly ActionRule[];
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs a model's action rules as an agent with a durable checkpoint. */
export class AgentRunner {
  readonly #feed: FencedSubscription;
  #timer: NodeJS.Timeout | undefined;
  #firing: Promise<void> = Promise.resolve();
  readonly name: string;

  constructor(
    private readonly engine: Engine,
    private readonly store: EventStore,
    private readonly views: ViewStore,
    private readonly options: AgentOptions = {},
  ) {
    this.name = options.name ?? 'agent:rules';
    // Fenced like a projection: an agent overlapping another (a paused process whose lease expired)
    // restarts from the stored checkpoint. Acts have ids derived from their facts, so what both ran
    // was performed once.
    this.#feed = new FencedSubscription({
      store,
      views,
      name: this.name,
      batchSize: options.batchSize ?? 100,
      handle: (events, expected) => this.#handle(events, expected),
      onError: (error) => this.options.onError?.(error),
    });
  }

  async start(): Promise<void> {
    await this.#feed.start();
    if (this.#timer !== undefined) return;
    const interval = this.options.timerIntervalMs ?? 1000;
    this.#timer = setInterval(() => void this.fireDueTimers(), interval);
    this.#timer.unref();
  }

  async caughtUp(): Promise<void> {
    await this.#feed.caughtUp();
  }

  async stop(): Promise<void> {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#feed.stop();
    await this.#firing;
  }

  /**
   * Answers a batch. The facts of one business process (one correlation id) are answered in log
   * order, the processes side by side, so that their acts share the store's group commits instead
   * of waiting for one sync each. Processes meet only where the engine checks them: a process whose
   * act keeps losing a conflict there (orders racing for one sku's stock) steps aside, and what is
   * left of it is answered afterwards one fact at a time, in log order, as without lanes.
   */
  async #handle(
    events: readonly RecordedEvent[],
    expected: ExpectedCheckpoint | null,
  ): Promise<void> {
    const last = events.at(-1);
    if (last === undefined) return;
    // Row changes by event, so the commit lists them in log order whatever order the lanes end in.
    const changes: RowChange[][] = events.map(() => []);
    const lanes = new Map<string, Answer[]>();
    events.forEach((event, index) => {
      if (isTimerEvent(event)) {
        changes[index] = timerChanges(event);
        return;
      }
      if (!isFactEvent(event)) return;
      const fact = toFact(event);
      const rules = rulesTriggeredBy(this.engine.model, fact);
      if (rules.length === 0) return;
      const lane = lanes.get(fact.correlationId);
      if (lane === undefined) lanes.set(fact.correlationId, [{ index, fact, rules }]);
      else lane.push({ index, fact, rules });
    });
    const pending = [...lanes.values()];
    const steppedAside: Answer[] = [];
    let failed = false;
    const runLanes = async (): Promise<void> => {
      try {
        for (let lane = pending.shift(); lane !== undefined && !failed; lane = pending.shift()) {
          for (const [at, answer] of lane.entries()) {
            const rest = await this.#answer(answer, changes, true);
            if (rest !== undefined) {
              steppedAside.push(rest, ...lane.slice(at + 1));
              break;
            }
          }
        }
      } catch (error) {
        // The batch fails (the store is away, say): no lane starts after it.
        failed = true;
        throw error;
      }
    };
    const workers = Math.min(this.options.concurrency ?? defaultConcurrency, pending.length);
    const settled = await Promise.allSettled(Array.from({ length: workers }, runLanes));
    // Every lane has stopped before the batch fails: none acts on after it.
    for (const outcome of settled) if (outcome.status === 'rejected') throw outcome.reason;
    steppedAside.sort((a, b) => a.index - b.index);
    for (const answer of steppedAside) await this.#answer(answer, changes, false);
    await this.views.commit([
      {
        projection: this.name,
        checkpoint: last.checkpoint,
        position: last.position,
        changes: changes.flat(),
        expected,
      },
    ]);
  }

  /**
   * Runs a fact's rules in order, adding what is parked to its event's changes. Beside other lanes,
   * a rule whose act lost its conflicts stops the fact there: the fact with its remaining rules is
   * returned, to be answered after the lanes.
   */
  async #answer(
    answer: Answer,
    changes: RowChange[][],
    besideOthers: boolean,
  ): Promise<Answer | undefined> {
    for (const [at, rule] of answer.rules.entries()) {
      const outcome = await this.#runWithRetry(rule, answer.fact, besideOthers);
      if (outcome === contended) return { ...answer, rules: answer.rules.slice(at) };
      if (outcome !== undefined) changes[answer.index]?.push(outcome);
    }
    return undefined;
  }

  /**
   * Runs a rule with retries; returns the parked row when every attempt failed, or `contended`
   * when, beside other lanes, its act lost a conflict with theirs.
   */
  async #runWithRetry(
    rule: ActionRule,
    fact: Fact,
    besideOthers: boolean,
  ): Promise<RowChange | typeof contended | undefined> {
    const attempts = this.options.attempts ?? 3;
    let delay = this.options.backoffMs ?? 100;
    let lastError: unknown;
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      try {
        await this.#run(rule, fact);
        return undefined;
      } catch (error) {
        // The store is away: not the rule's fault. The batch fails and is delivered again, from the
        // checkpoint, once the store is back (its acts are idempotent by their derived ids).
        if (error instanceof StoreUnavailableError) throw error;
        if (besideOthers && error instanceof ConcurrencyError) return contended;
        lastError = error;
        if (attempt < attempts) {
          await sleep(delay);
          delay *= 2;
        }
      }
    }
    const parked: ParkedRule = {
      key: parkedKey(fact, rule),
      rule: rule.id,
      fact,
      error: lastError instanceof Error ? lastError.message : String(lastError),
      attempts,
      parkedAt: this.#now().toISOString(),
    };
    return {
      view: parkedView,
      key: parked.key,
      row: parked as unknown as JsonObject,
      partition: rule.role,
    };
  }

  async #run(rule: ActionRule, fact: Fact): Promise<void> {
    const outcomes = await respondWithRule(this.engine, rule, fact);
    for (const outcome of outcomes) {
      this.options.onOutcome?.(outcome);
      if (outcome.outcome === 'scheduled') await this.#schedule(rule, fact, outcome);
    }
  }

  async #schedule(
    rule: ActionRule,
    fact: Fact,
    outcome: Extract<RuleActOutcome, { outcome: 'scheduled' }>,
  ): Promise<void> {
    const transaction = await this.engine.reader.transaction(fact.transactionId);
    if (transaction === undefined) return;
    const target =
      outcome.intent.type === 'perform'
        ? await this.engine.reader.transaction(outcome.intent.transactionId)
        : undefined;
    const act = intentToAct(outcome.intent, rule, fact, transaction, outcome.index, target);
    const timerId = act.actId ?? `${fact.actId}>${rule.id}.${outcome.index}`;
    const timer: TimerScheduled = {
      timerId,
      due: new Date(outcome.at).toISOString(),
      act,
      rule: rule.id,
    };
    await this.store.append(
      {
        streamId: timerStreamId(timerId),
        expectedVersion: 'any',
        events: [{ id: `${timerId}:scheduled`, type: 'TimerScheduled', data: timerData(timer) }],
      },
      { idempotencyKey: `${timerId}:scheduled` },
    );
  }

  /** Performs every timer that is due, once; returns how many fired. */
  fireDueTimers(): Promise<void> {
    this.#firing = this.#firing.then(async () => {
      try {
        await this.#fireDue();
      } catch (error) {
        // The store is unavailable, say: reported; the next round tries again.
        this.options.onError?.(error);
      }
    });
    return this.#firing;
  }

  async #fireDue(): Promise<void> {
    const now = this.#now().toISOString();
    const due = await this.views.query(timersView, { limit: 100 });
    for (const row of due.rows) {
      const timer = row.row as unknown as TimerScheduled;
      if (timer.due > now) break;
      try {
        const result = await this.engine.perform(timer.act);
        await this.store.append(
          {
            streamId: timerStreamId(timer.timerId),
            expectedVersion: 'any',
            events: [
              {
                id: `${timer.timerId}:fired`,
                type: 'TimerFired',
                data: {
                  timerId: timer.timerId,
                  due: timer.due,
                  outcome: result.ok ? 'performed' : result.error.code,
                },
              },
            ],
          },
          { idempotencyKey: `${timer.timerId}:fired` },
        );
      } catch (error) {
        this.options.onError?.(error);
      }
    }
  }

  /** The parked rule runs, for operators. */
  async parked(): Promise<readonly ParkedRule[]> {
    const page = await this.views.query(parkedView);
    return page.rows.map((row: ViewRow) => row.row as unknown as ParkedRule);
  }

  /** Runs a parked rule again; on success it is removed from the parked list. Throws if it fails again. */
  async retryParked(key: string): Promise<void> {
    const row = await this.views.get(parkedView, key);
    if (row === undefined) throw new Error(`No parked rule run '${key}'.`);
    const parked = row.row as unknown as ParkedRule;
    const rule = (this.engine.model.actionRules ?? []).find((r) => r.id === parked.rule);
    if (rule === undefined) throw new Error(`Rule '${parked.rule}' is no longer in the model.`);
    await this.#run(rule, parked.fact);
    await this.views.commit([
      { projection: this.name, changes: [{ view: parkedView, key, row: null }] },
    ]);
  }

  #now(): Date {
    return (this.options.now ?? (() => new Date()))();
  }
}

function parkedKey(fact: Fact, rule: ActionRule): string {
  return `${fact.actId}|${rule.id}`;
}

function timerChanges(event: RecordedEvent): RowChange[] {
  if (event.type === 'TimerScheduled') {
    const timer = timerOf(event);
    return [
      {
        view: timersView,
        key: timerKey(timer.due, timer.timerId),
        row: timer as unknown as JsonObject,
      },
    ];
  }
  if (event.type === 'TimerFired') {
    const fired = event.data as { timerId: string; due: string };
    return [{ view: timersView, key: timerKey(fired.due, fired.timerId), row: null }];
  }
  return [];
}
