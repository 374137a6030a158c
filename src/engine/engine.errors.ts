/**
 * The engine's error codes: its pure rules' (workflow, calendar, assessment), intake's, actions',
 * units', attachments' and idempotency's. Handed to the HTTP app by the engine's manifest.
 */
import type { DomainErrorCode } from './domain/shared/result.ts';
import type { CodesOf, ErrorCatalogue, ErrorEntry } from '../platform/errors.ts';

/** One entry for every code of the pure rules (a new domain code without an entry fails typecheck). */
const DOMAIN_ERRORS = {
  'WORKFLOW.INVALID_TRANSITION': { status: 409, zh: '工单当前状态下不能执行此操作', en: 'This action is not possible in the ticket’s current state' },
  'WORKFLOW.FORBIDDEN': { status: 403, zh: '您无权对此工单执行此操作', en: 'You may not take this action on this ticket' },
  'WORKFLOW.PRECONDITION_FAILED': { status: 409, zh: '工单尚不满足此操作的条件', en: 'The ticket does not meet the conditions of this action' },
  'WORKFLOW.INVALID_ESCALATION': { status: 422, zh: '自动督办的时限设置有误', en: 'The automatic supervision spans are not valid' },
  'WORKFLOW.INVALID_INPUT': { status: 422, zh: '操作内容有误，请检查后再试', en: 'The action’s input is not valid; check it and try again' },
  'WORKFLOW.ACTION_NOT_FOR_KIND': { status: 409, zh: '此类工单不使用该操作', en: 'This kind of ticket does not use this action' },
  'WORKFLOW.NO_TIME_LIMIT': { status: 422, zh: '该时限类别未配置办理时限', en: 'No time limits are configured for this class' },
  'CALENDAR.INVALID_DATA': { status: 422, zh: '日历数据有误', en: 'The calendar data is not valid' },
  'CALENDAR.INVALID_LIMIT': { status: 422, zh: '时限设置有误', en: 'The time limit is not valid' },
  'ASSESSMENT.INVALID_RULE': { status: 422, zh: '考核规则有误', en: 'The assessment rule is not valid' },
  'ASSESSMENT.INVALID_COUNTS': { status: 422, zh: '考核统计数据不一致', en: 'The assessment counts are inconsistent' },
  'ASSESSMENT.NO_RULE': { status: 422, zh: '该月没有适用的考核规则', en: 'No assessment rule applies in this month' },
} satisfies Record<DomainErrorCode, ErrorEntry>;

export const ENGINE_ERRORS = {
  ...DOMAIN_ERRORS,
  'TICKET.STALE_VERSION': { status: 409, zh: '工单已有更新，请刷新后再操作', en: 'The ticket has changed since you loaded it; reload it' },
  'TICKET.CONCURRENT_UPDATE': {
    status: 409,
    zh: '工单正被他人同时处理，请刷新后再操作',
    en: 'Someone changed the ticket at the same moment; reload it and try again',
  },
  'IDEMPOTENCY.KEY_REUSED': { status: 422, zh: '此幂等键已用于另一个请求', en: 'This Idempotency-Key was already used for a different request' },
  'INTAKE.UNKNOWN_SOURCE': { status: 422, zh: '来源不在来源清单中', en: 'The source is not one of the listed sources' },
  'INTAKE.UNKNOWN_CATEGORY': { status: 422, zh: '问题分类不存在', en: 'The category does not exist' },
  'INTAKE.CATEGORY_NOT_LEAF': { status: 422, zh: '请选择最末一级的问题分类', en: 'Choose a category of the lowest level' },
  'INTAKE.UNKNOWN_PLACE': { status: 422, zh: '地点不在本区', en: 'The place is not in this district' },
  'INTAKE.UNKNOWN_ARTICLE': { status: 422, zh: '知识库条目不存在', en: 'The knowledge article does not exist' },
  'INTAKE.UNKNOWN_ORIGINAL': { status: 422, zh: '所关联的原工单不存在', en: 'The original ticket does not exist' },
  'INTAKE.ORIGINAL_NOT_OPEN': {
    status: 422,
    zh: '原工单不在办理中，请作为新诉求受理',
    en: 'The original ticket is not being handled; take this as a new request',
  },
  'UNIT.UNKNOWN': { status: 422, zh: '单位不存在', en: 'The unit does not exist' },
  'UNIT.INACTIVE': { status: 422, zh: '单位已停用', en: 'The unit is inactive' },
  'UNIT.NOT_HANDLING': { status: 422, zh: '该单位不承办工单', en: 'This unit does not handle tickets' },
  'ATTACHMENT.UNKNOWN': { status: 422, zh: '照片已失效，请重新上传', en: 'The photos are unknown, already used or expired; upload them again' },
  'ATTACHMENT.TOO_MANY': { status: 422, zh: '照片数量已达上限', en: 'The ticket or record holds the most photos it may' },
} satisfies ErrorCatalogue;

declare module '../platform/errors.ts' {
  interface ErrorCodes extends CodesOf<typeof ENGINE_ERRORS> {}
}
