/**
 * Service orders' pure rules: the order's own states beside its ticket, which teams the station is
 * offered first (by skill, area and load), and the ranking of stations and teams by satisfaction,
 * timeliness and volume.
 */

/** 待派单 pending → 已派单 offered → 已接单 accepted → 已服务 served; a decline goes back to pending. */
export const ORDER_STATES = ['pending', 'offered', 'accepted', 'served'] as const;
export type OrderState = (typeof ORDER_STATES)[number];

export const ORDER_STATE_LABELS: Record<OrderState, string> = {
  pending: '待派单',
  offered: '待接单',
  accepted: '服务中',
  served: '已服务',
};

/**
 * What a viewer may do to an order next: the station's staff dispatch (派单) a pending order; the leader
 * of the team it is offered to accepts or declines it (接单/拒单), and while serving notes progress and
 * records the service; the resident who ordered rates it (评单) once the service is recorded (the ticket
 * replied). The services check the same function before each step, so the pages show exactly the steps
 * the server will take (the engine still has the last word on the ticket).
 */
export const ORDER_STEPS = ['dispatch', 'accept', 'decline', 'note', 'record', 'rate'] as const;
export type OrderStep = (typeof ORDER_STEPS)[number];
/** station: staff of a station managing the order · leader: leader of the order's team · resident: who ordered. */
export type OrderViewer = 'station' | 'leader' | 'resident';

export function orderSteps(viewer: OrderViewer, order: { state: OrderState; ticketState: string }): OrderStep[] {
  if (order.ticketState === 'closed') return [];
  switch (viewer) {
    case 'station':
      return order.state === 'pending' ? ['dispatch'] : [];
    case 'leader':
      return order.state === 'offered' ? ['accept', 'decline'] : order.state === 'accepted' ? ['note', 'record'] : [];
    case 'resident':
      return order.ticketState === 'replied' ? ['rate'] : [];
  }
}

/** The most minutes one service record may hold (a day). */
export const MAX_SERVICE_MINUTES = 24 * 60;

export interface TeamCandidate {
  id: number;
  skills: readonly string[];
  areas: readonly string[];
  /** Orders offered to or accepted by the team and not yet served. */
  load: number;
}

export interface OrderNeeds {
  skills: readonly string[];
  communityCode: string;
  /** The community's street/town (9 digits). */
  streetCode: string | null;
}

export interface TeamSuggestion {
  teamId: number;
  /** How many of the menu item's skills the team has. */
  skillsMatched: number;
  /** All of them (true when the item needs none). */
  skillsCovered: boolean;
  /** The team serves the order's community (2), its street/town (1), or neither (0). */
  areaMatch: 0 | 1 | 2;
  load: number;
}

/** The team's fit for an order. */
export function fitOf(team: TeamCandidate, needs: OrderNeeds): TeamSuggestion {
  const skillsMatched = needs.skills.filter((s) => team.skills.includes(s)).length;
  const areaMatch = team.areas.includes(needs.communityCode) ? 2 : needs.streetCode !== null && team.areas.includes(needs.streetCode) ? 1 : 0;
  return { teamId: team.id, skillsMatched, skillsCovered: skillsMatched === needs.skills.length, areaMatch, load: team.load };
}

/**
 * The teams in the order the station should consider them: those with every skill the item needs
 * first, then more skills matched, then the closer area (community before street before none), then
 * the lighter load, then the older team (smaller id). Teams that declined this order come last.
 */
export function suggestTeams(teams: readonly TeamCandidate[], needs: OrderNeeds, declined: ReadonlySet<number> = new Set()): TeamSuggestion[] {
  return teams
    .map((t) => fitOf(t, needs))
    .sort(
      (a, b) =>
        Number(declined.has(a.teamId)) - Number(declined.has(b.teamId)) ||
        Number(b.skillsCovered) - Number(a.skillsCovered) ||
        b.skillsMatched - a.skillsMatched ||
        b.areaMatch - a.areaMatch ||
        a.load - b.load ||
        a.teamId - b.teamId,
    );
}

/** One order as the ranking counts it. */
export interface RankedOrder {
  /** The station or team it counts for. */
  key: number;
  /** Replied (served with a record) at or before its reply deadline; null while not replied. */
  onTime: boolean | null;
  /** The requester's rating; null until rated. */
  satisfaction: 'satisfied' | 'basically_satisfied' | 'unsatisfied' | null;
}

export interface RankingRow {
  key: number;
  orders: number;
  served: number;
  onTime: number;
  rated: number;
  satisfied: number;
  /** on time / served, in percent (one decimal); null with nothing served. */
  timelinessRate: number | null;
  /** satisfied or basically satisfied / rated, in percent; null with nothing rated. */
  satisfactionRate: number | null;
  /** 60% satisfaction, 40% timeliness (a missing rate counts as 0), one decimal. */
  score: number;
  rank: number;
}

const pct = (n: number, d: number): number | null => (d === 0 ? null : Math.round((1000 * n) / d) / 10);

/** Ranks by score, then volume; equal score and volume share a rank (1, 1, 3). */
export function rankOrders(orders: readonly RankedOrder[]): RankingRow[] {
  const by = new Map<number, RankedOrder[]>();
  for (const o of orders) by.set(o.key, [...(by.get(o.key) ?? []), o]);
  const rows = [...by.entries()].map(([key, list]) => {
    const served = list.filter((o) => o.onTime !== null).length;
    const onTime = list.filter((o) => o.onTime === true).length;
    const rated = list.filter((o) => o.satisfaction !== null).length;
    const satisfied = list.filter((o) => o.satisfaction === 'satisfied' || o.satisfaction === 'basically_satisfied').length;
    const timelinessRate = pct(onTime, served);
    const satisfactionRate = pct(satisfied, rated);
    const score = Math.round(10 * (0.6 * (satisfactionRate ?? 0) + 0.4 * (timelinessRate ?? 0))) / 10;
    return { key, orders: list.length, served, onTime, rated, satisfied, timelinessRate, satisfactionRate, score, rank: 0 };
  });
  rows.sort((a, b) => b.score - a.score || b.orders - a.orders || a.key - b.key);
  rows.forEach((r, i) => {
    const prev = rows[i - 1];
    r.rank = prev !== undefined && prev.score === r.score && prev.orders === r.orders ? prev.rank : i + 1;
  });
  return rows;
}
