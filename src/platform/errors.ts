/**
 * Expected failures of use cases, with stable codes. They carry no HTTP status: every code has an
 * entry in the error catalogue (its status and what a user is told, in Chinese and English), which
 * the HTTP layer answers from in one place (src/platform/http/errors.ts). Each layer declares the
 * codes it brings: the platform in platform.errors.ts, the engine in src/engine/engine.errors.ts,
 * each module in its `<name>.errors.ts`, handed to the HTTP app through its manifest
 * (docs/ARCHITECTURE.md, "Errors").
 */

/** One entry of the error catalogue. */
export interface ErrorEntry {
  /** HTTP status of the answer. */
  readonly status: number;
  /** What went wrong, in words for the person at the screen (简体中文): the same for every occurrence of the code. */
  readonly zh: string;
  /** The same in English. */
  readonly en: string;
}

/** Error codes and their entries. */
export type ErrorCatalogue = Readonly<Record<string, ErrorEntry>>;

/** The codes of a catalogue, as members of `ErrorCodes`. */
export type CodesOf<C extends ErrorCatalogue> = { readonly [K in keyof C]: true };

/**
 * Every code an AppError may carry. Each catalogue file adds its codes by declaration merging
 * (`declare module '…/platform/errors.ts' { interface ErrorCodes extends CodesOf<typeof X_ERRORS> {} }`),
 * so `new AppError('NO.SUCH_CODE', …)` fails typecheck. That the manifests hand every catalogue to
 * the HTTP app, and that no entry is dead, is checked by src/error-catalogue.test.ts.
 */
export interface ErrorCodes {}

export type ErrorCode = keyof ErrorCodes & string;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }

  /** From an error value of a pure rule (the engine's `DomainError` and its kind). */
  static from(e: { code: ErrorCode; message: string; details?: Record<string, unknown> }): AppError {
    return new AppError(e.code, e.message, e.details);
  }
}

export const notFound = (what: string, id: string | number) => new AppError('NOT_FOUND', `${what} ${id} does not exist or is outside your scope`, { what, id });

/**
 * A `.catch` that names what the caller asked for when a lookup behind it was not found (a meeting's
 * branch out of scope is "Meeting 7 not found", not "Organisation 3"); anything else is rethrown.
 */
export const notFoundAs =
  (what: string, id: string | number) =>
  (e: unknown): never => {
    throw e instanceof AppError && e.code === 'NOT_FOUND' ? notFound(what, id) : e;
  };

export const invalid = (message: string, details?: Record<string, unknown>) => new AppError('VALIDATION.INVALID_INPUT', message, details);

export const forbidden = (message: string) => new AppError('AUTH.FORBIDDEN', message);
