import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateDataKey, PersonalDataKeyring } from '../../platform/crypto/personal-data-crypto.ts';
import { CODE_GRACE_S, CODE_PERIOD_S, issueCheckInToken, verifyCheckInToken } from './check-in-token.ts';

const keyring = new PersonalDataKeyring({ keys: [generateDataKey('k1')], activeId: 'k1' });
const claims = { sessionId: 42, activityId: 7, venueTag: 'a1b2c3d4e5f6' };
const now = new Date('2026-03-03T01:00:10Z');

describe('check-in codes', () => {
  it('verifies its own code until its period and grace are over', () => {
    const t = issueCheckInToken(keyring, '110109', claims, now);
    expect(t.refreshAt.getTime() - now.getTime()).toBeLessThanOrEqual(CODE_PERIOD_S * 1000);
    expect(t.expiresAt.getTime() - t.refreshAt.getTime()).toBe(CODE_GRACE_S * 1000);
    expect(verifyCheckInToken(keyring, '110109', t.token, now)).toEqual({ ok: true, claims: { ...claims, expiresAt: t.expiresAt.getTime() / 1000 } });
    expect(verifyCheckInToken(keyring, '110109', t.token, t.expiresAt).ok).toBe(true);
    expect(verifyCheckInToken(keyring, '110109', t.token, new Date(t.expiresAt.getTime() + 1000))).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses every code with one character changed (the signature compared as text, not as decoded bytes)', () => {
    const { token } = issueCheckInToken(keyring, '110109', claims, now);
    fc.assert(
      fc.property(fc.nat(token.length - 1), fc.constantFrom(...'0123456789abcdefABCDEF-_.xyz'), (i, c) => {
        fc.pre(token[i] !== c);
        const changed = token.slice(0, i) + c + token.slice(i + 1);
        expect(verifyCheckInToken(keyring, '110109', changed, now).ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a code of another district, another key, or garbage', () => {
    const { token } = issueCheckInToken(keyring, '110109', claims, now);
    expect(verifyCheckInToken(keyring, '110105', token, now)).toEqual({ ok: false, reason: 'forged' });
    const other = new PersonalDataKeyring({ keys: [generateDataKey('k1')], activeId: 'k1' });
    expect(verifyCheckInToken(other, '110109', token, now)).toEqual({ ok: false, reason: 'forged' });
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (s) => {
        expect(verifyCheckInToken(keyring, '110109', s, now).ok).toBe(false);
      }),
    );
  });

  it('still verifies after a key rotation, under the key it names', () => {
    const k1 = generateDataKey('k1');
    const before = new PersonalDataKeyring({ keys: [k1], activeId: 'k1' });
    const { token } = issueCheckInToken(before, '110109', claims, now);
    const after = new PersonalDataKeyring({ keys: [k1, generateDataKey('k2')], activeId: 'k2' });
    expect(verifyCheckInToken(after, '110109', token, now).ok).toBe(true);
    expect(issueCheckInToken(after, '110109', claims, now).token).toMatch(/\.k2\./);
  });
});
