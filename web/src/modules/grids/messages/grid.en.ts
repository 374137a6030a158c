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
  'grid.uploading': 'Uploading photos…',
  'grid.onSpot': 'Resolved on the spot',
  'grid.onSpotHint': 'Fixed on site: the report closes at once',
  'grid.afterPhoto': 'After photos',
  'grid.afterPhotoRequired': 'Resolving on the spot needs at least one after photo',
  'grid.resolution': 'What was done',
  'grid.resolvedOnSpot': 'Resolved on the spot, ticket {number}',
  'grid.noGrids': 'No grid is assigned to you yet; ask the administrator',
  'grid.openTicket': 'Open the ticket',
  'grid.empty': 'No reports yet',
};
