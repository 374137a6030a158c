/**
 * Demo history (`jiesu seed --tickets N --months M --seed S`, and benchmarks): N hotline tickets over
 * the last M months up to `ctx.clock()`, produced by driving the engine itself. Every request goes
 * through `createTicket` (intake and triage) and every later step through `applyCommand` (`decide()` then
 * save) with the proper actor — the operator, the callback agent, the supervisor, or the handling unit's
 * handler account `h.<unit code>` — at its own simulated time. Nothing writes ticket rows directly, so
 * the events replay to the stored state and every deadline comes from the calendar.
 *
 * The simulation is one discrete-event loop in simulated time over all tickets: arrivals (sorted) and a
 * queue of pending steps. That keeps cross-ticket facts true at the moment they happen: a repeat links to
 * a ticket that is open at the repeat's own time, and the deadline sweeper's work — overdue marks,
 * deferrals back for review, automatic supervision (督办 → 催办 → 通报) — falls in the first minute
 * after it became due (the sweeper runs every minute), exactly where a live sweeper would have put it.
 * Events are written in batches, one transaction per batch, for speed.
 *
 * What happens and how often is the model's business (`demo-history-model.ts`); deterministic for a seed.
 */
import { placeName } from '../../engine/domain/places.ts';
import { districtAccountCandidates } from '../../engine/district-accounts.ts';
import type { Logger } from 'pino';
import { HOUR_MS } from '../../engine/domain/calendar/local-time.ts';
import { ACTION_RULES } from '../../engine/domain/workflow/actions.ts';
import { activeDeadline, MAX_SUPERVISION_LEVEL } from '../../engine/domain/workflow/decide.ts';
import { deferralReviewDue, escalationTarget, nextEscalation, reviewStartOf } from '../../engine/domain/workflow/escalation.ts';
import type { Command } from '../../engine/domain/workflow/events.ts';
import type { Actor, DeadlineKind, Role, Ticket } from '../../engine/domain/workflow/ticket.ts';
import type { Db, Tx } from '../../platform/db/client.ts';
import { searchKnowledge } from '../../engine/reference/reference.repository.ts';
import { domainTicketOf, findTicketRow } from '../../engine/ticket.repository.ts';
import { listUsers } from '../../engine/user.repository.ts';
import type { AppContext } from '../../engine/context.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { createTicket, type IntakeInput, type Triage } from '../../engine/intake.ts';
import {
  addressIn,
  answerText,
  busiestStreet,
  QuotaSampler,
  between,
  chance,
  cumulative,
  daytime,
  drawFate,
  freshMemo,
  makeRequesters,
  mixSeed,
  monthsBefore,
  mulberry32,
  nextStep,
  pick,
  planArrivals,
  requestText,
  SHARES,
  SPECIAL_ROUTE_LABELS,
  unitProfiles,
  communityWeight,
  type ActorRef,
  type Arrival,
  type Fate,
  type Memo,
  type ModelCategory,
  type ModelCommunity,
  type Rng,
  type Step,
  type StepEnv,
  type UnitProfile,
} from './demo-history-model.ts';
import { ReferenceCache, type ReferenceSnapshot } from '../../engine/reference/reference-cache.ts';
import { sweepDeadlines } from '../../engine/sweeper.ts';
import { applyCommand } from '../../engine/ticket-actions.ts';

export interface DemoHistoryOptions {
  /** Number of tickets to create (every one goes through intake). */
  tickets: number;
  /** Length of the period in months, ending at `ctx.clock()`. */
  months: number;
  /** PRNG seed: the same seed on the same reference data gives the same history. */
  seed: number;
  /** Called after each intake with (created so far, total). */
  onProgress?: (done: number, total: number) => void;
  /** Simulation events written per transaction. */
  batchSize?: number;
}

export interface DemoHistoryResult {
  created: number;
  /** Wall-clock milliseconds the generation took. */
  ms: number;
  from: Date;
  to: Date;
  /** Events written after intake (actions, overdue marks, deferral reviews, supervision). */
  events: number;
  /** Tickets by how intake triaged them. */
  byRoute: Record<string, number>;
  /** Tickets by state at the end. */
  byState: Record<string, number>;
  /** Closed tickets by outcome. */
  byOutcome: Record<string, number>;
  /** The street whose results improve month over month, and the consistently weak units. */
  improvingUnitId: number | null;
  weakUnitIds: number[];
  /** Non-fatal warnings from the engine (e.g. deadlines in a year without holiday data). */
  warnings: string[];
}

const MINUTE_MS = 60_000;

interface Agent {
  arrival: Arrival;
  ticket: Ticket;
  fate: Fate;
  memo: Memo;
  rng: Rng;
  env: StepEnv;
  category: ModelCategory | null;
  requester: number;
  community: number;
  content: string;
  /** The deadline (kind@dueAt) an overdue check is already queued for. */
  checkKey: string | null;
  /** The sweeper's follow-ups already queued: the deferral review (date@since) and the next level (level@at). */
  reviewKey: string | null;
  escalationKey: string | null;
  /** Position in the list of open tickets (repeat candidates); -1 once closed. */
  openIndex: number;
}

type QueueItem =
  | { at: number; seq: number; kind: 'step'; agent: Agent; step: Step }
  | { at: number; seq: number; kind: 'overdue'; agent: Agent; deadline: DeadlineKind; dueAt: number }
  | { at: number; seq: number; kind: 'supervise'; agent: Agent }
  | { at: number; seq: number; kind: 'review'; agent: Agent }
  | { at: number; seq: number; kind: 'escalate'; agent: Agent };

/** A binary min-heap on (at, seq): simulated time, then the order of scheduling. */
class EventQueue {
  #items: QueueItem[] = [];
  #seq = 0;
  get size(): number {
    return this.#items.length;
  }
  peek(): QueueItem | undefined {
    return this.#items[0];
  }
  nextSeq(): number {
    return this.#seq++;
  }
  push(item: QueueItem): void {
    const a = this.#items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(a[i]!, a[p]!)) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }
  pop(): QueueItem | undefined {
    const a = this.#items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && less(a[l]!, a[m]!)) m = l;
        if (r < a.length && less(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}
const less = (x: QueueItem, y: QueueItem) => x.at < y.at || (x.at === y.at && x.seq < y.seq);

const inc = (m: Record<string, number>, k: string) => {
  m[k] = (m[k] ?? 0) + 1;
};

/** The model's view of the reference data: leaf categories, communities with their streets. */
function modelData(ref: ReferenceSnapshot) {
  const categories: ModelCategory[] = ref.categories
    .filter((c) => c.isLeaf && c.active)
    .map((c) => ({
      id: c.id,
      code: c.code,
      name: c.name,
      keywords: c.keywords,
      timeLimitClass: c.timeLimitClass,
      local: c.responsible !== null && 'unitType' in c.responsible && c.responsible.unitType === 'street',
    }));
  const communities: ModelCommunity[] = [...ref.divisionByCode.values()]
    .filter((d) => d.level === 'community' && d.parentCode !== null)
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((d) => ({ code: d.code, name: d.name, streetCode: d.parentCode!, streetName: ref.divisionByCode.get(d.parentCode!)?.name ?? '' }));
  return { categories, communities };
}

/**
 * Generates the history. Needs the demo accounts (`seedDemo`): operator, callback, supervisor and a
 * handler account per unit. Appends to whatever tickets exist.
 */
export async function generateDemoHistory(ctx: AppContext, opts: DemoHistoryOptions): Promise<DemoHistoryResult> {
  const started = performance.now();
  if (!Number.isInteger(opts.tickets) || opts.tickets < 0) throw invalid('tickets must be a whole number ≥ 0');
  if (!Number.isInteger(opts.months) || opts.months < 1) throw invalid('months must be a whole number ≥ 1');
  const end = ctx.clock().getTime();
  const start = monthsBefore(end, opts.months);
  const batchSize = opts.batchSize ?? 400;

  // The engine's own warnings are collected and reported once, not logged per event.
  const quiet: Logger = ctx.log.child({ component: 'demo-history' }, { level: 'silent' });
  // A snapshot that never reloads: nothing may query outside the open transaction (PGlite has one connection).
  const reference = new ReferenceCache(ctx.database, ctx.districtCode, () => new Date(end), quiet, Number.POSITIVE_INFINITY);
  const ref = await reference.get();
  const { categories, communities } = modelData(ref);
  if (communities.length === 0) throw new AppError('DEMO.NO_PLACES', `District ${ctx.districtCode} has no communities; seed the reference data first`);

  // Actors: the demo accounts created by seedDemo.
  const users = new Map((await listUsers(ctx.database.db)).map((u) => [u.username, u]));
  // This district's account of that name (district-accounts.ts).
  const actorOf = (username: string): Actor => {
    const u = districtAccountCandidates(username, ctx.districtCode)
      .map((n) => users.get(n))
      .find((x) => x !== undefined && ref.unitById.has(x.unitId));
    if (u === undefined) throw new AppError('DEMO.MISSING_ACCOUNT', `Account "${username}" does not exist; run \`jiesu seed\` (seedDemo) first`);
    return { userId: u.id, unitId: u.unitId, roles: u.roles as Role[], isCentre: ref.unitById.get(u.unitId)?.unitType === 'centre' };
  };
  const centreActors = { operator: actorOf('operator'), callback: actorOf('callback'), supervisor: actorOf('supervisor') };
  const unitActors = new Map<number, Actor>();
  const actorFor = (a: ActorRef): Actor => {
    if (typeof a === 'string') return centreActors[a];
    let actor = unitActors.get(a.unitId);
    if (actor === undefined) {
      const unit = ref.unitById.get(a.unitId);
      if (unit === undefined) throw new AppError('DEMO.UNKNOWN_UNIT', `Unit ${a.unitId} does not exist`);
      actor = actorOf(`h.${unit.code.toLowerCase()}`);
      unitActors.set(a.unitId, actor);
    }
    return actor;
  };

  // The knowledge base, for consultations answered at intake.
  const articleByCategory = new Map<number, { id: number; content: string }>();
  for (const a of await searchKnowledge(ctx.database.db, '', undefined, 10_000))
    if (a.categoryId !== null && !articleByCategory.has(a.categoryId)) articleByCategory.set(a.categoryId, { id: a.id, content: a.content });

  // Units and how they behave.
  const handlingUnits = ref.units.filter((u) => u.active && u.unitType !== 'centre');
  const firstStreet = handlingUnits.filter((u) => u.unitType === 'street').sort((a, b) => a.id - b.id)[0];
  const profiles = unitProfiles(handlingUnits, mulberry32(mixSeed(opts.seed, 3)), busiestStreet(communities, firstStreet?.divisionCode ?? null));
  const quota = new QuotaSampler();
  const defaultProfile: UnitProfile = {
    unitId: 0,
    kind: 'normal',
    resolved: [0.7, 0.7],
    lateReply: [0.06, 0.06],
    lateSign: 0.03,
    lateContact: 0.03,
    contacted: 0.96,
  };
  const profile = (unitId: number) => profiles.get(unitId) ?? defaultProfile;
  const peers = new Map<string, number[]>();
  for (const u of handlingUnits) if (!u.isFallback) peers.set(u.unitType, [...(peers.get(u.unitType) ?? []), u.id]);
  const alternativeUnit = (unitId: number, rng: Rng): number | null => {
    const type = ref.unitById.get(unitId)?.unitType;
    const candidates = (peers.get(type === 'district' ? 'street' : (type ?? 'street')) ?? []).filter((id) => id !== unitId);
    return candidates.length === 0 ? null : pick(rng, candidates);
  };

  // Who calls and when.
  const planRng = mulberry32(mixSeed(opts.seed, 1));
  const requesters = makeRequesters(Math.min(50_000, Math.max(40, Math.round(opts.tickets / 2))), cumulative(communities.map(communityWeight)), planRng);
  const { arrivals } = planArrivals({
    startMs: start,
    endMs: end,
    count: opts.tickets,
    categories,
    communities,
    requesters,
    isWorkingDay: (day) => ref.calendar.isWorkingDayNumber(day),
    rng: planRng,
  });

  const queue = new EventQueue();
  const open: Agent[] = [];
  const warnings = new Set<string>();
  const byRoute: Record<string, number> = {};
  const byState: Record<string, number> = {};
  const byOutcome: Record<string, number> = {};
  let created = 0;
  let events = 0;
  let simNow = start;

  const push = (item: QueueItem extends infer T ? (T extends QueueItem ? Omit<T, 'seq'> : never) : never) => {
    if (item.at <= end) queue.push({ ...item, seq: queue.nextSeq() } as QueueItem);
  };

  const leaveOpen = (agent: Agent) => {
    const i = agent.openIndex;
    if (i < 0) return;
    const last = open.pop()!;
    if (last !== agent) {
      open[i] = last;
      last.openIndex = i;
    }
    agent.openIndex = -1;
  };

  /** The first run of the every-minute sweeper strictly after `ms` (and after `now`). */
  const sweeperRunAfter = (ms: number, now: number) => (Math.floor(Math.max(ms, now) / MINUTE_MS) + 1) * MINUTE_MS;

  /** Queues the sweeper's follow-ups the ticket is headed for: its deferral's review, its next supervision level. */
  const scheduleFollowUps = (agent: Agent, now: number) => {
    const t = agent.ticket;
    if (t.state === 'deferred' && t.deferral !== null && !t.deferral.reviewDue) {
      const key = `${t.deferral.reviewDate}@${t.deferral.since.getTime()}`;
      if (agent.reviewKey !== key) {
        agent.reviewKey = key;
        push({ at: sweeperRunAfter(reviewStartOf(t.deferral.reviewDate).getTime(), now), kind: 'review', agent });
      }
    }
    const next = nextEscalation(t, ref.escalation, ref.calendar);
    if (next !== null) {
      const key = `${next.level}@${next.at.getTime()}`;
      if (agent.escalationKey !== key) {
        agent.escalationKey = key;
        push({ at: sweeperRunAfter(next.at.getTime(), now), kind: 'escalate', agent });
      }
    }
  };

  /**
   * Queues the ticket's next step and, if its active deadline may pass, the sweeper's check. When no
   * step follows within the period, the ticket's state is final (overdue marks and supervision do not
   * change it) and is counted.
   */
  const schedule = (agent: Agent, now: number) => {
    const t = agent.ticket;
    if (t.state === 'closed') leaveOpen(agent);
    const step = nextStep(t, now, agent.fate, agent.memo, agent.env, agent.rng);
    if (step !== null && step.at <= end) push({ at: Math.max(step.at, now), kind: 'step', agent, step });
    else {
      inc(byState, t.state);
      if (t.outcome !== null) inc(byOutcome, t.outcome);
    }
    scheduleFollowUps(agent, now);
    const k = activeDeadline(t);
    const dl = k === null ? null : t.deadlines[k];
    if (k === null || dl === null || t.pause !== null || t.overdue[k]) return;
    const dueAt = dl.dueAt.getTime();
    const key = `${k}@${dueAt}`;
    if (agent.checkKey === key) return;
    agent.checkKey = key;
    // The sweeper runs every minute: the mark lands on its first run after the deadline (and after now,
    // when the deadline had already passed as this one became active).
    push({ at: sweeperRunAfter(dueAt, now), kind: 'overdue', agent, deadline: k, dueAt });
  };

  /** An open ticket accepted at least two hours ago, whose requester calls again. */
  const pickOpenOriginal = (rng: Rng, at: number): Agent | undefined => {
    for (let tries = 0; tries < 20 && open.length > 0; tries++) {
      const a = open[Math.floor(rng() * open.length)]!;
      if (a.ticket.acceptedAt.getTime() <= at - 2 * HOUR_MS) return a;
    }
    return undefined;
  };

  const run = async (tx: Tx) => {
    const c: AppContext = { ...ctx, database: { ...ctx.database, db: tx as unknown as Db }, clock: () => new Date(simNow), log: quiet, reference };

    const apply = async (agent: Agent, command: Command, actor: Actor | null) => {
      const d = await applyCommand(c, tx, agent.ticket, command, actor, ref);
      agent.ticket = d.ticket;
      events++;
      for (const w of d.warnings) warnings.add(w);
    };

    const intake = async (a: Arrival) => {
      simNow = a.at;
      const rng = mulberry32(mixSeed(opts.seed, 2, a.index));
      let category = a.category === null ? null : categories[a.category]!;
      let requester = a.requester;
      let community = a.community;
      let requestType = a.requestType;
      let content: string;
      let triage: Triage;
      let route: string = a.route;
      const original = a.route === 'repeat' ? pickOpenOriginal(rng, a.at) : undefined;
      if (original !== undefined) {
        category = original.category;
        requester = original.requester;
        community = original.community;
        requestType = original.ticket.requestType;
        content = `再次来电反映：${original.content}（原工单 ${original.ticket.number}）`;
        triage = { action: 'linkRepeat', originalId: original.ticket.id };
      } else {
        const place = placeName(communities[community]!.name);
        content = requestText(requestType, category, place, rng);
        if (a.route === 'answer') {
          const article = category === null ? undefined : articleByCategory.get(category.id);
          triage = article
            ? { action: 'answerDirectly', answer: article.content, articleId: article.id }
            : { action: 'answerDirectly', answer: answerText(category, rng) };
        } else if (a.route === 'special' && a.specialRoute !== null) {
          triage = { action: 'closeSpecial', route: a.specialRoute, note: SPECIAL_ROUTE_LABELS[a.specialRoute] };
        } else {
          triage = { action: 'dispatch' };
          route = a.route === 'repeat' ? 'dispatch' : route;
        }
      }
      inc(byRoute, route === 'dispatch' && requestType === 'consultation' ? 'dispatchConsultation' : route);
      if (route !== 'dispatch') {
        inc(byState, 'closed');
        inc(byOutcome, route === 'answer' ? 'answered_directly' : route === 'special' ? 'special_route' : 'repeat_linked');
      }
      const who = requesters[requester]!;
      const place = communities[community]!;
      const input: IntakeInput = {
        requestType,
        channel: a.channel,
        urgency: a.specialRoute?.startsWith('emergency_') ? 'emergency' : category?.timeLimitClass === 'emergency' ? 'urgent' : 'normal',
        categoryId: category?.id ?? null,
        title: `${category?.name ?? '其他'}：${content.slice(0, 24)}`,
        content,
        address: addressIn(place, rng),
        communityCode: place.code,
        requesterName: who.name,
        requesterPhone: who.phone,
        triage,
      };
      const r = await createTicket(c, centreActors.operator, input);
      created++;
      for (const w of r.result.warnings) warnings.add(w);
      opts.onProgress?.(created, opts.tickets);
      if (r.result.state !== 'dispatched') return;
      const row = await findTicketRow(tx, r.result.ticketId, { districtCode: ctx.districtCode, unitIds: 'all' });
      if (row === undefined) throw new Error(`demo history: ticket ${r.result.ticketId} vanished`);
      const agent: Agent = {
        arrival: a,
        ticket: domainTicketOf(row),
        fate: drawFate(rng),
        memo: freshMemo(),
        rng,
        env: { startMs: start, endMs: end, quota, profile, alternativeUnit, category },
        category,
        requester,
        community,
        content,
        checkKey: null,
        reviewKey: null,
        escalationKey: null,
        openIndex: open.length,
      };
      open.push(agent);
      schedule(agent, a.at);
    };

    const handle = async (item: QueueItem) => {
      simNow = item.at;
      const { agent } = item;
      const t = agent.ticket;
      switch (item.kind) {
        case 'step':
          await apply(agent, item.step.command, actorFor(item.step.actor));
          schedule(agent, item.at);
          return;
        case 'overdue': {
          const k = item.deadline;
          if (activeDeadline(t) !== k || t.overdue[k] || t.pause !== null || t.deadlines[k]?.dueAt.getTime() !== item.dueAt) return;
          await apply(agent, { type: 'markOverdue', input: { deadline: k } }, null);
          if (chance(agent.rng, SHARES.supervision))
            push({ at: daytime(agent.rng, item.at + between(agent.rng, 1, 4) * HOUR_MS, item.at), kind: 'supervise', agent });
          scheduleFollowUps(agent, item.at);
          return;
        }
        case 'supervise':
          if (!ACTION_RULES.supervise.from.includes(t.state) || t.supervisionLevel >= MAX_SUPERVISION_LEVEL) return;
          await apply(agent, { type: 'supervise', input: { note: '已超时，请抓紧办理并及时反馈' } }, actorFor('supervisor'));
          scheduleFollowUps(agent, item.at);
          return;
        case 'review':
          if (!deferralReviewDue(t, new Date(item.at))) return;
          await apply(agent, { type: 'deferralDue', input: {} }, null);
          return;
        case 'escalate':
          if (escalationTarget(t, new Date(item.at), ref.escalation, ref.calendar) === null) return;
          await apply(agent, { type: 'escalate', input: {} }, null);
          scheduleFollowUps(agent, item.at);
          return;
      }
    };

    for (let n = 0; n < batchSize; n++) {
      const next = queue.peek();
      const arrival = arrivals[created];
      if (arrival !== undefined && (next === undefined || arrival.at <= next.at)) await intake(arrival);
      else if (next !== undefined) await handle(queue.pop()!);
      else return;
    }
  };

  while (created < arrivals.length || queue.size > 0) {
    await ctx.database.db.transaction(run);
  }

  // The live sweeper at the end of the period: marks deadlines that passed in its last minute and
  // turns the lights of tickets due soon yellow.
  await sweepDeadlines({ ...ctx, clock: () => new Date(end), log: quiet, reference });

  const improving = [...profiles.values()].find((p) => p.kind === 'improving');
  const result: DemoHistoryResult = {
    created,
    ms: Math.round(performance.now() - started),
    from: new Date(start),
    to: new Date(end),
    events,
    byRoute,
    byState,
    byOutcome,
    improvingUnitId: improving?.unitId ?? null,
    weakUnitIds: [...profiles.values()].filter((p) => p.kind === 'weak').map((p) => p.unitId),
    warnings: [...warnings],
  };
  for (const w of result.warnings) ctx.log.warn({ component: 'demo-history' }, w);
  return result;
}
