/**
 * Sending one workflow action: `POST /api/tickets/{id}/actions/<type>` with `If-Match` (the version the
 * user saw), so an action taken on a stale page is refused rather than applied to a changed ticket.
 */
import type { paths } from '../../../api-types';
import { api, type ApiError } from '../../../shared/api.ts';

type ActionPath = Extract<keyof paths, `/api/tickets/{id}/actions/${string}`>;
export type ActionType = ActionPath extends `/api/tickets/{id}/actions/${infer A}` ? A : never;
export type BodyOf<A extends ActionType> = paths[`/api/tickets/{id}/actions/${A}`]['post']['requestBody']['content']['application/json'];
export type ActionResult = paths['/api/tickets/{id}/actions/sign']['post']['responses'][200]['content']['application/json'];

/** Sends one action with the version the user saw. */
export async function postAction<A extends ActionType>(
  id: number,
  type: A,
  version: number,
  body: BodyOf<A>,
): Promise<{ data?: ActionResult; error?: ApiError; status: number }> {
  // TypeScript cannot tie a generic path to its own body type (the paths form a union), so the client's
  // POST is seen here through one plain signature; callers are held to the right body by BodyOf<A>.
  const post = api.POST as unknown as (
    path: string,
    init: { params: { path: { id: number }; header: { 'if-match': string } }; body: unknown },
  ) => Promise<{ data?: ActionResult; error?: ApiError; response: Response }>;
  const r = await post(`/api/tickets/{id}/actions/${type}`, { params: { path: { id }, header: { 'if-match': `"${version}"` } }, body });
  return { data: r.data, error: r.error, status: r.response.status };
}
