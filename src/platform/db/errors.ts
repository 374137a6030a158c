/** Recognising database errors the application handles, on both drivers (drizzle may wrap them in `cause`). */

/** True for a unique-constraint violation (SQLSTATE 23505), however deeply it is wrapped. */
export function isUniqueViolation(e: unknown): boolean {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur; i++) {
    if ((cur as { code?: string }).code === '23505') return true;
    cur = (cur as { cause?: unknown }).cause;
  }
  return false;
}
