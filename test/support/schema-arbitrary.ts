/**
 * fast-check arbitraries from the JSON schemas of the OpenAPI document (test/fuzz.db.test.ts):
 * `validArbitrary` draws values the schema accepts (or nearly: realistic ids from the seeded data
 * may still be refused by the domain), `hostileBody` draws JSON texts it must refuse. Only what our
 * TypeBox schemas use is supported: object with properties/required/additionalProperties (false or a
 * value schema)/minProperties, string with minLength/maxLength/pattern/format date|date-time, integer
 * and number with minimum/maximum/exclusiveMinimum/exclusiveMaximum, boolean, null, enum, const,
 * anyOf/oneOf, type lists, OpenAPI `nullable`, arrays with items/minItems/maxItems/uniqueItems.
 */
import fc from 'fast-check';
import type { JsonSchema } from './api-surface.ts';

export interface Schema extends JsonSchema {
  const?: unknown;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minProperties?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  properties?: Record<string, Schema>;
  anyOf?: Schema[];
  oneOf?: Schema[];
}

export interface ArbitraryOptions {
  /** Realistic values for a property or parameter by name (ids of seeded rows …), mixed with generated ones. */
  pool?: (name: string, schema: Schema) => readonly unknown[] | undefined;
  /** Longest generated string (the schema's maxLength if smaller). */
  maxString?: number;
  /** Longest generated array. */
  maxItems?: number;
}

const MAX_DEPTH = 6;

/** Text of mixed scripts: ASCII, Chinese, full-width, emoji (surrogate pairs), whitespace. */
const textUnit = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...'abcxyzABC0123456789 -_.,:/@'.split('')) },
  { weight: 3, arbitrary: fc.constantFrom(...'垃圾清运小区门口路灯不亮噪音扰民停车难楼道积水王李张'.split('')) },
  { weight: 1, arbitrary: fc.constantFrom('１', 'Ａ', '\u3000', '\t', '\n', '😀', '𠀋', 'é', "'", '"', '<', '>', '&', '\\') },
);

function boundedText(min: number, max: number): fc.Arbitrary<string> {
  return fc.string({ unit: textUnit, minLength: min, maxLength: Math.max(min, max) });
}

function intBetween(lo: number, hi: number): fc.Arbitrary<number> {
  if (lo > hi) return fc.constant(lo);
  const small = fc.bigInt({ min: BigInt(lo), max: BigInt(hi) }).map(Number);
  return fc.oneof({ weight: 1, arbitrary: fc.constantFrom(lo, hi) }, { weight: 4, arbitrary: small });
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const dateArb = fc.record({ y: fc.integer({ min: 2024, max: 2028 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) });

function stringArb(s: Schema, opts: ArbitraryOptions): fc.Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = Math.min(s.maxLength ?? 10_000, Math.max(min, opts.maxString ?? 40));
  const fits = (v: string) => v.length >= min && v.length <= (s.maxLength ?? Infinity);
  if (s.format === 'date-time')
    return fc
      .tuple(dateArb, fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.constantFrom('Z', '+08:00', '.123Z'))
      .map(([{ y, m, d }, hh, mm, z]) => `${y}-${pad(m, 2)}-${pad(d, 2)}T${pad(hh, 2)}:${pad(mm, 2)}:00${z}`)
      .filter(fits);
  if (s.format === 'date') return dateArb.map(({ y, m, d }) => `${y}-${pad(m, 2)}-${pad(d, 2)}`).filter(fits);
  if (s.pattern !== undefined) {
    const re = new RegExp(s.pattern, 'u');
    let gen: fc.Arbitrary<string>;
    try {
      gen = fc.stringMatching(new RegExp(s.pattern));
    } catch {
      gen = boundedText(min, max);
    }
    // A pattern does not bound the length: cut to the schema's bounds and keep what still matches.
    const cut = gen.map((v) => (v.length > (s.maxLength ?? max) ? v.slice(0, s.maxLength ?? max) : v));
    return fc.oneof(cut, boundedText(min, max)).filter((v) => fits(v) && re.test(v));
  }
  return boundedText(min, max);
}

function numberArb(s: Schema, integer: boolean): fc.Arbitrary<number> {
  const exMin = typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum : undefined;
  const exMax = typeof s.exclusiveMaximum === 'number' ? s.exclusiveMaximum : undefined;
  if (integer) {
    const lo = Math.max(s.minimum ?? -1_000_000, exMin !== undefined ? Math.floor(exMin) + 1 : -Number.MAX_SAFE_INTEGER);
    const hi = Math.min(s.maximum ?? 1_000_000, exMax !== undefined ? Math.ceil(exMax) - 1 : Number.MAX_SAFE_INTEGER);
    return intBetween(lo, hi);
  }
  const lo = s.minimum ?? exMin ?? -1e6;
  const hi = s.maximum ?? exMax ?? 1e6;
  return fc
    .oneof(fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true }), intBetween(Math.ceil(lo), Math.floor(hi)))
    .filter((v) => (exMin === undefined || v > exMin) && (exMax === undefined || v < exMax));
}

/** Values the schema accepts (domain rules aside), with pooled realistic values for named fields. */
export function validArbitrary(s: Schema, opts: ArbitraryOptions = {}, name = '', depth = 0): fc.Arbitrary<unknown> {
  const base = baseArbitrary(s, opts, name, depth);
  // Pools hold scalars: an array or object field draws them for its items instead; a pooled value the
  // schema would refuse (a community code where a street code is asked) is left out.
  const scalar = s.type !== 'array' && s.type !== 'object' && s.properties === undefined;
  const pooled = scalar ? opts.pool?.(name, s)?.filter((v) => fitsScalar(s, v)) : undefined;
  const withPool = pooled && pooled.length > 0 ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...pooled) }, { weight: 1, arbitrary: base }) : base;
  return s.nullable ? fc.oneof({ weight: 4, arbitrary: withPool }, { weight: 1, arbitrary: fc.constant(null) }) : withPool;
}

/** Whether a pooled scalar fits the schema's type, enum, bounds and pattern (branches: any of them). */
function fitsScalar(s: Schema, v: unknown): boolean {
  const branches = s.anyOf ?? s.oneOf;
  if (branches !== undefined) return branches.some((b) => fitsScalar(b, v));
  if (v === null) return s.nullable === true || s.type === 'null' || (Array.isArray(s.type) && s.type.includes('null'));
  if (s.enum !== undefined) return s.enum.includes(v);
  const types = Array.isArray(s.type) ? s.type : s.type === undefined ? [] : [s.type];
  if (typeof v === 'string') {
    if (types.length && !types.includes('string')) return false;
    return v.length >= (s.minLength ?? 0) && v.length <= (s.maxLength ?? Infinity) && (s.pattern === undefined || new RegExp(s.pattern, 'u').test(v));
  }
  if (typeof v === 'number') {
    if (types.length && !types.includes('number') && !(types.includes('integer') && Number.isInteger(v))) return false;
    return v >= (s.minimum ?? -Infinity) && v <= (s.maximum ?? Infinity);
  }
  return true;
}

function baseArbitrary(s: Schema, opts: ArbitraryOptions, name: string, depth: number): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum !== undefined) return fc.constantFrom(...s.enum);
  const branches = s.anyOf ?? s.oneOf;
  if (branches !== undefined) return fc.oneof(...branches.map((b) => validArbitrary(b, opts, name, depth)));
  if (Array.isArray(s.type)) return fc.oneof(...s.type.map((t) => validArbitrary({ ...s, type: t }, opts, name, depth)));
  switch (s.type) {
    case 'string':
      return stringArb(s, opts);
    case 'integer':
      return numberArb(s, true);
    case 'number':
      return numberArb(s, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const item = validArbitrary(s.items ?? {}, opts, name, depth + 1);
      const minLength = s.minItems ?? 0;
      const maxLength = Math.max(minLength, Math.min(s.maxItems ?? 5, opts.maxItems ?? 5));
      return s.uniqueItems ? fc.uniqueArray(item, { minLength, maxLength, selector: (v) => JSON.stringify(v) }) : fc.array(item, { minLength, maxLength });
    }
    case 'object':
    case undefined: {
      if (s.type === undefined && s.properties === undefined) return fc.jsonValue({ maxDepth: 2 });
      const props = s.properties ?? {};
      const required = s.required ?? [];
      const model = Object.fromEntries(Object.entries(props).map(([k, p]) => [k, validArbitrary(p, opts, k, depth + 1)]));
      let arb: fc.Arbitrary<Record<string, unknown>> =
        depth > MAX_DEPTH ? fc.constant({}) : fc.record(model, { requiredKeys: required.filter((k) => k in props) });
      if (typeof s.additionalProperties === 'object' && depth <= MAX_DEPTH) {
        const extra = fc.dictionary(fc.stringMatching(/^[a-z_][a-z0-9_]{0,15}$/), validArbitrary(s.additionalProperties as Schema, opts, name, depth + 1), {
          maxKeys: 3,
        });
        arb = fc.tuple(arb, extra).map(([a, b]) => ({ ...b, ...a }));
      }
      if (s.minProperties !== undefined) {
        const minProps = s.minProperties;
        const keys = Object.keys(props);
        // Fill in optional properties until there are enough of them.
        arb = fc.tuple(arb, fc.tuple(...keys.map((k) => model[k]!))).map(([a, all]) => {
          const out = { ...a };
          for (let i = 0; i < keys.length && Object.keys(out).length < minProps; i++) if (!(keys[i]! in out)) out[keys[i]!] = all[i];
          return out;
        });
      }
      return arb;
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

// ---------------------------------------------------------------------------------------------
// Hostile input

/** A JSON token that JSON.stringify cannot produce, spliced into the text in place of its marker. */
const RAW_TOKENS = ['1e309', '-1e309', '-0', '1e-400', '123456789012345678901234567890', '0.1e1', '-0.0'] as const;
const rawMarker = (t: string) => `\u0001RAW:${t}\u0001`;
/** JSON.stringify, then the raw-token markers replaced by their tokens. */
export function toJsonText(v: unknown): string {
  let text = JSON.stringify(v) ?? 'null';
  for (const t of RAW_TOKENS) text = text.split(JSON.stringify(rawMarker(t))).join(t);
  return text;
}

/** A value of a different kind than the schema wants, or out of its bounds, or text PostgreSQL cannot store. */
export function hostileValue(s: Schema, hugeLength: number): fc.Arbitrary<unknown> {
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  const generic = fc.constantFrom<unknown>(
    null,
    true,
    0,
    -1,
    '',
    ' ',
    'NaN',
    'Infinity',
    '1e309',
    '-0',
    '0x10',
    '１２',
    [],
    [null],
    {},
    { '': 1 },
    { __proto__: { admin: true } },
    JSON.parse('{"__proto__":{"polluted":1}}'),
    { constructor: { prototype: { polluted: 1 } } },
    ...RAW_TOKENS.map(rawMarker),
  );
  const text = fc.constantFrom(
    'a\u0000b',
    '\u0000',
    '\ud800',
    'x\udfffy',
    '\ud83d',
    '\uffff\ufffe',
    '\u202e\u200b',
    "'; drop table tickets; --",
    '${jndi:ldap://x}',
    '<script>alert(1)</script>',
    '../../etc/passwd',
    '%00',
    '\r\n\r\nX-Injected: 1',
  );
  const out: fc.Arbitrary<unknown>[] = [generic, text];
  const huge = fc.constantFrom(1_000, 10_000, hugeLength).chain((n) => fc.constantFrom('x'.repeat(n), '垃'.repeat(n), `${'a'.repeat(n - 1)}\u0000`));
  out.push(huge);
  if (type === 'integer' || type === 'number') {
    out.push(fc.constantFrom(1.5, -0.5, 2 ** 31, 2 ** 53, -(2 ** 53), 1e20, -1e20, Number.MAX_VALUE, Number.MIN_VALUE, '5', '1'));
    if (s.minimum !== undefined) out.push(fc.constant(s.minimum - 1));
    if (s.maximum !== undefined) out.push(fc.constant(s.maximum + 1));
  }
  if (type === 'string') {
    if (s.maxLength !== undefined) out.push(fc.constant('z'.repeat(s.maxLength + 1)));
    out.push(fc.constantFrom(5, false, ['a'], { a: 'b' }));
  }
  if (type === 'array') out.push(fc.constantFrom({ 0: 1, length: 1 }, 'a,b', [[[]]], new Array(2000).fill(1), new Array(200).fill({ a: 'b'.repeat(100) })));
  if (type === 'object' || s.properties !== undefined) out.push(fc.constantFrom([{}], 'object', 1));
  return fc.oneof(...out);
}

/** Deeply nested JSON text of `depth` levels, arrays or objects. */
export function deeplyNested(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

export interface HostileBody {
  label: string;
  /** The body text as sent, or undefined for none. */
  text?: string;
  contentType?: string;
}

/**
 * Bodies a route with schema `s` must refuse: the whole body of the wrong kind, a valid body with one
 * field (at any depth) replaced by a hostile value or an unknown field added, a required field
 * dropped, deeply nested JSON, raw number tokens JSON.stringify cannot make, huge bodies.
 */
export function hostileBody(s: Schema, valid: fc.Arbitrary<unknown>, bodyLimit: number): fc.Arbitrary<HostileBody> {
  const hugeLength = Math.floor(bodyLimit * 0.9);
  const whole = fc.oneof(
    fc.constantFrom<unknown>(null, [], 42, 'text', true, {}, [{}]).map((v) => ({ label: `body ${JSON.stringify(v)}`, text: JSON.stringify(v) })),
    valid.map((v) => ({ label: 'body wrapped in an array', text: toJsonText([v]) })),
    fc
      .constantFrom(10, 1_000, 100_000)
      .chain((d) => fc.constantFrom<'array' | 'object'>('array', 'object').map((k) => ({ label: `nested ${k} ×${d}`, text: deeplyNested(d, k) }))),
    fc.constantFrom(...RAW_TOKENS).map((t) => ({ label: `body ${t}`, text: t })),
    fc.constant({ label: 'body at the limit', text: JSON.stringify({ zz: 'x'.repeat(bodyLimit) }) }),
  );
  const mutated = fc.tuple(valid, fc.nat(), hostileValue(s, hugeLength), fc.constantFrom('replace', 'add', 'drop')).map(([v, pick, bad, how]) => {
    const paths = objectPaths(v);
    if (paths.length === 0) return { label: 'scalar body replaced', text: toJsonText(bad) };
    const path = paths[pick % paths.length]!;
    const copy = structuredClone(v) as Record<string, unknown>;
    let target: any = copy;
    for (const k of path.slice(0, -1)) target = target[k];
    const key = path.at(-1)!;
    if (how === 'add' || path.length === 0) {
      const holder = path.length === 0 ? copy : target[key];
      if (holder !== null && typeof holder === 'object' && !Array.isArray(holder)) holder.zzUnknown = bad;
      else target[key] = bad;
      return { label: `unknown field at /${path.join('/')}`, text: toJsonText(copy) };
    }
    if (how === 'drop' && !Array.isArray(target)) {
      delete target[key];
      return { label: `dropped /${path.join('/')}`, text: toJsonText(copy) };
    }
    target[key] = bad;
    return { label: `hostile /${path.join('/')}`, text: toJsonText(copy) };
  });
  return fc.oneof({ weight: 1, arbitrary: whole }, { weight: 3, arbitrary: mutated });
}

/** Every path to a value inside `v` (objects and arrays), the root object included as []. */
function objectPaths(v: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (v === null || typeof v !== 'object') return out;
  if (prefix.length === 0 && !Array.isArray(v)) out.push([]);
  for (const [k, child] of Object.entries(v)) {
    const p = [...prefix, Array.isArray(v) ? Number(k) : k];
    out.push(p);
    objectPaths(child, p, out);
  }
  return out;
}
