/** Sizes of data per scale. */
import type { Scale } from './types.ts';

/**
 * Rows at a scale: `full` (factor 1) is the size, a custom factor scales it, and `quick` is a
 * fixed small size that stays within minutes on a loaded 2-core machine (a sixth of a million tickets
 * would not).
 */
export function sizeAt(scale: Scale, full: number, quick: number): number {
  return scale.label === 'quick' ? quick : Math.max(1000, Math.round(full * scale.factor));
}
