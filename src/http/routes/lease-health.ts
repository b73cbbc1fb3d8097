/**
 * The leases part of `GET /api/health`: who holds each lease (agents, view runners, relays), under
 * which fencing token, for how long, how long since its last renewal and until it expires; which
 * processes are present, and whether each holds leases or stands by — what `kafka-consumer-groups
 * --describe` shows of a group. Ages count from the database's clock, the one expiries are judged by.
 */
import type { LeaseTable } from '../../engine/ports/leases.ts';

/** One lease as the health report shows it. */
export interface LeaseHealth {
  readonly name: string;
  /** The process holding it now; null when it has expired or was released (free to take). */
  readonly holder: string | null;
  /** The process that last held it, when it is free now. */
  readonly lastHolder?: string;
  /** Its fencing token (a decimal string). */
  readonly token: string;
  /** Whether this process holds it. */
  readonly here: boolean;
  /** How long the holder has held it (ms). */
  readonly ageMs: number;
  /** Time since the holder last renewed it (ms). */
  readonly sinceRenewalMs: number;
  /** Time until it expires unless renewed (ms; 0 when expired, null when it never does). */
  readonly expiresInMs: number | null;
}

/** A process sharing the database, as the health report shows it. */
export interface LeaseProcessHealth {
  readonly holder: string;
  /** `holder`: it holds at least one lease; `standby`: none, ready to take one over. */
  readonly role: 'holder' | 'standby';
  readonly leases: readonly string[];
  /** Time since it last said it was present (ms). */
  readonly sinceHeartbeatMs: number;
}

/** The leases part of the health report. */
export interface LeasesHealth {
  /** This process's id as a lease holder. */
  readonly holder: string;
  /** How long a lease lasts unrenewed (ms); null when this process runs alone (no expiry). */
  readonly ttlMs: number | null;
  readonly leases: readonly LeaseHealth[];
  readonly processes: readonly LeaseProcessHealth[];
  /** Why the lease table could not be read, when it could not. */
  readonly error?: string;
}

/** The leases part of the health report from the lease table (pure). */
export function leasesHealth(
  holder: string,
  ttlMs: number,
  table: LeaseTable | { readonly error: string },
): LeasesHealth {
  const ttl = Number.isFinite(ttlMs) ? ttlMs : null;
  if ('error' in table)
    return { holder, ttlMs: ttl, leases: [], processes: [], error: table.error };
  const { now } = table;
  const span = (ms: number): number => (Number.isFinite(ms) ? Math.max(0, Math.round(ms)) : 0);
  const leases = table.leases.map((lease): LeaseHealth => {
    const held = lease.expiresAt > now;
    return {
      name: lease.name,
      holder: held ? lease.holder : null,
      ...(held ? {} : { lastHolder: lease.holder }),
      token: lease.token.toString(),
      here: held && lease.holder === holder,
      ageMs: held ? span(now - lease.acquiredAt) : 0,
      sinceRenewalMs: span(now - lease.renewedAt),
      expiresInMs: !held
        ? 0
        : Number.isFinite(lease.expiresAt)
          ? span(lease.expiresAt - now)
          : null,
    };
  });
  const holding = new Map<string, string[]>();
  for (const lease of leases) {
    if (lease.holder === null) continue;
    holding.set(lease.holder, [...(holding.get(lease.holder) ?? []), lease.name]);
  }
  const seen = new Map(table.members.map((member) => [member.holder, member.renewedAt]));
  const names = [...new Set([...seen.keys(), ...holding.keys()])].sort();
  const processes = names.map((name): LeaseProcessHealth => {
    const held = holding.get(name) ?? [];
    const lastSeen = seen.get(name);
    return {
      holder: name,
      role: held.length > 0 ? 'holder' : 'standby',
      leases: held,
      // A holder not seen as a member renews its leases all the same: its last renewal counts.
      sinceHeartbeatMs: span(
        now -
          (lastSeen ??
            Math.max(...table.leases.filter((l) => l.holder === name).map((l) => l.renewedAt))),
      ),
    };
  });
  return { holder, ttlMs: ttl, leases, processes };
}
