/**
 * Expected failures of use cases, with stable codes. They carry no HTTP status: the HTTP layer maps
 * codes to statuses in one place.
 */

export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }

  /** From an error value of a pure rule (the engine's `DomainError` and its kind). */
  static from(e: { code: string; message: string; details?: Record<string, unknown> }): AppError {
    return new AppError(e.code, e.message, e.details);
  }
}

export const notFound = (what: string, id: string | number) =>
  new AppError('NOT_FOUND', `${what} ${id} does not exist or is outside your scope`, { what, id });

export const invalid = (message: string, details?: Record<string, unknown>) => new AppError('VALIDATION.INVALID_INPUT', message, details);

export const forbidden = (message: string) => new AppError('AUTH.FORBIDDEN', message);
