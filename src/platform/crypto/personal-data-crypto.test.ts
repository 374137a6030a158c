import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateDataKey, isSealed, normalisePhone, PersonalDataKeyError, PersonalDataKeyring, sealedKeyId, ticketAad } from './personal-data-crypto.ts';

const k1 = generateDataKey('k1');
const k2 = generateDataKey('k2');
const ring = (active = k1, ...others: (typeof k1)[]) => new PersonalDataKeyring({ keys: [active, ...others], activeId: active.id });
const aad = ticketAad('110109', 42, 'requester_phone');

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof PersonalDataKeyError) return e.code;
    throw e;
  }
  return 'no error';
}

/** Flips one bit of the decoded body at `at` (0 = first IV byte) and re-encodes. */
function flip(sealed: string, at: number): string {
  const [p, id, b64] = sealed.split(':');
  const raw = Buffer.from(b64!, 'base64');
  raw[at % raw.length]! ^= 1;
  return `${p}:${id}:${raw.toString('base64')}`;
}

describe('personal data sealed at rest', () => {
  it('round-trips any text, never storing it in clear, with a fresh IV each time', () => {
    const r = ring();
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 200, unit: 'grapheme' }), (plain) => {
        const a = r.seal(plain, aad);
        const b = r.seal(plain, aad);
        expect(a).toMatch(/^pd1:k1:[A-Za-z0-9+/]+=*$/);
        expect(a).not.toBe(b);
        expect(a.includes(plain) && plain.length > 3).toBe(false);
        expect(r.open(a, aad)).toBe(plain);
        expect(r.open(b, aad)).toBe(plain);
      }),
    );
    expect(r.seal('张三', aad)).not.toContain('张三');
  });

  it('leaves the empty string empty (nothing to hide)', () => {
    expect(ring().seal('', aad)).toBe('');
    expect(ring().open('', aad)).toBe('');
  });

  it('refuses a value altered anywhere (IV, tag or body) or bound to another ticket or column', () => {
    const r = ring();
    const sealed = r.seal('13812341234', aad);
    const len = Buffer.from(sealed.split(':')[2]!, 'base64').length;
    for (let i = 0; i < len; i++)
      expect(
        codeOf(() => r.open(flip(sealed, i), aad)),
        `byte ${i}`,
      ).toBe('PERSONAL_DATA.UNREADABLE');
    expect(codeOf(() => r.open(sealed, ticketAad('110109', 43, 'requester_phone')))).toBe('PERSONAL_DATA.UNREADABLE');
    expect(codeOf(() => r.open(sealed, ticketAad('110109', 42, 'requester_name')))).toBe('PERSONAL_DATA.UNREADABLE');
    expect(codeOf(() => r.open(sealed, ticketAad('110108', 42, 'requester_phone')))).toBe('PERSONAL_DATA.UNREADABLE');
    expect(codeOf(() => r.open('pd1:k1:AAAA', aad))).toBe('PERSONAL_DATA.UNREADABLE');
  });

  it('names an unknown key id clearly, and refuses a different key under the same id', () => {
    const sealed = ring(k2).seal('王五', aad);
    const e = (() => {
      try {
        ring(k1).open(sealed, aad);
      } catch (x) {
        return x as PersonalDataKeyError;
      }
      return null;
    })();
    expect(e?.code).toBe('PERSONAL_DATA.UNKNOWN_KEY');
    expect(e?.message).toMatch(/key k2/);
    const impostor = { id: 'k2', key: generateDataKey('k2').key };
    expect(codeOf(() => ring(impostor).open(sealed, aad))).toBe('PERSONAL_DATA.UNREADABLE');
  });

  it('opens values of every key it holds and seals under the active one', () => {
    const old = ring(k1).seal('李四', aad);
    const both = ring(k2, k1);
    expect(both.open(old, aad)).toBe('李四');
    expect(sealedKeyId(both.seal('李四', aad))).toBe('k2');
    expect(both.isCurrent(old)).toBe(false);
    expect(both.isCurrent(both.seal('x', aad))).toBe(true);
  });

  it('passes legacy clear text through until every row is sealed, then refuses it', () => {
    const r = ring();
    expect(r.open('张三', aad)).toBe('张三');
    r.requireSealed();
    expect(codeOf(() => r.open('张三', aad))).toBe('PERSONAL_DATA.UNREADABLE');
    expect(r.open('', aad)).toBe('');
  });

  it('hashes the normalised phone with a key: same number in any spelling, different under another key, never the digits', () => {
    const r = ring();
    const h = r.phoneKey('13812341234')!;
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(r.phoneKey('+86 138-1234-1234')).toBe(h);
    expect(r.phoneKey('0086 13812341234')).toBe(h);
    expect(r.phoneKey('13812341235')).not.toBe(h);
    expect(ring(k2).phoneKey('13812341234')).not.toBe(h);
    expect(h).not.toContain('13812341234');
    expect(r.phoneKey('12')).toBeNull();
    expect(ring(k2, k1).phoneKeys('138 1234 1234')).toEqual([ring(k2).phoneKey('13812341234'), h]);
    expect(normalisePhone('+86 13812341234')).toBe('13812341234');
  });

  it('rejects malformed keys and key sets', () => {
    expect(codeOf(() => new PersonalDataKeyring({ keys: [{ id: 'k1', key: Buffer.alloc(16) }], activeId: 'k1' }))).toBe('PERSONAL_DATA.BAD_KEY');
    expect(codeOf(() => new PersonalDataKeyring({ keys: [{ id: 'k_1', key: Buffer.alloc(32) }], activeId: 'k_1' }))).toBe('PERSONAL_DATA.BAD_KEY');
    expect(codeOf(() => new PersonalDataKeyring({ keys: [k1], activeId: 'k9' }))).toBe('PERSONAL_DATA.BAD_KEY');
    expect(codeOf(() => new PersonalDataKeyring({ keys: [k1, k1], activeId: 'k1' }))).toBe('PERSONAL_DATA.BAD_KEY');
  });

  it('follows a newer key set from its source: at once for an unknown key, otherwise when the source offers one', () => {
    let offered: { keys: (typeof k1)[]; activeId: string } | null = null;
    const r = new PersonalDataKeyring({ keys: [k1], activeId: 'k1' }, () => offered);
    const underK2 = ring(k2).seal('赵六', aad);
    offered = { keys: [k1, k2], activeId: 'k2' };
    expect(r.open(underK2, aad)).toBe('赵六');
    expect(r.activeKeyId).toBe('k2');
    expect(isSealed(r.seal('x', aad))).toBe(true);
  });
});
