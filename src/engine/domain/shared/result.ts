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
  | 'CALENDAR.INVALID_DATA'
  | 'CALENDAR.INVALID_LIMIT'
  | 'ASSESSMENT.INVALID_RULE'
  | 'ASSESSMENT.INVALID_COUNTS'
  | 'ASSESSMENT.NO_RULE';

export interface DomainError {
  readonly code: DomainErrorCode;
  readonly message: string;
  readonly details?: Record<string, unknown>;
}

export type Result<T, E extends DomainError = DomainError> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });

export const err = (code: DomainErrorCode, message: string, details?: Record<string, unknown>): Result<never> => ({
  ok: false,
  error: details === undefined ? { code, message } : { code, message, details },
});
