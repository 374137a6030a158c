/** The building-door boards' error codes (imports of building units). */
import type { CodesOf, ErrorCatalogue } from '../../platform/errors.ts';

export const BOARDS_ERRORS = {
  'BUILDING.INVALID_ROWS': { status: 422, zh: '楼门数据有误，未导入任何内容', en: 'Some building rows are invalid; nothing was imported' },
  'BUILDING.MISSING_COLUMNS': { status: 422, zh: '文件缺少必需的列', en: 'The file lacks required columns' },
  'BUILDING.TOO_MANY_ROWS': { status: 422, zh: '一次导入的楼门单元过多', en: 'Too many building units for one import' },
} satisfies ErrorCatalogue;

declare module '../../platform/errors.ts' {
  interface ErrorCodes extends CodesOf<typeof BOARDS_ERRORS> {}
}
