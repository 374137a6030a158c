/**
 * Which database a dashboard or an export reads.
 *
 * With a read replica configured (`DATABASE_REPLICA_URL`), dashboards and exports — analytics, rankings,
 * the whistle double assessment, ledger counts, summaries and Excel exports, queue and inbox counts, the
 * public Open311 list — read from it while it answers and keeps up. When it is unreachable or more than
 * `maxLagSeconds` behind they read from the primary instead, with one warning when that starts and one
 * line when the replica is back: a dead replica costs the primary some load, never a dashboard.
 *
 * Everything else reads the primary: anything a write follows (a lookup before an action, a ledger
 * before it is edited) and anything a user expects to see right after their own write (a ticket page,
 * the ticket list, a work queue with its allowed actions), because a replica may trail by a moment and
 * never accepts writes.
 */
import type { Database, Db } from './client.ts';
import { replicaStatus } from './replica.repository.ts';
import type { PlatformContext } from '../context.ts';

export interface ReplicaPolicy {
  /** A replica further behind than this (seconds) is not read; the primary answers instead. */
  maxLagSeconds: number;
  /** How often (ms) the replica's health is checked again, at most; on the request path, shared by concurrent callers. */
  recheckMs: number;
  /** A health check slower than this (ms) counts as unreachable. */
  probeTimeoutMs: number;
}

export const DEFAULT_REPLICA_POLICY: ReplicaPolicy = { maxLagSeconds: 60, recheckMs: 5_000, probeTimeoutMs: 2_000 };

interface ReplicaHealth {
  policy: ReplicaPolicy;
  /** performance.now() of the last finished check; -Infinity before the first. */
  checkedAt: number;
  usable: boolean;
  /** Why the replica is not read, for the log; null while it is. */
  reason: string | null;
  checking?: Promise<void>;
}

const health = new WeakMap<Database, ReplicaHealth>();

function healthOf(replica: Database): ReplicaHealth {
  let h = health.get(replica);
  if (h === undefined) health.set(replica, (h = { policy: { ...DEFAULT_REPLICA_POLICY }, checkedAt: -Infinity, usable: true, reason: null }));
  return h;
}

/** Changes how a replica is judged (tests; a deployment's configuration). The next read checks it again. */
export function setReplicaPolicy(replica: Database, policy: Partial<ReplicaPolicy>): void {
  const h = healthOf(replica);
  h.policy = { ...h.policy, ...policy };
  h.checkedAt = -Infinity;
}

/** The replica's last known state, for health reports: null without a replica. */
export function replicaHealth(ctx: PlatformContext): { usable: boolean; reason: string | null } | null {
  if (ctx.readDatabase === undefined) return null;
  const h = healthOf(ctx.readDatabase);
  return { usable: h.usable, reason: h.reason };
}

/** The database dashboards and exports read: the replica when configured and healthy, else the primary. */
export async function dashboardDb(ctx: PlatformContext): Promise<Db> {
  const replica = ctx.readDatabase;
  if (replica === undefined) return ctx.database.db;
  const h = healthOf(replica);
  if (performance.now() - h.checkedAt >= h.policy.recheckMs) {
    h.checking ??= check(ctx, replica, h).finally(() => {
      h.checking = undefined;
    });
    await h.checking;
  }
  return h.usable ? replica.db : ctx.database.db;
}

async function check(ctx: PlatformContext, replica: Database, h: ReplicaHealth): Promise<void> {
  const reason = await unusableBecause(replica, h.policy);
  h.checkedAt = performance.now();
  if (reason === null && !h.usable) ctx.log.info({ replica: replica.where }, 'read replica usable again; dashboards read from it');
  // Once per change of kind (unreachable / lagging), not on every check while the lag grows.
  if (reason !== null && (h.usable || kindOf(reason) !== kindOf(h.reason!)))
    ctx.log.warn({ replica: replica.where, reason }, 'read replica not used; dashboards read from the primary');
  h.usable = reason === null;
  h.reason = reason;
}

const kindOf = (reason: string) => reason.split(/[: ]/)[0];

async function unusableBecause(replica: Database, policy: ReplicaPolicy): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  const probe = replicaStatus(replica.db);
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), policy.probeTimeoutMs);
  });
  try {
    const s = await Promise.race([probe, timeout]);
    if (s === 'timeout') {
      probe.catch(() => {}); // settles later; nobody waits for it
      return `unreachable: no answer within ${policy.probeTimeoutMs} ms`;
    }
    if (s.lagSeconds > policy.maxLagSeconds) return `lagging ${Math.round(s.lagSeconds)} s behind (more than ${policy.maxLagSeconds} s)`;
    return null;
  } catch (e) {
    const err = e as { code?: string; message?: string; cause?: { code?: string; message?: string } };
    return `unreachable: ${err.code ?? err.cause?.code ?? err.cause?.message ?? err.message ?? 'error'}`;
  } finally {
    clearTimeout(timer);
  }
}
