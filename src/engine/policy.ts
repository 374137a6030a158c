/**
 * Who may do what: each module keeps its rules in one table (`<name>.policy.ts`, beside its use
 * cases), made with `definePolicy`. A route names its rule in its schema (`...routePolicy(P, 'name')`):
 * the rule is enforced before the handler runs (`authorizeRoute`, installed by `src/main.ts`) and
 * published in the OpenAPI document as `x-policy`, where the authorisation matrix test
 * (test/authorization.db.test.ts) reads it. A use case that checks more than the role (the unit that
 * owns the ticket, the street that blew the whistle) checks the same rule with `authorize` and then
 * its scope, which the rule's `scope` states in words. The rules a user passes are listed to the web
 * app (`may` in GET /api/auth/me), which shows pages and buttons by them; a few rules exist only for
 * that, naming a workbench page whose parts each have their own rule.
 */
import type { FastifyRequest } from 'fastify';
import { AppError } from '../platform/errors.ts';
import type { Principal } from './auth.ts';
import type { Role } from './domain/workflow/ticket.ts';
import type { ReferenceSnapshot } from './reference/reference-cache.ts';
import { requireUser } from './http/auth.ts';

export interface PolicyRule {
  /** The roles that may; `signed-in`: every account; `public`: no account needed. */
  roles: readonly Role[] | 'signed-in' | 'public';
  /** What the use case checks beyond the role, in words (scope, ownership, state). */
  scope?: string;
  /**
   * Whether the scope reaches anything at all for this user (their unit's place in the trees), when a
   * role alone says too much: a street's or district's leader reads the volunteer figures, a department's
   * does not. Only the rules a user is told they pass (`grantedRules`, the menu) use it; the use case
   * still checks the scope on every request.
   */
  reaches?: (p: Principal, ref: ReferenceSnapshot) => boolean;
}

export interface Policy<K extends string = string> {
  /** The module the rules belong to (`whistles`, `engine` …). */
  module: string;
  rules: Readonly<Record<K, PolicyRule>>;
}

export const definePolicy = <K extends string>(module: string, rules: Record<K, PolicyRule>): Policy<K> => ({ module, rules });

/** The rule as published on an operation (`x-policy` in the OpenAPI document). */
export interface PublishedRule {
  rule: string;
  roles: readonly Role[] | 'signed-in' | 'public';
  scope?: string;
}

declare module 'fastify' {
  interface FastifySchema {
    /** Who may call this operation (see src/engine/policy.ts). */
    'x-policy'?: PublishedRule;
  }
}

/** Spread into a route's schema: `schema: { ...routePolicy(LEDGERS, 'read'), tags: … }`. */
export function routePolicy<K extends string>(policy: Policy<K>, name: K): { 'x-policy': PublishedRule } {
  const rule = policy.rules[name];
  return { 'x-policy': { rule: `${policy.module}.${name}`, roles: rule.roles, ...(rule.scope ? { scope: rule.scope } : {}) } };
}

/**
 * The rules `p` passes on its roles, as `module.rule` names: what `GET /api/auth/me` tells the web app,
 * which shows a page or a button by the rule its route enforces rather than by a copy of the roles. The
 * scope (which unit, which ticket) is still checked by the use case.
 */
export function grantedRules(p: Principal, policies: readonly Policy[], ref: ReferenceSnapshot): string[] {
  return policies.flatMap((policy) =>
    Object.entries<PolicyRule>(policy.rules)
      .filter(([, rule]) => mayAct(p, rule) && (rule.reaches === undefined || rule.reaches(p, ref)))
      .map(([name]) => `${policy.module}.${name}`),
  );
}

/**
 * Every rule of the house by its `module.rule` name, with its roles and scope: published at the top of
 * the OpenAPI document as `x-policies`, where the web app's tests check that each page names one.
 */
export function publishedPolicies(policies: readonly Policy[]): Record<string, Omit<PublishedRule, 'rule'>> {
  return Object.fromEntries(
    policies.flatMap((policy) =>
      Object.entries<PolicyRule>(policy.rules).map(([name, rule]) => [
        `${policy.module}.${name}`,
        { roles: rule.roles, ...(rule.scope ? { scope: rule.scope } : {}) },
      ]),
    ),
  );
}

/** True when `p` holds a role the rule names (every account for `signed-in` and `public`). */
export const mayAct = (p: Principal, rule: PolicyRule): boolean => typeof rule.roles === 'string' || rule.roles.some((r) => p.roles.includes(r));

/** The rule's role check for a use case: AUTH.FORBIDDEN (403) when `p` holds none of its roles. */
export function authorize(p: Principal, rule: PolicyRule, message?: string): void {
  if (!mayAct(p, rule)) throw new AppError('AUTH.FORBIDDEN', message ?? `This needs one of the roles: ${(rule.roles as readonly Role[]).join(', ')}`);
}

/**
 * The preHandler every route runs after authentication: its published rule, if any. A `public` rule
 * lets anyone in; `signed-in` needs an account (401 without); a list of roles needs one of them (403).
 */
export async function authorizeRoute(req: FastifyRequest): Promise<void> {
  const rule = req.routeOptions.schema?.['x-policy'];
  if (rule === undefined || rule.roles === 'public') return;
  authorize(requireUser(req), rule);
}
