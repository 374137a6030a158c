/** The grids' error codes (grid imports, grid workers, snapshot reports). */
import type { CodesOf, ErrorCatalogue } from '../../platform/errors.ts';

export const GRIDS_ERRORS = {
  'GRID.INVALID_ROWS': { status: 422, zh: '网格数据有误，未导入任何内容', en: 'Some grid rows are invalid; nothing was imported' },
  'GRID.MISSING_COLUMNS': { status: 422, zh: '文件缺少必需的列', en: 'The file lacks required columns' },
  'GRID.UNKNOWN_USER': { status: 422, zh: '用户不存在或已停用', en: 'The user does not exist or is inactive' },
  'GRID.NOT_A_WORKER_OF_STREET': { status: 422, zh: '该用户不是本街乡的网格员', en: 'The user is not a grid worker of the grid’s street' },
  'GRID.NOT_YOUR_GRID': { status: 422, zh: '这不是您负责的网格', en: 'This is not one of your grids' },
} satisfies ErrorCatalogue;

declare module '../../platform/errors.ts' {
  interface ErrorCodes extends CodesOf<typeof GRIDS_ERRORS> {}
}
