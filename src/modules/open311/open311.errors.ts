/** Open311's error codes (its clients read them as a `{ code, description }` list, see index.ts). */
import type { CodesOf, ErrorCatalogue } from '../../platform/errors.ts';

export const OPEN311_ERRORS = {
  'VALIDATION.UNKNOWN_SERVICE_CODE': { status: 400, zh: '服务代码不存在', en: 'The service_code does not exist' },
} satisfies ErrorCatalogue;

declare module '../../platform/errors.ts' {
  interface ErrorCodes extends CodesOf<typeof OPEN311_ERRORS> {}
}
