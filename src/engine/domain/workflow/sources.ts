/**
 * Where a ticket came from (来源): the lines that feed the one engine (DOMAIN-RULES §8, "四条线一组团": hotline,
 * grid, big data, public opinion …). The one list of sources, with their Chinese and English names:
 * intake accepts only these, ledger rules filter on them, ledgers and their Excel export show the names.
 */

/** A name in both languages of the UI: Chinese first, English beside it. */
export interface Label {
  zh: string;
  en: string;
}

export const TICKET_SOURCES = [
  'hotline',
  'mobile',
  'open311',
  'grid',
  'whistle',
  'big_data',
  'public_opinion',
  'service_order',
  'enterprise_demand',
  'rectification',
  'party_household',
  'import',
] as const;
export type TicketSource = (typeof TICKET_SOURCES)[number];

export const SOURCE_LABELS: Record<TicketSource, Label> = {
  // The centre's own intake: calls to 12345 recorded by an operator.
  hotline: { zh: '12345热线', en: '12345 hotline' },
  // The requester's own report on the public mobile page.
  mobile: { zh: '移动端自报', en: 'Mobile self-report' },
  // A request sent by another system through the Open311 GeoReport v2 interface.
  open311: { zh: 'Open311接口', en: 'Open311 API' },
  grid: { zh: '网格上报', en: 'Grid report' },
  whistle: { zh: '吹哨报到', en: 'Whistle' },
  // Batch findings (imported files): big-data screening and public-opinion monitoring.
  big_data: { zh: '大数据排查', en: 'Big-data screening' },
  public_opinion: { zh: '网络舆情', en: 'Public opinion' },
  // The default sources of the kinds that have no line of their own yet (KindConfig.defaultSource).
  service_order: { zh: '文明实践点单', en: 'Volunteer service order' },
  enterprise_demand: { zh: '企业服务', en: 'Enterprise service' },
  rectification: { zh: '问题整改', en: 'Rectification' },
  // A problem a Party member found visiting a household they look after (党员包户), the member the reporter.
  party_household: { zh: '党员包户', en: 'Party household visit' },
  // A district's history brought in by the import, whatever system it came from (kept as the ticket's
  // source system, e.g. us311).
  import: { zh: '历史导入', en: 'History import' },
};

export const isTicketSource = (s: string): s is TicketSource => (TICKET_SOURCES as readonly string[]).includes(s);
