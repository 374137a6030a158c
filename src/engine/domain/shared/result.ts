/**
 * Expected failures are values with stable codes, never exceptions. Codes look like
 * `WORKFLOW.INVALID_TRANSITION`; the engine's error catalogue (src/engine/engine.errors.ts) gives each
 * its HTTP status and its words for users.
 */

/** Every code a pure rule of the engine fails with (the catalogue must have them all). */
export type DomainErrorCode =
  | 'WORKFLOW.INVALID_TRANSITION'
  | 'WORKFLOW.FORBIDDEN'
  | 'WORKFLOW.PRECONDITION_FAILED'
  | 'WORKFLOW.INVALID_INPUT'
  | 'WORKFLOW.ACTION_NOT_FOR_KIND'
  | 'WORKFLOW.NO_TIME_LIMIT'
  | 'WORKFLOW.INVALID_ESCALATION'
  | 'CALENDAR.INVALID_DATA'
  | 'CALENDAR.INVALID_LIMIT'
  | 'ASSESSMENT.INVALID_RULE'
  | 'ASSESSMENT.INVALID_COUNTS'
  | 'ASSESSMENT.NO_RULE';

export interface DomainError<C extends string = DomainErrorCode> {
  readonly code: C;
  readonly message: string;
  readonly details?: Record<string, unknown>;
}

export type Result<T, E extends DomainError<string> = DomainError> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });

export const err = (code: DomainErrorCode, message: string, details?: Record<string, unknown>): Result<never> => ({
  ok: false,
  error: details === undefined ? { code, message } : { code, message, details },
});

/**
 * The `err` of a module's pure rules, which fail with the module's own codes (`C`, declared in its
 * `<name>.domain.ts`; its `<name>.errors.ts` catalogue must have them all).
 */
export const errWith =
  <C extends string>() =>
  (code: C, message: string, details?: Record<string, unknown>): Result<never, DomainError<C>> => ({
    ok: false,
    error: details === undefined ? { code, message } : { code, message, details },
  });
