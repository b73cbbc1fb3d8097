/**
 * The numbers that tune Factum, with their defaults, in one place. Each is the default of an option
 * of the part that uses it (given in parentheses), so a deployment changes them there, not here; this
 * module says what they are and why they are what they are. Pure data.
 *
 * The stores have their own, set through their open options and the store URL (docs/operations.md):
 * PostgreSQL `maxConnections` 10 (event store and view store each), `connectTimeoutMs` 5 000,
 * `reconnectDelayMs` 100 → 5 000, `pollIntervalMs` 500 (subscriptions when LISTEN is lost), batches
 * in flight a third of the connections, view rows written 2 000 to a statement, lease `ttlMs` 5 000
 * and members forgotten after 60 000 ms; SQLite `busyTimeoutMs` 5 000.
 */
const defaults = {
  /** Performing an act (`PerformContext`). */
  perform: {
    /** Tries of an act that meets a concurrent append before the conflict is answered (`maxAttempts`). */
    maxAttempts: 5,
    /** Folded transactions kept between acts, least recently used dropped first (`TransactionCache`). */
    cachedTransactions: 10_000,
    /** Ledger balances kept between acts (`LedgerCache`). */
    cachedLedgerKeys: 10_000,
    /** Appends gathered into one commit (`GroupCommit`). */
    groupCommitBatch: 256,
  },
  /** The agent that runs the action rules (`AgentOptions`). */
  agent: {
    /** Events read from the log at a time (`batchSize`). */
    batchSize: 100,
    /** How often rules on timers are looked at (`timerIntervalMs`). */
    timerIntervalMs: 1000,
    /** Runs of a rule before it is parked (`attempts`). */
    attempts: 3,
    /** The first wait before a rule runs again; it doubles each time (`backoffMs`). */
    backoffMs: 100,
  },
  /** Projections and reads of the past. */
  views: {
    /** Events applied per commit when a projection is rebuilt from the log. */
    rebuildBatchSize: 1000,
    /**
     * Events a rebuild reads and applies at a time, at most a commit's: few enough that they die
     * young. Read a commit's worth at a time, the events outlived the heap's young generation and
     * filled the old one (peak RSS 250 MB rebuilding the minimal model's log, 180 MB thus).
     */
    rebuildReadSize: 250,
    /** Events applied per commit when views are rebuilt as of a past moment. */
    asOfBatchSize: 1000,
  },
  /** The outbox relay that publishes facts (`OutboxRelayOptions`). */
  outbox: {
    batchSize: 256,
    /** Publishes in flight at once (`concurrency`). */
    concurrency: 32,
    /** The wait after a failed publish, doubling up to the maximum. */
    initialBackoffMs: 100,
    maxBackoffMs: 5000,
  },
  /** The HTTP server (`ServerOptions`, `LiveHubOptions`). */
  http: {
    /** The largest request body; a larger one is answered 413 (`bodyLimit`). */
    bodyLimitBytes: 1024 * 1024,
    /** How long a shutdown waits for acts in flight (`drainTimeoutMs`). */
    drainTimeoutMs: 10_000,
    /** Comments that keep idle live connections open through proxies (`heartbeatMs`). */
    liveHeartbeatMs: 15_000,
    /** What a live client may have waiting before it is dropped (`maxQueue`, `maxQueueBytes`). */
    liveQueueFrames: 1000,
    liveQueueBytes: 1_048_576,
  },
};

/** The defaults, read only. */
export const tunables: {
  readonly [Part in keyof typeof defaults]: Readonly<(typeof defaults)[Part]>;
} = defaults;
