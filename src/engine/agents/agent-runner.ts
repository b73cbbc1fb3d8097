/**
 * Agents: the action rules of a model running over a durable subscription. Each fact is offered to
 * the rules it triggers; their acts are performed with ids derived from the fact, so a crash and
 * re-delivery never performs an act twice. A rule that throws is retried with backoff, then parked
 * with its error — visible and retryable — while the agent goes on with other facts. Scheduled acts
 * become timers in the log and fire once when due. Run under a lease, the agent checks it before
 * every act it performs and every timer it writes, and its batch commits carry the lease's token:
 * one that lost its lease (a process frozen past its ttl) stops before doing anything more, and
 * an act it had already sent is the same act, with the same id, as the new holder's — appended once.
 */
import type { Fact, JsonObject, Performer } from '../../core/index.ts';
import type { ActionRule } from '../../model/action-rule.ts';
import type { Engine } from '../engine.ts';
import { ConcurrencyError, StoreUnavailableError } from '../ports/store-errors.ts';
import { isFactEvent, toFact } from '../fact-events.ts';
import type { EventStore, RecordedEvent } from '../ports/event-store.ts';
import type { RowChange, ViewRow, ViewStore } from '../ports/view-store.ts';
import { intentToAct, rulesTriggeredBy } from '../rules/rule-intents.ts';
import { respondWithRule, type RuleActOutcome } from '../rules/respond-to-facts.ts';
import { batchCommit } from '../views/batch-commit.ts';
import { FencedSubscription, type FencedBatch } from '../views/fenced-subscription.ts';
import { addToLane, workLanes } from '../lanes.ts';
import type { Lease } from '../held-lease.ts';
import type { ParkedRow } from '../../protocol/index.ts';
import { LeaseLostError } from '../ports/leases.ts';
import { secondsSince, type RuleRunReport } from '../observer.ts';
import { inSpan, traceContextOf } from '../tracing.ts';
import type { Context } from '@opentelemetry/api';
import {
  confirmProposal,
  proposalChange,
  proposalsView,
  staleProposalChanges,
  type ConfirmOutcome,
  type Proposal,
} from './proposals.ts';
import {
  isTimerEvent,
  timerData,
  timerKey,
  timerOf,
  timerStreamId,
  timersView,
  type TimerScheduled,
} from './timers.ts';
import { tunables } from '../../tunables.ts';

/** The view of parked rule failures. */
export const parkedView = 'parked';

/** A rule run that failed every attempt, kept with its error until retried (as `GET /api/parked` shows it). */
export type ParkedRule = ParkedRow;

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
  /** Told of every run of a rule: done, failed (retried), or parked after the last attempt. */
  readonly onRuleRun?: (report: RuleRunReport) => void;
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
  /** The trace context each fact's event carried, for the spans of the rules that answer it. */
  readonly #traces = new WeakMap<Fact, Context>();
  #firing: Promise<void> = Promise.resolve();
  /** The lease it runs under, when started under one. */
  #lease: Lease | undefined;
  /** The engine, its acts checked against the lease first. */
  readonly #acting: Engine;
  readonly name: string;

  constructor(
    private readonly engine: Engine,
    private readonly store: EventStore,
    private readonly views: ViewStore,
    private readonly options: AgentOptions = {},
  ) {
    this.name = options.name ?? 'agent:rules';
    this.#acting = {
      model: engine.model,
      store: engine.store,
      reader: engine.reader,
      perform: (input) => {
        this.#lease?.check();
        return engine.perform(input);
      },
      outlook: (transactionId) => engine.outlook(transactionId),
      kindOf: (transactionId) => engine.kindOf(transactionId),
    };
    // Fenced like a projection: an agent overlapping another (a paused process whose lease expired)
    // restarts from the stored checkpoint. Acts have ids derived from their facts, so what both ran
    // was performed once.
    this.#feed = new FencedSubscription({
      store,
      views,
      name: this.name,
      batchSize: options.batchSize ?? tunables.agent.batchSize,
      handle: (batch) => this.#handle(batch),
      onError: (error) => this.options.onError?.(error),
    });
  }

  /** Starts answering facts from the stored checkpoint, under `lease` when given. */
  async start(lease?: Lease): Promise<void> {
    this.#lease = lease;
    await this.#feed.start(lease);
    if (this.#timer !== undefined) return;
    const interval = this.options.timerIntervalMs ?? tunables.agent.timerIntervalMs;
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
  async #handle({ events, last, expected, lease }: FencedBatch): Promise<void> {
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
      this.#traces.set(fact, traceContextOf(event.metadata));
      // Proposals the fact overtakes close first; the fact's own rules may open new ones after.
      changes[index] = staleProposalChanges(this.engine.model, fact);
      const rules = rulesTriggeredBy(this.engine.model, fact);
      if (rules.length === 0) return;
      addToLane(lanes, fact.correlationId, { index, fact, rules });
    });
    const steppedAside: Answer[] = [];
    await workLanes(
      lanes.values(),
      this.options.concurrency ?? defaultConcurrency,
      async (lane) => {
        for (const [at, answer] of lane.entries()) {
          const rest = await this.#answer(answer, changes, true);
          if (rest !== undefined) {
            steppedAside.push(rest, ...lane.slice(at + 1));
            break;
          }
        }
      },
    );
    steppedAside.sort((a, b) => a.index - b.index);
    for (const answer of steppedAside) await this.#answer(answer, changes, false);
    await this.views.commit([batchCommit(this.name, last, changes.flat(), expected, lease)]);
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
      changes[answer.index]?.push(...outcome);
    }
    return undefined;
  }

  /**
   * Runs a rule with retries; returns the rows it opens (a proposal), the parked row when every
   * attempt failed, or `contended` when, beside other lanes, its act lost a conflict with theirs.
   */
  async #runWithRetry(
    rule: ActionRule,
    fact: Fact,
    besideOthers: boolean,
  ): Promise<RowChange[] | typeof contended> {
    const attempts = this.options.attempts ?? tunables.agent.attempts;
    let delay = this.options.backoffMs ?? tunables.agent.backoffMs;
    let lastError: unknown;
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      const start = process.hrtime.bigint();
      const ran = (outcome: RuleRunReport['outcome']): void =>
        this.options.onRuleRun?.({ rule: rule.id, outcome, seconds: secondsSince(start) });
      try {
        const outcome = await this.#run(rule, fact);
        ran('done');
        return outcome;
      } catch (error) {
        // The store is away: not the rule's fault. The batch fails and is delivered again, from the
        // checkpoint, once the store is back (its acts are idempotent by their derived ids).
        if (error instanceof StoreUnavailableError) {
          ran('failed');
          throw error;
        }
        // The lease is lost: nothing more is done here; the new holder answers the fact.
        if (error instanceof LeaseLostError) throw error;
        if (besideOthers && error instanceof ConcurrencyError) return contended;
        ran(attempt < attempts ? 'failed' : 'parked');
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
    return [
      {
        view: parkedView,
        key: parked.key,
        row: parked as unknown as JsonObject,
        partition: rule.role,
      },
    ];
  }

  /** Runs a rule on a fact (at a deadline's due time when `due` is given); returns the proposal rows it opens. */
  async #run(rule: ActionRule, fact: Fact, due?: string): Promise<RowChange[]> {
    // The rule's run continues the trace of the act whose fact it answers; its acts are its children.
    const outcomes = await inSpan(
      `factum.rule ${rule.id}`,
      {
        'factum.rule': rule.id,
        'factum.role': rule.role,
        'factum.fact': fact.type,
        'factum.transaction_id': fact.transactionId,
        'factum.correlation_id': fact.correlationId,
        'factum.causation_id': fact.actId,
      },
      () => respondWithRule(this.#acting, rule, fact, due === undefined ? {} : { due }),
      this.#traces.get(fact),
    );
    const rows: RowChange[] = [];
    for (const outcome of outcomes) {
      this.options.onOutcome?.(outcome);
      if (outcome.outcome === 'scheduled') await this.#schedule(rule, fact, outcome);
      else if (outcome.outcome === 'deadline') await this.#scheduleDeadline(rule, fact, outcome.at);
      else if (outcome.outcome === 'proposed')
        rows.push(proposalChange(rule, fact, outcome.acts, outcome.assessment, due ?? fact.time));
    }
    return rows;
  }

  /** Writes the timer of a deadline rule: when due, the rule is assessed and performed on the facts then. */
  async #scheduleDeadline(rule: ActionRule, fact: Fact, at: string): Promise<void> {
    const timerId = `${fact.actId}>${rule.id}@deadline`;
    const timer: TimerScheduled = {
      timerId,
      due: new Date(at).toISOString(),
      rule: rule.id,
      fact,
    };
    await this.#writeTimer(timer);
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
    await this.#writeTimer(timer);
  }

  /** Appends a timer's TimerScheduled to its own stream, once (the idempotency key is the timer's). */
  async #writeTimer(timer: TimerScheduled): Promise<void> {
    const { timerId } = timer;
    this.#lease?.check();
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
    // Timers fire in the process holding the lease only; one that lost it leaves them to the next.
    if (this.#lease?.valid === false) return;
    const now = this.#now().toISOString();
    const due = await this.views.query(timersView, { limit: 100 });
    for (const row of due.rows) {
      const timer = row.row as unknown as TimerScheduled;
      if (timer.due > now) break;
      try {
        const outcome = await this.#fire(timer);
        this.#lease?.check();
        await this.store.append(
          {
            streamId: timerStreamId(timer.timerId),
            expectedVersion: 'any',
            events: [
              {
                id: `${timer.timerId}:fired`,
                type: 'TimerFired',
                data: { timerId: timer.timerId, due: timer.due, outcome },
              },
            ],
          },
          { idempotencyKey: `${timer.timerId}:fired` },
        );
      } catch (error) {
        if (error instanceof LeaseLostError) return;
        this.options.onError?.(error);
      }
    }
  }

  /** Fires one due timer: performs its act, or runs its deadline rule; says what became of it. */
  async #fire(timer: TimerScheduled): Promise<string> {
    if (timer.act !== undefined) {
      const result = await this.#acting.perform(timer.act);
      return result.ok ? 'performed' : result.error.code;
    }
    const rule = (this.engine.model.actionRules ?? []).find((r) => r.id === timer.rule);
    if (rule === undefined || timer.fact === undefined) return 'RuleNotInModel';
    const rows = await this.#run(rule, timer.fact, timer.due);
    if (rows.length > 0) await this.views.commit([{ projection: this.name, changes: rows }]);
    return rows.length > 0 ? 'proposed' : 'performed';
  }

  /** The open proposals of a role (every role when absent), oldest first. */
  async proposals(role?: string): Promise<readonly Proposal[]> {
    const page = await this.views.query(proposalsView, {
      limit: 500,
      ...(role === undefined ? {} : { partition: role }),
    });
    return page.rows.map((row) => row.row as unknown as Proposal);
  }

  /** One open proposal by key, or undefined. */
  async proposal(key: string): Promise<Proposal | undefined> {
    const row = await this.views.get(proposalsView, key);
    return row === undefined ? undefined : (row.row as unknown as Proposal);
  }

  /** Confirms an open proposal in the name of a person of its role: performs its acts, then closes it. */
  async confirmProposal(key: string, performer: Performer): Promise<ConfirmOutcome | undefined> {
    const proposal = await this.proposal(key);
    if (proposal === undefined) return undefined;
    return confirmProposal(this.engine, this.views, this.name, proposal, performer);
  }

  /** Closes an open proposal without performing it; false when there is none. */
  async dismissProposal(key: string): Promise<boolean> {
    if ((await this.proposal(key)) === undefined) return false;
    await this.views.commit([
      { projection: this.name, changes: [{ view: proposalsView, key, row: null }] },
    ]);
    return true;
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
    const rows = await this.#run(rule, parked.fact);
    await this.views.commit([
      { projection: this.name, changes: [{ view: parkedView, key, row: null }, ...rows] },
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
