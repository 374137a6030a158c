/**
 * Usernames are unique in the whole database, and several districts may share it (migration 0016). A
 * district seeded second gets its demo accounts as `<name>.<district>` where another district holds
 * the plain name; code acting "as operator" or "as h.<unit>" looks for this district's account first.
 */
export const districtAccountName = (username: string, districtCode: string): string => `${username}.${districtCode}`;

/** The names to try for a district's account, this district's own form first. */
export const districtAccountCandidates = (username: string, districtCode: string): [string, string] => [districtAccountName(username, districtCode), username];
