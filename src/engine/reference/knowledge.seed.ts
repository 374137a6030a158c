/**
 * A starter knowledge base for answering consultations directly. Written for the demo; a district
 * replaces it with its own published policies.
 */
export interface KnowledgeSeed {
  title: string;
  content: string;
  categoryCode: string | null;
  keywords: string[];
}

export const KNOWLEDGE_SEED: KnowledgeSeed[] = [
  {
    title: '供暖季起止时间',
    content: '本市法定供暖季为每年11月15日至次年3月15日，可根据天气情况提前或延长供暖。供暖期间室温不低于18℃。',
    categoryCode: 'HEAT.START',
    keywords: ['供暖时间', '什么时候供暖', '供暖季', '停暖时间'],
  },
  {
    title: '采暖费缴纳与报停',
    content: '采暖费可通过供热单位营业厅、银行代收或线上渠道缴纳。需报停的，应在供暖季开始前向供热单位提出申请。',
    categoryCode: 'HEAT.FEE',
    keywords: ['采暖费', '供暖费', '报停', '缴费'],
  },
  {
    title: '生活垃圾分类标准',
    content: '本市生活垃圾分为厨余垃圾、可回收物、有害垃圾和其他垃圾四类，分别投放至绿色、蓝色、红色、灰色收集容器。',
    categoryCode: 'CITY.WASTE.SORTING',
    keywords: ['垃圾分类', '怎么分类', '厨余垃圾', '可回收物'],
  },
  {
    title: '大件垃圾清运预约',
    content: '大件垃圾（旧家具、家电等）请联系所在社区或物业预约清运，按规定地点暂存，不得随意丢弃。',
    categoryCode: 'CITY.WASTE.BULKY',
    keywords: ['大件垃圾', '旧家具', '清运'],
  },
  {
    title: '城乡居民医保参保缴费',
    content: '城乡居民基本医疗保险集中缴费期一般为每年9月至12月，可通过社保经办机构、银行或线上渠道办理。',
    categoryCode: 'LAB.MEDICAL_INSURANCE',
    keywords: ['医保', '居民医保', '医保缴费', '参保'],
  },
  {
    title: '义务教育入学登记',
    content: '适龄儿童入学按户籍与实际居住地对应学区办理，登记时间与材料以区教委当年公布的入学政策为准。',
    categoryCode: 'EDU.ENROLMENT',
    keywords: ['入学', '上学', '学区', '小学入学'],
  },
  {
    title: '燃气泄漏应急处置',
    content: '发现燃气泄漏请立即关闭燃气阀门、开窗通风，不要开关电器、不要使用明火，撤离到安全地点后拨打燃气抢修电话。',
    categoryCode: 'UTIL.GAS.LEAK',
    keywords: ['燃气泄漏', '煤气味', '闻到燃气'],
  },
  {
    title: '劳动争议的解决途径',
    content: '劳动者与用人单位发生劳动争议，可与用人单位协商，也可向劳动争议调解组织申请调解，或向劳动人事争议仲裁委员会申请仲裁。',
    categoryCode: 'LAB.CONTRACT',
    keywords: ['劳动争议', '仲裁', '劳动合同'],
  },
];
