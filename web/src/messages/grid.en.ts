/** English: the grid report page. */
import type { gridZhCN } from './grid.zh-CN.ts';

export const gridEn: Record<keyof typeof gridZhCN, string> = {
  'nav.gridReport': 'Grid report',
  'grid.grid': 'Grid',
  'grid.category': 'Category',
  'grid.description': 'Description',
  'grid.photo': 'Photos',
  'grid.position': 'Use my position',
  'grid.positionSet': 'Located at {lat}, {lng}',
  'grid.submit': 'Report',
  'grid.submitted': 'Reported, ticket {number}',
  'grid.mine': 'My reports',
};
