/** The ledgers' error codes (rules, items, Excel imports). */
import type { CodesOf, ErrorCatalogue } from '../../platform/errors.ts';

export const LEDGERS_ERRORS = {
  'LEDGER.UNKNOWN_CATEGORY': { status: 422, zh: '问题分类不存在', en: 'The category does not exist' },
  'LEDGER.INVALID_PERIOD': { status: 422, zh: '起始日期须早于截止日期', en: 'The start of the period must come before its end' },
  'LEDGER.UNKNOWN_TICKETS': { status: 422, zh: '部分工单不存在，未添加任何工单', en: 'Some tickets do not exist; nothing was added' },
  'LEDGER.IMPORT_UNREADABLE': { status: 422, zh: '文件无法读取，请上传 .xlsx 工作簿', en: 'The file cannot be read; upload an .xlsx workbook' },
  'LEDGER.IMPORT_NO_NUMBER_COLUMN': { status: 422, zh: '第一行须有“编号”列', en: 'The first row must have a 编号 (number) column' },
  'LEDGER.IMPORT_TOO_MANY_ROWS': { status: 422, zh: '一次导入的行数过多', en: 'Too many rows for one import' },
} satisfies ErrorCatalogue;

declare module '../../platform/errors.ts' {
  interface ErrorCodes extends CodesOf<typeof LEDGERS_ERRORS> {}
}
