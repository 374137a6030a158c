/**
 * A district's own history export, in Chinese (created, replied, called back, closed; satisfaction and
 * resolved), as a checked import mapping; `source` names the import so tests do not share source ids.
 */
import { checkMapping } from '../../src/modules/imports/history.ts';

export const districtHistoryMapping = (source: string) =>
  checkMapping({
    source,
    columns: {
      sourceId: '工单编号',
      createdAt: '受理时间',
      repliedAt: '办结时间',
      callbackAt: '回访时间',
      closedAt: '结案时间',
      satisfaction: '满意度',
      resolved: '是否解决',
      agency: '承办单位',
      category: '分类',
    },
    content: '历史工单 {工单编号}',
    dateFormats: ['YYYY-MM-DD HH:mm'],
    utcOffset: '+08:00',
    statusMap: {},
    categoryMap: { 垃圾分类: 'CITY.WASTE.SORTING' },
    defaultCategory: null,
    agencyMap: { 城管委: 'DEPT-CGW' },
    defaultUnit: 'fallback',
    channelMap: {},
    defaultChannel: 'phone',
    placeholderCoordinates: [],
    satisfactionMap: { 满意: 'satisfied', 基本满意: 'basically_satisfied', 不满意: 'unsatisfied' },
    resolvedMap: { 已解决: 'yes', 未解决: 'no' },
  });

/** The header line of that export, in column order. */
export const DISTRICT_HISTORY_HEAD = '工单编号,受理时间,办结时间,回访时间,结案时间,满意度,是否解决,承办单位,分类';
