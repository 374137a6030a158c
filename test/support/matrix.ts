/**
 * A small role matrix of a module's routes (who gets 2xx, 403, 404, 400): one test per row, each user in
 * turn making the row's request. Used by the party parts' own matrices beside the district-wide one in
 * test/authorization.db.test.ts, whose roles do not include party workers and members.
 */
import { expect, it } from 'vitest';
import type { Harness } from './harness.ts';

/** A row: the letters expected per user, and the request (made afresh for each user). */
export type MatrixRows = Record<string, { expect: string[]; req: () => Promise<[string, string, unknown?]> }>;

/** A status as a letter: A allowed (2xx), F forbidden (403), N not found (404), I invalid (400), ?<status> otherwise. */
export const statusLetter = (status: number): string =>
  status < 300 ? 'A' : status === 403 ? 'F' : status === 404 ? 'N' : status === 400 ? 'I' : `?${status}`;

export function matrixTests(h: Harness, users: readonly string[], rows: MatrixRows): void {
  for (const [op, spec] of Object.entries(rows))
    it(op, async () => {
      const got: string[] = [];
      for (const u of users) {
        const [method, url, body] = await spec.req();
        got.push(statusLetter((await h.api(u, method, url, body)).status));
      }
      expect(got).toEqual(spec.expect);
    });
}
