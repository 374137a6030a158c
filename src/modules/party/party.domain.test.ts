import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  idsOnPath,
  inScope,
  isWithin,
  moveProblem,
  nestingProblem,
  normalisePosts,
  ORGANISATION_LEVELS,
  parentsFirst,
  pathOf,
  readPostsCell,
  rebasePath,
  rollUpCounts,
  scopeOfUnit,
  type OrganisationLevel,
} from './party.domain.ts';

const level = fc.constantFrom(...ORGANISATION_LEVELS);

/** A random tree: node i's parent is a node before it (or none for node 0), each with a level and a direct count. */
const treeArb = fc.array(fc.tuple(fc.nat(), fc.nat({ max: 50 })), { minLength: 1, maxLength: 60 }).map((xs) => {
  const nodes: { id: number; parent: number | null; path: string; direct: number }[] = [];
  xs.forEach(([p, direct], i) => {
    const parent = i === 0 ? null : nodes[p % i]!;
    nodes.push({ id: i + 1, parent: parent?.id ?? null, path: pathOf(parent?.path ?? null, i + 1), direct });
  });
  return nodes;
});

describe('nesting', () => {
  it('a branch has no children, a general branch sits under a committee, a committee under a committee or nowhere', () => {
    fc.assert(
      fc.property(level, fc.option(level, { nil: null }), (child, parent) => {
        const ok = nestingProblem(child, parent) === null;
        const expected = parent === null ? child === 'committee' : parent === 'committee' || (parent === 'general_branch' && child === 'branch');
        expect(ok).toBe(expected);
        if (parent === 'branch') expect(ok).toBe(false);
      }),
    );
  });

  it('every valid chain from a root is at most committee… › general branch › branch', () => {
    fc.assert(
      fc.property(fc.array(level, { minLength: 1, maxLength: 8 }), (chain) => {
        const valid = chain.every((l, i) => nestingProblem(l, i === 0 ? null : (chain[i - 1] as OrganisationLevel)) === null);
        if (valid) {
          const firstNonCommittee = chain.findIndex((l) => l !== 'committee');
          if (firstNonCommittee >= 0) expect(chain.slice(firstNonCommittee + 1).every((l) => l === 'branch')).toBe(true);
          expect(chain.slice(0, -1).includes('branch')).toBe(false);
        }
      }),
    );
  });
});

describe('paths and moves', () => {
  it('a path names its ancestors root first and itself last', () => {
    fc.assert(
      fc.property(treeArb, (nodes) => {
        for (const n of nodes) {
          const ids = idsOnPath(n.path);
          expect(ids.at(-1)).toBe(n.id);
          if (n.parent !== null) expect(ids.at(-2)).toBe(n.parent);
        }
      }),
    );
  });

  it('refuses exactly the moves under oneself or one’s subtree, and a rebase keeps every subtree path under the new one', () => {
    fc.assert(
      fc.property(treeArb, fc.nat(), fc.nat(), (nodes, a, b) => {
        const node = nodes[a % nodes.length]!;
        const target = nodes[b % nodes.length]!;
        const descendants = new Set(nodes.filter((n) => idsOnPath(n.path).includes(node.id)).map((n) => n.id));
        expect(moveProblem(node.path, target.path) !== null).toBe(descendants.has(target.id));
        if (moveProblem(node.path, target.path) !== null) return;
        const newPrefix = `${target.path}${node.id}/`;
        for (const n of nodes.filter((x) => isWithin(x.path, node.path))) {
          const moved = rebasePath(n.path, node.path, newPrefix);
          expect(isWithin(moved, newPrefix)).toBe(true);
          expect(idsOnPath(moved).at(-1)).toBe(n.id);
          expect(new Set(idsOnPath(moved)).size).toBe(idsOnPath(moved).length);
        }
      }),
    );
  });
});

describe('member counts', () => {
  it('a node’s total is its own plus its children’s, and the root holds everyone', () => {
    fc.assert(
      fc.property(treeArb, (nodes) => {
        const totals = rollUpCounts(nodes);
        for (const n of nodes) {
          const children = nodes.filter((c) => c.parent === n.id);
          expect(totals.get(n.id)).toBe(n.direct + children.reduce((s, c) => s + totals.get(c.id)!, 0));
        }
        expect(totals.get(1)).toBe(nodes.reduce((s, n) => s + n.direct, 0));
      }),
    );
  });

  it('counts a subset (a scope) without the nodes outside it', () => {
    fc.assert(
      fc.property(treeArb, fc.nat(), (nodes, k) => {
        const top = nodes[k % nodes.length]!;
        const subset = nodes.filter((n) => isWithin(n.path, top.path));
        expect(rollUpCounts(subset).get(top.id)).toBe(subset.reduce((s, n) => s + n.direct, 0));
      }),
    );
  });
});

describe('scope', () => {
  it('the district unit, departments and the centre see all; a street its communities; a station its community', () => {
    expect(scopeOfUnit({ unitType: 'department', divisionCode: null }, '110109')).toEqual({ kind: 'district' });
    expect(scopeOfUnit({ unitType: 'district', divisionCode: '110109' }, '110109')).toEqual({ kind: 'district' });
    const street = scopeOfUnit({ unitType: 'street', divisionCode: '110109001' }, '110109');
    expect(inScope(street, '110109001002')).toBe(true);
    expect(inScope(street, '110109001')).toBe(true);
    expect(inScope(street, '110109002001')).toBe(false);
    expect(inScope(street, null)).toBe(false);
    const station = scopeOfUnit({ unitType: 'station', divisionCode: '110109001002' }, '110109');
    expect(inScope(station, '110109001002')).toBe(true);
    expect(inScope(station, '110109001003')).toBe(false);
    expect(scopeOfUnit({ unitType: 'station', divisionCode: '110109' }, '110109')).toEqual({ kind: 'district' });
    expect(scopeOfUnit({ unitType: 'enterprise', divisionCode: null }, '110109')).toEqual({ kind: 'none' });
    expect(scopeOfUnit({ unitType: 'street', divisionCode: '110105001' }, '110109')).toEqual({ kind: 'none' });
  });
});

describe('posts', () => {
  it('normalises to a stable order without duplicates, whatever the input order', () => {
    const post = fc.oneof(
      fc.constantFrom('secretary', 'committee_member', 'deputy_secretary'),
      fc.constantFrom('政策宣讲', '邻里守望', ' 助老 服务 ').map((n) => `pioneer:${n}`),
    );
    fc.assert(
      fc.property(fc.array(post, { maxLength: 8 }), (posts) => {
        const a = normalisePosts(posts);
        const b = normalisePosts([...posts].reverse());
        expect(a).toEqual(b);
        if ('posts' in a) {
          expect(new Set(a.posts).size).toBe(a.posts.length);
          expect(normalisePosts(a.posts)).toEqual(a);
        } else expect(posts.includes('secretary') && posts.includes('deputy_secretary')).toBe(true);
      }),
    );
  });

  it('refuses unknown posts and empty or long pioneer names; reads a cell in Chinese', () => {
    expect(normalisePosts(['chairman'])).toEqual({ problem: 'UNKNOWN_POST', post: 'chairman' });
    expect(normalisePosts(['pioneer:  '])).toMatchObject({ problem: 'PIONEER_NAME' });
    expect(normalisePosts([`pioneer:${'长'.repeat(31)}`])).toMatchObject({ problem: 'PIONEER_NAME' });
    expect(readPostsCell('书记；先锋岗:政策宣讲、委员')).toEqual({ posts: ['secretary', 'pioneer:政策宣讲', 'committee_member'] });
    expect(readPostsCell('队长')).toEqual({ bad: '队长' });
  });
});

describe('parents first', () => {
  it('orders any shuffle of a file parents before children, and finds cycles', () => {
    fc.assert(
      fc.property(treeArb, fc.integer(), (nodes, seed) => {
        const rows = nodes.map((n) => ({ code: `C${n.id}`, parentCode: n.parent === null ? null : `C${n.parent}` }));
        const shuffled = [...rows].sort((x, y) => ((x.code.length * 31 + seed) % 7) - ((y.code.length * 17 + seed) % 5) || x.code.localeCompare(y.code));
        const { order, cyclic } = parentsFirst(shuffled);
        expect(cyclic).toEqual([]);
        const at = new Map(order.map((r, i) => [r.code, i]));
        for (const r of order) if (r.parentCode !== null) expect(at.get(r.parentCode)!).toBeLessThan(at.get(r.code)!);
      }),
    );
    const { cyclic } = parentsFirst([
      { code: 'A', parentCode: 'B' },
      { code: 'B', parentCode: 'A' },
      { code: 'C', parentCode: null },
    ]);
    expect(cyclic.map((r) => r.code).sort()).toEqual(['A', 'B']);
  });
});
