/** Names of places as people say them. */

/** The place a community committee serves: 某某村民委员会 → 某某村, 某某社区居民委员会 → 某某社区. */
export function placeName(committee: string): string {
  return committee.replace(/村民委员会$|村委会$/, '村').replace(/居民委员会$|居委会$/, '');
}
