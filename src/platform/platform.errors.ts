/**
 * The platform's error codes: the generic ones every layer speaks (input the server cannot take,
 * authentication and permission, not found, rate limits, the database, internal errors) and the
 * platform's own image check. The HTTP app adds the engine's and the modules' (src/main.ts).
 */
import type { CodesOf, ErrorCatalogue } from './errors.ts';

export const PLATFORM_ERRORS = {
  'VALIDATION.INVALID_INPUT': { status: 400, zh: '输入有误，请检查后再试', en: 'The input is not valid; check it and try again' },
  'VALIDATION.BAD_REQUEST': { status: 400, zh: '请求无法识别', en: 'The request cannot be read' },
  'VALIDATION.BODY_TOO_LARGE': { status: 413, zh: '提交的内容过大', en: 'What was sent is too large' },
  'VALIDATION.UNSUPPORTED_MEDIA_TYPE': { status: 415, zh: '不支持此内容格式', en: 'This content type is not accepted' },
  'AUTH.UNAUTHENTICATED': { status: 401, zh: '请先登录', en: 'Please sign in' },
  'AUTH.INVALID_CREDENTIALS': { status: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  'AUTH.FORBIDDEN': { status: 403, zh: '您无权执行此操作', en: 'You may not do this' },
  'AUTH.CSRF': { status: 403, zh: '页面安全校验失败，请刷新页面后重试', en: 'The page failed its security check; reload it and try again' },
  NOT_FOUND: { status: 404, zh: '内容不存在，或不在您的权限范围内', en: 'It does not exist, or is outside your scope' },
  RATE_LIMITED: { status: 429, zh: '操作过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  'DB.UNAVAILABLE': { status: 503, zh: '数据库暂时不可用，请稍后重试', en: 'The database is unavailable; try again shortly' },
  'DB.TIMEOUT': { status: 503, zh: '数据库响应超时，请稍后重试', en: 'The database took too long to answer; try again shortly' },
  'DB.CONFLICT': { status: 503, zh: '与同时进行的其他操作冲突，请重试', en: 'The request clashed with concurrent work; try again' },
  INTERNAL: { status: 500, zh: '服务器内部错误，请稍后重试或联系管理员', en: 'Internal error; try again later or tell the administrator' },
  'ATTACHMENT.MALFORMED_IMAGE': { status: 422, zh: '图片文件已损坏或不完整', en: 'The image file is damaged or incomplete' },
} satisfies ErrorCatalogue;

declare module './errors.ts' {
  interface ErrorCodes extends CodesOf<typeof PLATFORM_ERRORS> {}
}
