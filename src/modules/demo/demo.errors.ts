/**
 * The demo data's error codes. They stop the generation of demo history when the district is not
 * seeded as the demo expects: a fault of the server's set-up, hence 500 should one reach a request.
 */
import type { CodesOf, ErrorCatalogue } from '../../platform/errors.ts';

export const DEMO_ERRORS = {
  'DEMO.NO_PLACES': {
    status: 500,
    zh: '演示数据缺少社区，请先导入基础数据',
    en: 'The district has no communities for demo data; seed the reference data first',
  },
  'DEMO.MISSING_ACCOUNT': { status: 500, zh: '演示账号不存在，请先生成演示数据', en: 'A demo account is missing; seed the demo data first' },
  'DEMO.UNKNOWN_UNIT': { status: 500, zh: '演示数据引用了不存在的单位', en: 'The demo data names a unit that does not exist' },
} satisfies ErrorCatalogue;

declare module '../../platform/errors.ts' {
  interface ErrorCodes extends CodesOf<typeof DEMO_ERRORS> {}
}
