/**
 * Requests sent from this browser, kept on the device only (localStorage), so the requester can
 * follow them without typing the number and query code again.
 */
export interface RecentRequest {
  number: string;
  code: string;
  /** ISO time of submission. */
  at: string;
}

const KEY = 'jiesu.myRequests';
const MAX = 10;

export function recentRequests(): RecentRequest[] {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(v) ? (v as RecentRequest[]).filter((r) => typeof r?.number === 'string' && typeof r?.code === 'string').slice(0, MAX) : [];
  } catch {
    return [];
  }
}

export function rememberRequest(r: RecentRequest): void {
  try {
    localStorage.setItem(KEY, JSON.stringify([r, ...recentRequests().filter((x) => x.number !== r.number)].slice(0, MAX)));
  } catch {
    // Private browsing or storage full: the requester still has the number and code on screen.
  }
}
