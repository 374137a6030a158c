import { describe, expect, it } from 'vitest';
import { planCategoryChange, planNewCategory, type CategoryNode, type NewCategory } from './categories.domain.ts';

const node = (id: number, code: string, name: string, parentId: number | null, path: string, isLeaf: boolean, active = true): CategoryNode => ({
  id,
  code,
  name,
  parentId,
  level: path.split('/').length,
  path,
  isLeaf,
  timeLimitClass: isLeaf ? 'general' : null,
  active,
});

const TREE: CategoryNode[] = [
  node(1, 'CITY', '城市管理', null, '城市管理', false),
  node(2, 'CITY.NOISE', '噪音扰民', 1, '城市管理/噪音扰民', false),
  node(3, 'CITY.NOISE.RES', '生活噪音', 2, '城市管理/噪音扰民/生活噪音', true),
  node(4, 'CITY.NOISE.OLD', '施工噪音', 2, '城市管理/噪音扰民/施工噪音', true, false),
  node(5, 'HEAT', '供暖', null, '供暖', false, false),
];
const CLASSES = new Set(['general', 'complex']);
const leaf = (over: Partial<NewCategory> = {}): NewCategory => ({
  parentId: 2,
  code: 'SITE',
  name: '工地噪音',
  nameEn: 'Construction noise',
  isLeaf: true,
  timeLimitClass: 'complex',
  keywords: ['工地', ' 夜间施工 ', '工地'],
  ...over,
});
const codeOf = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);

describe('adding a category', () => {
  it('goes under an active group with the parent’s code, path and level', () => {
    const r = planNewCategory(TREE, leaf(), CLASSES);
    expect(r).toEqual({
      ok: true,
      value: {
        code: 'CITY.NOISE.SITE',
        name: '工地噪音',
        nameEn: 'Construction noise',
        parentId: 2,
        level: 3,
        path: '城市管理/噪音扰民/工地噪音',
        isLeaf: true,
        timeLimitClass: 'complex',
        keywords: ['工地', '夜间施工'],
        active: true,
      },
    });
    expect(planNewCategory(TREE, { ...leaf(), parentId: null, code: 'WATER', name: '供水', isLeaf: false, timeLimitClass: null }, CLASSES)).toMatchObject({
      ok: true,
      value: { code: 'WATER', level: 1, path: '供水' },
    });
  });

  it('refuses what would break the tree, with a code for each', () => {
    expect(codeOf(planNewCategory(TREE, leaf({ parentId: 99 }), CLASSES))).toBe('CATEGORY.UNKNOWN_PARENT');
    expect(codeOf(planNewCategory(TREE, leaf({ parentId: 5 }), CLASSES))).toBe('CATEGORY.PARENT_RETIRED');
    expect(codeOf(planNewCategory(TREE, leaf({ parentId: 3 }), CLASSES))).toBe('CATEGORY.PARENT_IS_LEAF');
    expect(codeOf(planNewCategory(TREE, leaf({ name: ' 生活噪音 ' }), CLASSES))).toBe('CATEGORY.DUPLICATE_NAME');
    expect(codeOf(planNewCategory(TREE, leaf({ code: 'RES', name: '其他噪音' }), CLASSES))).toBe('CATEGORY.CODE_TAKEN');
    expect(codeOf(planNewCategory(TREE, leaf({ timeLimitClass: null }), CLASSES))).toBe('CATEGORY.LEAF_NEEDS_TIME_LIMIT');
    expect(codeOf(planNewCategory(TREE, leaf({ isLeaf: false }), CLASSES))).toBe('CATEGORY.LEAF_NEEDS_TIME_LIMIT');
    expect(codeOf(planNewCategory(TREE, leaf({ timeLimitClass: 'urgent_x' }), CLASSES))).toBe('CATEGORY.UNKNOWN_TIME_LIMIT_CLASS');
    const deep = [
      node(6, 'A', 'a', null, 'a', false),
      node(7, 'A.B', 'b', 6, 'a/b', false),
      node(8, 'A.B.C', 'c', 7, 'a/b/c', false),
      node(9, 'A.B.C.D', 'd', 8, 'a/b/c/d', false),
      node(10, 'A.B.C.D.E', 'e', 9, 'a/b/c/d/e', false),
    ];
    expect(codeOf(planNewCategory(deep, leaf({ parentId: 10 }), CLASSES))).toBe('CATEGORY.TOO_DEEP');
    expect(codeOf(planNewCategory([node(11, 'X'.repeat(55), 'x', null, 'x', false)], leaf({ parentId: 11, code: 'LONGER' }), CLASSES))).toBe(
      'CATEGORY.CODE_TOO_LONG',
    );
  });

  it('may reuse the name of a retired sibling', () => {
    expect(codeOf(planNewCategory(TREE, leaf({ name: '施工噪音' }), CLASSES))).toBe('ok');
  });
});

describe('changing a category', () => {
  it('renames a group and rewrites the paths below it', () => {
    expect(planCategoryChange(TREE, 2, { name: '噪声污染' }, CLASSES)).toEqual({
      ok: true,
      value: {
        self: { name: '噪声污染', path: '城市管理/噪声污染' },
        paths: [
          { id: 3, path: '城市管理/噪声污染/生活噪音', level: 3 },
          { id: 4, path: '城市管理/噪声污染/施工噪音', level: 3 },
        ],
      },
    });
    expect(codeOf(planCategoryChange(TREE, 3, { name: '施工噪音' }, CLASSES)!)).toBe('ok');
    expect(codeOf(planCategoryChange([...TREE, node(6, 'CITY.NOISE.X', '其他', 2, '城市管理/噪音扰民/其他', true)], 3, { name: '其他' }, CLASSES)!)).toBe(
      'CATEGORY.DUPLICATE_NAME',
    );
  });

  it('moves a leaf to another known class, never a group', () => {
    expect(planCategoryChange(TREE, 3, { timeLimitClass: 'complex' }, CLASSES)).toEqual({
      ok: true,
      value: { self: { timeLimitClass: 'complex' }, paths: [] },
    });
    expect(codeOf(planCategoryChange(TREE, 3, { timeLimitClass: 'nope' }, CLASSES)!)).toBe('CATEGORY.UNKNOWN_TIME_LIMIT_CLASS');
    expect(codeOf(planCategoryChange(TREE, 2, { timeLimitClass: 'complex' }, CLASSES)!)).toBe('CATEGORY.NOT_LEAF');
  });

  it('retires only what has no active children; brings back only under an active parent', () => {
    expect(codeOf(planCategoryChange(TREE, 2, { active: false }, CLASSES)!)).toBe('CATEGORY.HAS_CHILDREN');
    expect(planCategoryChange(TREE, 3, { active: false }, CLASSES)).toEqual({ ok: true, value: { self: { active: false }, paths: [] } });
    const retired = TREE.map((c) => (c.id === 3 ? { ...c, active: false } : c));
    expect(codeOf(planCategoryChange(retired, 2, { active: false }, CLASSES)!)).toBe('ok');
    const groupRetired = retired.map((c) => (c.id === 2 ? { ...c, active: false } : c));
    expect(codeOf(planCategoryChange(groupRetired, 3, { active: true }, CLASSES)!)).toBe('CATEGORY.PARENT_RETIRED');
    // Back in use only while no active sibling took its name.
    expect(codeOf(planCategoryChange(TREE, 4, { active: true }, CLASSES)!)).toBe('ok');
    const taken = [...TREE, node(6, 'CITY.NOISE.NEW', '施工噪音', 2, '城市管理/噪音扰民/施工噪音', true)];
    expect(codeOf(planCategoryChange(taken, 4, { active: true }, CLASSES)!)).toBe('CATEGORY.DUPLICATE_NAME');
  });

  it('moves a group with everything under it: paths and levels follow, codes stay', () => {
    const tree = [...TREE, node(6, 'ENV', '环境保护', null, '环境保护', false)];
    expect(planCategoryChange(tree, 2, { parentId: 6 }, CLASSES)).toEqual({
      ok: true,
      value: {
        self: { parentId: 6, path: '环境保护/噪音扰民', level: 2 },
        paths: [
          { id: 3, path: '环境保护/噪音扰民/生活噪音', level: 3 },
          { id: 4, path: '环境保护/噪音扰民/施工噪音', level: 3 },
        ],
      },
    });
    // To the top, renamed on the way.
    expect(planCategoryChange(tree, 2, { parentId: null, name: '噪声' }, CLASSES)).toEqual({
      ok: true,
      value: {
        self: { parentId: null, name: '噪声', path: '噪声', level: 1 },
        paths: [
          { id: 3, path: '噪声/生活噪音', level: 2 },
          { id: 4, path: '噪声/施工噪音', level: 2 },
        ],
      },
    });
    // The same parent again is no move.
    expect(planCategoryChange(tree, 3, { parentId: 2 }, CLASSES)).toEqual({ ok: true, value: { self: {}, paths: [] } });
  });

  it('refuses a move under itself, its descendants, a leaf, a retired or unknown group, too deep, or onto a taken name', () => {
    expect(codeOf(planCategoryChange(TREE, 1, { parentId: 1 }, CLASSES)!)).toBe('CATEGORY.MOVE_INTO_ITSELF');
    expect(codeOf(planCategoryChange(TREE, 1, { parentId: 2 }, CLASSES)!)).toBe('CATEGORY.MOVE_INTO_ITSELF');
    expect(codeOf(planCategoryChange(TREE, 1, { parentId: 3 }, CLASSES)!)).toBe('CATEGORY.MOVE_INTO_ITSELF');
    expect(codeOf(planCategoryChange(TREE, 3, { parentId: 99 }, CLASSES)!)).toBe('CATEGORY.UNKNOWN_PARENT');
    expect(codeOf(planCategoryChange(TREE, 3, { parentId: 5 }, CLASSES)!)).toBe('CATEGORY.PARENT_RETIRED');
    const withLeaf = [...TREE, node(6, 'X', '其他', null, '其他', true)];
    expect(codeOf(planCategoryChange(withLeaf, 3, { parentId: 6 }, CLASSES)!)).toBe('CATEGORY.PARENT_IS_LEAF');
    // A chain four deep: a group of height 2 (噪音扰民 → leaves) fits under level 2, not under level 3 or 4.
    const deep = [
      ...TREE,
      node(10, 'D', 'D1', null, 'D1', false),
      node(11, 'D.2', 'D2', 10, 'D1/D2', false),
      node(12, 'D.2.3', 'D3', 11, 'D1/D2/D3', false),
      node(13, 'D.2.3.4', 'D4', 12, 'D1/D2/D3/D4', false),
    ];
    expect(codeOf(planCategoryChange(deep, 2, { parentId: 12 }, CLASSES)!)).toBe('ok');
    expect(codeOf(planCategoryChange(deep, 2, { parentId: 13 }, CLASSES)!)).toBe('CATEGORY.TOO_DEEP');
    expect(codeOf(planCategoryChange(deep, 1, { parentId: 12 }, CLASSES)!)).toBe('CATEGORY.TOO_DEEP');
    // An active sibling of the same name under the new parent.
    const twin = [...TREE, node(6, 'ENV', '环境保护', null, '环境保护', false), node(7, 'ENV.RES', '生活噪音', 6, '环境保护/生活噪音', true)];
    expect(codeOf(planCategoryChange(twin, 3, { parentId: 6 }, CLASSES)!)).toBe('CATEGORY.DUPLICATE_NAME');
    // A retired category may take a name in use: it is not offered until it comes back (then checked).
    expect(
      codeOf(planCategoryChange([...twin, node(8, 'CITY.NOISE.R2', '生活噪音', 2, '城市管理/噪音扰民/生活噪音', true, false)], 8, { parentId: 6 }, CLASSES)!),
    ).toBe('ok');
  });

  it('does not know an unknown category', () => {
    expect(planCategoryChange(TREE, 99, { name: 'x' }, CLASSES)).toBeUndefined();
  });
});
