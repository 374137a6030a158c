/**
 * The default 问题分类 (category) tree a district seeds with: what Beijing's 12345 hotline hears,
 * each leaf carrying its default responsible unit and time-limit class. These are defaults an admin
 * edits; the dispatch catalogue (派单目录) refines them by place.
 */

/** Unit types that are ranked separately (DOMAIN-RULES §3). */
export type UnitType = 'district' | 'street' | 'department' | 'enterprise';

/** Time-limit classes; their limits are in `time-limits.ts` (DOMAIN-RULES §4.2). */
export type TimeLimitClass = 'emergency' | 'utility' | 'general' | 'complex';

/**
 * Default responsible unit of a leaf category: `{ unitType: 'street' }` is the street/town of the
 * request's place (属地); `{ unitCode }` names a specific unit from `units.ts`.
 */
export type Responsible = { unitType: 'street' } | { unitCode: string };

/** A node of the category tree. Leaves carry `responsible` and `timeLimitClass`; inner nodes neither. */
export interface CategoryNode {
  /** Stable ASCII code, dotted by level, e.g. `URB.PROP.ELEVATOR`. */
  code: string;
  name: string;
  nameEn: string;
  children?: CategoryNode[];
  responsible?: Responsible;
  timeLimitClass?: TimeLimitClass;
  /** Chinese keywords for search-as-you-type (leaves only). */
  keywords?: string[];
}

/** A node of the flattened tree. */
export interface FlatCategory {
  code: string;
  name: string;
  nameEn: string;
  parentCode: string | null;
  /** 1 for top-level nodes. */
  level: number;
  /** Chinese names from the root, joined by `/`, e.g. `城乡建设/物业管理/电梯故障`. */
  path: string;
  isLeaf: boolean;
  responsible: Responsible | null;
  timeLimitClass: TimeLimitClass | null;
  keywords: string[];
}

const STREET: Responsible = { unitType: 'street' };
const unit = (unitCode: string): Responsible => ({ unitCode });

// Units named below (see units.ts).
const CGW = unit('DEPT-CGW');
const ZJW = unit('DEPT-ZJW');
const STHJ = unit('DEPT-STHJ');
const SCJG = unit('DEPT-SCJG');
const JTW = unit('DEPT-JTW');
const SWJ = unit('DEPT-SWJ');
const WJW = unit('DEPT-WJW');
const JW = unit('DEPT-JW');
const MZJ = unit('DEPT-MZJ');
const RSJ = unit('DEPT-RSJ');
const YLLH = unit('DEPT-YLLH');
const WLJ = unit('DEPT-WLJ');
const GAFJ = unit('DEPT-GAFJ');
const CGZF = unit('DEPT-CGZF');
const GHZR = unit('DEPT-GHZR');
const YBJ = unit('DEPT-YBJ');
const YJJ = unit('DEPT-YJJ');
const POWER = unit('ENT-POWER');
const GAS = unit('ENT-GAS');
const HEAT = unit('ENT-HEAT');
const WATER = unit('ENT-WATER');
const TELECOM = unit('ENT-TELECOM');

function leaf(
  code: string,
  name: string,
  nameEn: string,
  responsible: Responsible,
  timeLimitClass: TimeLimitClass,
  keywords: string[],
): CategoryNode {
  return { code, name, nameEn, responsible, timeLimitClass, keywords };
}

function group(code: string, name: string, nameEn: string, children: CategoryNode[]): CategoryNode {
  return { code, name, nameEn, children };
}

/** The default category tree: top-level groups, 2–3 levels deep. */
export const CATEGORY_TREE: CategoryNode[] = [
  group('URB', '城乡建设', 'Urban and rural construction', [
    group('URB.PROP', '物业管理', 'Property management', [
      leaf('URB.PROP.ELEVATOR', '电梯故障', 'Elevator fault', STREET, 'general', ['电梯', '电梯坏了', '电梯停运', '电梯维修', '电梯异响']),
      leaf('URB.PROP.ELEVATOR_TRAPPED', '电梯困人', 'Person trapped in elevator', SCJG, 'emergency', ['电梯困人', '被困电梯', '电梯关人', '电梯急停']),
      leaf('URB.PROP.SERVICE', '物业服务', 'Property service quality', STREET, 'general', ['物业', '物业不作为', '物业服务差', '保安', '保洁', '小区管理']),
      leaf('URB.PROP.FEE', '物业收费', 'Property fees', ZJW, 'general', ['物业费', '物业收费', '乱收费', '停车管理费', '涨价']),
      leaf('URB.PROP.FUND', '维修基金', 'Housing maintenance fund', ZJW, 'complex', ['维修基金', '专项维修资金', '公共维修', '大修', '基金使用']),
      leaf('URB.PROP.FACILITY', '小区公共设施', 'Estate common facilities', STREET, 'general', ['单元门', '楼道灯', '门禁', '楼道', '健身器材', '小区道路']),
      leaf('URB.PROP.NO_MANAGER', '无物业管理', 'Estate without property manager', STREET, 'complex', ['无物业', '老旧小区', '弃管小区', '物业撤离', '物业交接']),
      leaf('URB.PROP.OWNERS', '业主委员会', "Owners' committee", STREET, 'general', ['业委会', '业主大会', '物管会', '选聘物业', '业主投票']),
    ]),
    group('URB.ILLEGAL', '违法建设', 'Illegal construction', [
      leaf('URB.ILLEGAL.NEW', '新增违建', 'New illegal structure', STREET, 'complex', ['违建', '违章建筑', '私搭乱建', '加盖', '新建违建']),
      leaf('URB.ILLEGAL.ROOFTOP', '楼顶及院内违建', 'Rooftop or courtyard structure', STREET, 'complex', ['楼顶违建', '楼顶加盖', '院内搭建', '阳光房', '彩钢房']),
      leaf('URB.ILLEGAL.WALL', '开墙打洞', 'Opening walls for shopfronts', STREET, 'general', ['开墙打洞', '破墙开店', '改门', '拆承重墙']),
      leaf('URB.ILLEGAL.GROUP_RENT', '群租房', 'Overcrowded rental', STREET, 'complex', ['群租', '隔断房', '地下室住人', '出租屋', '二房东']),
    ]),
    group('URB.RENOV', '老旧小区改造', 'Old estate renovation', [
      leaf('URB.RENOV.PROGRESS', '改造进度与内容', 'Renovation scope and progress', ZJW, 'complex', ['老旧小区改造', '综合整治', '改造进度', '抗震加固', '节能改造']),
      leaf('URB.RENOV.ELEVATOR', '加装电梯', 'Adding elevators', ZJW, 'complex', ['加装电梯', '老楼加电梯', '低楼层反对', '电梯补贴']),
      leaf('URB.RENOV.WORKS', '改造施工问题', 'Renovation works problems', ZJW, 'general', ['施工质量', '改造施工', '脚手架', '外墙保温', '施工扰民']),
    ]),
    group('URB.HOUSE', '房屋与房地产', 'Housing and real estate', [
      leaf('URB.HOUSE.LEAK', '房屋漏水', 'Building leaks', STREET, 'general', ['漏水', '屋顶漏雨', '渗水', '楼上漏水', '防水']),
      leaf('URB.HOUSE.DANGER', '房屋安全隐患', 'Unsafe building', ZJW, 'emergency', ['危房', '墙体开裂', '房屋倒塌', '外墙脱落', '房屋安全']),
      leaf('URB.HOUSE.QUALITY', '新房质量与交付', 'New-home quality and handover', ZJW, 'complex', ['开发商', '延期交房', '房屋质量', '交房', '烂尾楼']),
      leaf('URB.HOUSE.CERT', '不动产登记', 'Property title registration', GHZR, 'complex', ['房本', '产权证', '不动产证', '办证难', '过户']),
      leaf('URB.HOUSE.AGENCY', '房屋租赁与中介', 'Rentals and estate agents', ZJW, 'general', ['中介', '租房', '押金不退', '长租公寓', '房东']),
      leaf('URB.HOUSE.AFFORDABLE', '保障性住房', 'Affordable housing', ZJW, 'general', ['公租房', '保障房', '共有产权房', '廉租房', '轮候', '配租']),
      leaf('URB.HOUSE.DEMOLITION', '征收拆迁补偿', 'Expropriation and compensation', STREET, 'complex', ['拆迁', '征收', '补偿款', '回迁', '安置房', '腾退']),
    ]),
    group('URB.PLAN', '规划与土地', 'Planning and land', [
      leaf('URB.PLAN.PLANNING', '规划审批', 'Planning approvals', GHZR, 'general', ['规划', '规划许可', '日照遮挡', '容积率', '规划公示']),
      leaf('URB.PLAN.LAND', '土地违法', 'Unlawful land use', GHZR, 'complex', ['占用耕地', '违法占地', '土地违法', '非法采砂', '私挖']),
      leaf('URB.PLAN.CONSTRUCTION_SAFETY', '工地施工安全', 'Construction-site safety', ZJW, 'general', ['工地', '施工安全', '塔吊', '深基坑', '工地围挡']),
    ]),
  ]),

  group('HEAT', '供暖', 'Heating', [
    leaf('HEAT.COLD', '供暖不热', 'Heating not warm enough', HEAT, 'utility', ['暖气不热', '室温低', '温度不达标', '暖气凉', '供热不足']),
    leaf('HEAT.OUTAGE', '停暖', 'Heating outage', HEAT, 'utility', ['停暖', '没暖气', '暖气不通', '供热中断', '暖气停了']),
    leaf('HEAT.LEAK', '暖气漏水', 'Heating pipe leak', HEAT, 'utility', ['暖气漏水', '暖气管爆裂', '管道漏水', '暖气片漏', '跑水']),
    leaf('HEAT.FEE', '供暖收费', 'Heating charges', HEAT, 'general', ['供暖费', '采暖费', '热费', '报停', '缴费', '采暖补贴']),
    leaf('HEAT.START', '供暖开通与报停', 'Heating start and suspension', HEAT, 'general', ['开栓', '供暖开通', '提前供暖', '延长供暖', '申请报停']),
    leaf('HEAT.CLEAN', '农村清洁取暖', 'Rural clean heating', STREET, 'general', ['煤改电', '煤改气', '空气源热泵', '电采暖', '取暖补贴']),
  ]),

  group('CITY', '城市管理', 'City management', [
    group('CITY.STREET', '街面秩序', 'Street order', [
      leaf('CITY.STREET.VENDOR', '占道经营', 'Street vending on the roadway', STREET, 'general', ['占道经营', '摆摊', '游商', '店外经营', '出店经营', '早市']),
      leaf('CITY.STREET.OCCUPY', '私占公共空间', 'Private occupation of public space', STREET, 'general', ['地锁', '占用楼道', '堆物堆料', '圈地', '私装地桩']),
      leaf('CITY.STREET.BIKES', '共享单车乱停', 'Bike-share clutter', JTW, 'general', ['共享单车', '单车乱停', '电动自行车', '堆放', '占用盲道']),
    ]),
    group('CITY.WASTE', '垃圾分类', 'Waste sorting', [
      leaf('CITY.WASTE.SORTING', '垃圾分类投放', 'Waste sorting and drop-off', STREET, 'general', ['垃圾分类', '桶站', '分类投放', '厨余垃圾', '撤桶并站']),
      leaf('CITY.WASTE.COLLECTION', '垃圾清运不及时', 'Late refuse collection', STREET, 'general', ['垃圾清运', '垃圾堆积', '垃圾满溢', '垃圾站', '垃圾车']),
      leaf('CITY.WASTE.BULKY', '大件与装修垃圾', 'Bulky and renovation waste', STREET, 'general', ['装修垃圾', '大件垃圾', '建筑垃圾', '渣土', '偷倒']),
    ]),
    group('CITY.SANIT', '环境卫生', 'Sanitation', [
      leaf('CITY.SANIT.ROAD', '道路保洁', 'Street cleaning', STREET, 'general', ['道路保洁', '路面脏', '扫街', '清扫', '落叶']),
      leaf('CITY.SANIT.TOILET', '公共厕所', 'Public toilets', CGW, 'general', ['公厕', '厕所', '公厕脏', '公厕关闭', '如厕']),
      leaf('CITY.SANIT.SNOW', '清雪铲冰', 'Snow and ice clearing', STREET, 'general', ['积雪', '清雪', '结冰', '路滑', '铲冰']),
    ]),
    group('CITY.AD', '户外广告与牌匾', 'Outdoor advertising and signs', [
      leaf('CITY.AD.ILLEGAL', '违规广告牌', 'Unauthorised billboard', CGZF, 'general', ['广告牌', '违规广告', '大屏', '广告', '灯箱']),
      leaf('CITY.AD.FLYERS', '小广告', 'Flyposting', STREET, 'general', ['小广告', '乱贴', '乱涂乱画', '喷涂', '牛皮癣']),
      leaf('CITY.AD.FALLING', '牌匾坠落隐患', 'Sign at risk of falling', STREET, 'emergency', ['牌匾松动', '广告牌脱落', '坠落', '招牌', '大风']),
    ]),
    group('CITY.NOISE', '噪音扰民', 'Noise nuisance', [
      leaf('CITY.NOISE.CONSTRUCTION', '施工噪音', 'Construction noise', CGZF, 'general', ['施工噪音', '夜间施工', '工地噪音', '施工扰民', '打桩', '装修噪音']),
      leaf('CITY.NOISE.RESIDENTIAL', '生活噪音', 'Neighbourhood noise', STREET, 'general', ['生活噪音', '邻居吵', '广场舞', '楼上噪音', '宠物叫', '扰民']),
      leaf('CITY.NOISE.COMMERCIAL', '商业噪音', 'Commercial noise', CGZF, 'general', ['商业噪音', '商铺音响', '喇叭', '叫卖', '酒吧噪音', 'KTV']),
      leaf('CITY.NOISE.TRAFFIC', '交通噪音', 'Traffic noise', JTW, 'general', ['交通噪音', '隔音屏', '车辆噪音', '鸣笛', '飙车']),
    ]),
    group('CITY.FACILITY', '市政设施', 'Municipal facilities', [
      leaf('CITY.FACILITY.STREETLIGHT', '路灯不亮', 'Streetlight out', CGW, 'general', ['路灯', '路灯不亮', '照明', '灯杆', '景观灯']),
      leaf('CITY.FACILITY.MANHOLE', '井盖缺失破损', 'Missing or broken manhole cover', CGW, 'emergency', ['井盖', '井盖丢失', '井盖破损', '窨井', '下水井']),
      leaf('CITY.FACILITY.FURNITURE', '城市家具', 'Street furniture', CGW, 'general', ['座椅', '护栏', '果皮箱', '指示牌', '报刊亭']),
    ]),
  ]),

  group('TRAF', '交通', 'Transport', [
    group('TRAF.ROAD', '道路设施', 'Roads', [
      leaf('TRAF.ROAD.DAMAGE', '路面破损', 'Damaged road surface', JTW, 'general', ['坑洼', '路面破损', '道路坑', '修路', '路面不平']),
      leaf('TRAF.ROAD.COLLAPSE', '路面塌陷', 'Road subsidence', JTW, 'emergency', ['塌陷', '路面塌陷', '地陷', '大坑', '路面下沉']),
      leaf('TRAF.ROAD.FLOOD', '道路积水', 'Waterlogged road', SWJ, 'general', ['积水', '雨后积水', '下凹桥', '排水不畅', '路面淹水']),
      leaf('TRAF.ROAD.SIDEWALK', '人行道与无障碍', 'Sidewalks and accessibility', JTW, 'general', ['人行道', '盲道', '无障碍', '步道砖', '过街天桥']),
      leaf('TRAF.ROAD.BUILD', '道路建设', 'Road construction', JTW, 'complex', ['断头路', '道路规划', '修路进度', '道路拓宽', '未通车']),
    ]),
    group('TRAF.PARK', '停车', 'Parking', [
      leaf('TRAF.PARK.ILLEGAL', '违章停车', 'Illegal parking', GAFJ, 'general', ['违停', '乱停车', '堵路', '占道停车', '挡门']),
      leaf('TRAF.PARK.SHORTAGE', '停车难', 'Parking shortage', JTW, 'complex', ['停车难', '车位', '停车场', '夜间停车', '错时停车']),
      leaf('TRAF.PARK.FEE', '停车收费', 'Parking charges', JTW, 'general', ['停车费', '乱收费', '电子收费', '占道停车费', '停车计费']),
      leaf('TRAF.PARK.FIRE_LANE', '占用消防通道', 'Blocked fire lane', STREET, 'general', ['消防通道', '占用消防通道', '生命通道', '堵塞通道']),
      leaf('TRAF.PARK.ZOMBIE', '僵尸车', 'Abandoned vehicle', STREET, 'general', ['僵尸车', '废弃车辆', '长期停放', '报废车']),
    ]),
    group('TRAF.TRANSIT', '公共交通', 'Public transport', [
      leaf('TRAF.TRANSIT.BUS_ROUTE', '公交线路与站点', 'Bus routes and stops', JTW, 'general', ['公交线路', '增设站点', '公交站', '发车间隔', '末班车']),
      leaf('TRAF.TRANSIT.BUS_SERVICE', '公交服务', 'Bus service', JTW, 'general', ['公交司机', '拒载', '甩站', '态度差', '公交车']),
      leaf('TRAF.TRANSIT.TAXI', '出租车与网约车', 'Taxis and ride-hailing', JTW, 'general', ['出租车', '网约车', '绕路', '拒载', '黑车', '打车']),
      leaf('TRAF.TRANSIT.METRO', '地铁', 'Metro', JTW, 'general', ['地铁', '地铁站', '换乘', '地铁线路', '安检']),
    ]),
    group('TRAF.SIGNAL', '交通信号与组织', 'Signals and traffic management', [
      leaf('TRAF.SIGNAL.LIGHT', '信号灯故障', 'Traffic-light fault', GAFJ, 'general', ['红绿灯', '信号灯', '信号灯坏', '配时', '黄灯闪']),
      leaf('TRAF.SIGNAL.MARKING', '标志标线', 'Signs and markings', GAFJ, 'general', ['标线', '交通标志', '斑马线', '限速牌', '导向']),
      leaf('TRAF.SIGNAL.CONGESTION', '交通拥堵', 'Traffic congestion', GAFJ, 'general', ['拥堵', '堵车', '早晚高峰', '路口', '交通疏导']),
    ]),
  ]),

  group('UTIL', '水电气热与通信', 'Utilities and telecom', [
    group('UTIL.WATER', '供水排水', 'Water and drainage', [
      leaf('UTIL.WATER.OUTAGE', '停水', 'Water outage', WATER, 'utility', ['停水', '没水', '断水', '停水通知', '自来水']),
      leaf('UTIL.WATER.QUALITY', '水质问题', 'Water quality', WATER, 'utility', ['水质', '水发黄', '水浑浊', '有异味', '水垢']),
      leaf('UTIL.WATER.PRESSURE', '水压低', 'Low water pressure', WATER, 'utility', ['水压低', '水流小', '高层没水', '二次供水', '加压泵']),
      leaf('UTIL.WATER.BURST', '供水管线爆裂', 'Burst water main', WATER, 'utility', ['爆管', '水管爆裂', '跑水', '冒水', '管线漏水']),
      leaf('UTIL.WATER.SEWER', '排水与污水外溢', 'Sewer blockage or overflow', SWJ, 'utility', ['下水道堵', '污水外溢', '化粪池', '返水', '排水']),
      leaf('UTIL.WATER.FEE', '水费', 'Water charges', WATER, 'general', ['水费', '水表', '阶梯水价', '缴费', '抄表']),
    ]),
    group('UTIL.POWER', '供电', 'Electricity', [
      leaf('UTIL.POWER.OUTAGE', '停电', 'Power outage', POWER, 'utility', ['停电', '没电', '断电', '跳闸', '停电通知']),
      leaf('UTIL.POWER.VOLTAGE', '电压不稳', 'Unstable voltage', POWER, 'utility', ['电压低', '电压不稳', '忽明忽暗', '电器烧坏']),
      leaf('UTIL.POWER.HAZARD', '电力设施隐患', 'Electrical hazard', POWER, 'emergency', ['电线低垂', '电线脱落', '漏电', '变压器冒烟', '电线杆倾斜']),
      leaf('UTIL.POWER.FEE', '电费', 'Electricity charges', POWER, 'general', ['电费', '电表', '阶梯电价', '峰谷电', '缴费']),
      leaf('UTIL.POWER.CHARGER', '充电设施', 'EV charging', POWER, 'general', ['充电桩', '安装充电桩', '电动车充电', '充电难', '电力报装']),
    ]),
    group('UTIL.GAS', '燃气', 'Gas', [
      leaf('UTIL.GAS.LEAK', '燃气泄漏', 'Gas leak', GAS, 'emergency', ['燃气泄漏', '煤气味', '漏气', '燃气味', '天然气泄漏']),
      leaf('UTIL.GAS.OUTAGE', '停气', 'Gas outage', GAS, 'utility', ['停气', '没气', '燃气中断', '打不着火', '燃气表']),
      leaf('UTIL.GAS.FEE', '燃气收费', 'Gas charges', GAS, 'general', ['燃气费', '气费', '充值', '阶梯气价', '燃气卡']),
      leaf('UTIL.GAS.SAFETY', '燃气安全检查', 'Gas safety inspection', GAS, 'general', ['入户安检', '燃气安检', '软管', '报警器', '自闭阀']),
    ]),
    group('UTIL.TELECOM', '通信', 'Telecom', [
      leaf('UTIL.TELECOM.SIGNAL', '网络与信号', 'Network and signal', TELECOM, 'general', ['信号差', '宽带', '网络故障', '没信号', '光纤', '5G']),
      leaf('UTIL.TELECOM.CABLE', '通信线缆', 'Telecom cables', TELECOM, 'general', ['飞线', '线缆杂乱', '线缆脱落', '光缆', '弱电线']),
      leaf('UTIL.TELECOM.FEE', '通信资费', 'Telecom charges', TELECOM, 'general', ['话费', '乱扣费', '套餐', '携号转网', '宽带费']),
    ]),
  ]),

  group('LAB', '劳动和社会保障', 'Labour and social security', [
    leaf('LAB.WAGES', '拖欠工资', 'Unpaid wages', RSJ, 'complex', ['拖欠工资', '欠薪', '讨薪', '农民工工资', '工资不发', '欠工资']),
    leaf('LAB.CONTRACT', '劳动合同与劳动关系', 'Employment contracts', RSJ, 'general', ['劳动合同', '辞退', '经济补偿', '加班', '劳动仲裁']),
    leaf('LAB.INJURY', '工伤认定', 'Work-injury determination', RSJ, 'complex', ['工伤', '工伤认定', '工伤赔偿', '职业病', '伤残鉴定']),
    leaf('LAB.PENSION', '养老保险', 'Pension insurance', RSJ, 'general', ['养老金', '退休', '养老保险', '退休手续', '社保缴费年限']),
    leaf('LAB.SOCIAL_INSURANCE', '社保缴纳', 'Social insurance contributions', RSJ, 'general', ['社保', '社保缴纳', '断缴', '补缴', '五险一金']),
    leaf('LAB.MEDICAL_INSURANCE', '医保报销', 'Medical insurance', YBJ, 'general', ['医保', '医保报销', '医保卡', '异地就医', '门诊报销']),
    leaf('LAB.JOBS', '就业服务', 'Employment services', RSJ, 'general', ['就业', '找工作', '失业金', '招聘', '灵活就业']),
    leaf('LAB.TRAINING', '职业培训', 'Vocational training', RSJ, 'general', ['职业培训', '技能培训', '培训补贴', '职业资格', '证书']),
  ]),

  group('EDU', '教育', 'Education', [
    leaf('EDU.ENROLMENT', '入学入园', 'School and kindergarten enrolment', JW, 'general', ['入学', '入园', '学区', '划片', '转学', '幼升小']),
    leaf('EDU.KINDERGARTEN', '幼儿园与托育', 'Kindergartens and childcare', JW, 'general', ['幼儿园', '托育', '托班', '普惠园', '保育']),
    leaf('EDU.FEES', '教育收费', 'School fees', JW, 'general', ['学费', '乱收费', '课后服务费', '校服费', '资料费']),
    leaf('EDU.TUTORING', '校外培训', 'Off-campus tutoring', JW, 'general', ['校外培训', '培训机构', '退费', '学科类培训', '补课']),
    leaf('EDU.SCHOOL', '学校管理与师德', 'School management and teacher conduct', JW, 'general', ['学校管理', '老师', '师德', '作业负担', '食堂']),
    leaf('EDU.CAMPUS_SAFETY', '校园周边安全', 'Safety around schools', GAFJ, 'general', ['校门口', '接送', '校园安全', '学校周边', '上学路']),
  ]),

  group('HLTH', '卫生健康', 'Health', [
    leaf('HLTH.SERVICE', '医疗服务', 'Medical services', WJW, 'general', ['医院', '挂号', '看病难', '医生态度', '就医']),
    leaf('HLTH.DISPUTE', '医疗纠纷', 'Medical disputes', WJW, 'complex', ['医疗纠纷', '医疗事故', '误诊', '医患', '赔偿']),
    leaf('HLTH.ILLEGAL_PRACTICE', '非法行医', 'Illegal medical practice', WJW, 'general', ['非法行医', '黑诊所', '无证行医', '医美']),
    leaf('HLTH.VACCINE', '疫苗接种', 'Vaccination', WJW, 'general', ['疫苗', '接种', '预约接种', '狂犬疫苗', 'HPV']),
    leaf('HLTH.PUBLIC_HYGIENE', '公共场所卫生', 'Hygiene in public venues', WJW, 'general', ['公共场所卫生', '游泳馆', '理发店', '宾馆卫生', '健康证']),
    leaf('HLTH.PESTS', '病媒生物防治', 'Pest control', STREET, 'general', ['老鼠', '蟑螂', '蚊虫', '消杀', '灭鼠']),
    leaf('HLTH.PRIMARY', '社区卫生服务', 'Community health services', WJW, 'general', ['社区医院', '家庭医生', '社区卫生服务中心', '开药', '签约']),
  ]),

  group('MKT', '市场监管', 'Market regulation', [
    leaf('MKT.FOOD', '食品安全', 'Food safety', SCJG, 'general', ['食品安全', '过期食品', '餐馆卫生', '外卖', '食品变质']),
    leaf('MKT.POISONING', '食物中毒', 'Food poisoning', SCJG, 'emergency', ['食物中毒', '吃坏肚子', '集体腹泻', '呕吐']),
    leaf('MKT.CONSUMER', '消费纠纷', 'Consumer disputes', SCJG, 'general', ['消费纠纷', '退货', '退款', '售后', '质量问题', '维权']),
    leaf('MKT.PREPAID', '预付卡退费', 'Prepaid-card refunds', SCJG, 'complex', ['预付卡', '办卡', '跑路', '健身房', '美发卡', '退卡']),
    leaf('MKT.PRICE', '价格监管', 'Pricing', SCJG, 'general', ['价格', '乱涨价', '明码标价', '价格欺诈', '哄抬']),
    leaf('MKT.ADVERT', '虚假宣传', 'False advertising', SCJG, 'general', ['虚假宣传', '虚假广告', '误导', '保健品', '夸大']),
    leaf('MKT.DRUGS', '药品与医疗器械', 'Drugs and medical devices', SCJG, 'general', ['药品', '药店', '假药', '医疗器械', '处方药']),
    leaf('MKT.LICENCE', '无照经营', 'Unlicensed business', SCJG, 'general', ['无照经营', '营业执照', '无证经营', '黑作坊', '执照']),
    leaf('MKT.SPECIAL_EQUIP', '特种设备安全', 'Special equipment safety', SCJG, 'general', ['特种设备', '锅炉', '游乐设施', '压力容器', '扶梯']),
  ]),

  group('ENV', '生态环境', 'Ecology and environment', [
    group('ENV.AIR', '大气污染', 'Air pollution', [
      leaf('ENV.AIR.INDUSTRIAL', '工业废气', 'Industrial emissions', STHJ, 'general', ['废气', '烟囱', '排放', '工厂', '刺鼻气味', '异味']),
      leaf('ENV.AIR.CATERING', '餐饮油烟', 'Restaurant fumes', CGZF, 'general', ['油烟', '餐饮油烟', '烧烤', '排烟', '饭馆']),
      leaf('ENV.AIR.BURNING', '露天焚烧', 'Open burning', STREET, 'general', ['焚烧', '烧垃圾', '烧秸秆', '烧树叶', '冒烟']),
      leaf('ENV.AIR.DUST', '扬尘污染', 'Dust', ZJW, 'general', ['扬尘', '工地扬尘', '苫盖', '渣土车', '土堆']),
    ]),
    group('ENV.WATER', '水污染', 'Water pollution', [
      leaf('ENV.WATER.RIVER', '河道污染', 'River pollution', SWJ, 'general', ['河道', '河水发臭', '黑臭水体', '水面垃圾', '河湖']),
      leaf('ENV.WATER.DISCHARGE', '违法排污', 'Illegal discharge', STHJ, 'general', ['排污', '偷排', '污水直排', '排污口', '废水']),
    ]),
    group('ENV.OTHER', '其他污染', 'Other pollution', [
      leaf('ENV.OTHER.INDUSTRIAL_NOISE', '工业噪声', 'Industrial noise', STHJ, 'general', ['工业噪声', '工厂噪音', '设备噪音', '风机', '冷却塔']),
      leaf('ENV.OTHER.SOLID', '固废与危废', 'Solid and hazardous waste', STHJ, 'general', ['固废', '危废', '危险废物', '倾倒', '医疗废物']),
      leaf('ENV.OTHER.RADIATION', '电磁辐射', 'Electromagnetic radiation', STHJ, 'general', ['辐射', '基站', '电磁', '信号塔', '高压线']),
      leaf('ENV.OTHER.LIGHT', '光污染', 'Light pollution', STHJ, 'general', ['光污染', '灯光刺眼', '强光', 'LED屏', '玻璃幕墙']),
    ]),
  ]),

  group('GRN', '园林绿化', 'Landscaping and greening', [
    leaf('GRN.PRUNING', '树木修剪', 'Tree pruning', YLLH, 'general', ['修剪树木', '树枝', '遮挡', '剪树', '树挡光']),
    leaf('GRN.FALLEN', '树木倒伏', 'Fallen or leaning tree', YLLH, 'emergency', ['树木倒伏', '大树倾斜', '断枝', '砸车', '树倒']),
    leaf('GRN.ESTATE', '小区绿化', 'Estate greenery', STREET, 'general', ['小区绿化', '绿地', '毁绿种菜', '草坪', '绿化带']),
    leaf('GRN.PARK', '公园管理', 'Parks', YLLH, 'general', ['公园', '公园设施', '口袋公园', '公园开放', '遛狗']),
    leaf('GRN.PESTS', '病虫害与飞絮', 'Tree pests and catkins', YLLH, 'general', ['杨柳絮', '飞絮', '病虫害', '美国白蛾', '打药']),
    leaf('GRN.DESTROY', '毁绿占绿', 'Destroying green space', YLLH, 'general', ['毁绿', '占绿', '砍树', '私自伐树', '侵占绿地']),
  ]),

  group('CIV', '民政', 'Civil affairs', [
    leaf('CIV.ELDERLY', '养老服务', 'Elderly services', MZJ, 'general', ['养老', '老年餐桌', '养老驿站', '居家养老', '助餐']),
    leaf('CIV.CARE_HOME', '养老机构', 'Care homes', MZJ, 'general', ['养老院', '敬老院', '养老机构', '护理', '床位']),
    leaf('CIV.SUBSISTENCE', '低保', 'Minimum living allowance', STREET, 'general', ['低保', '低收入', '低保申请', '低保金', '救助金']),
    leaf('CIV.RELIEF', '临时救助', 'Emergency relief', STREET, 'general', ['临时救助', '困难家庭', '特困', '生活困难', '救助']),
    leaf('CIV.DISABILITY', '残疾人服务', 'Disability services', MZJ, 'general', ['残疾人', '残疾证', '轮椅', '两项补贴', '康复']),
    leaf('CIV.FUNERAL', '殡葬服务', 'Funeral services', MZJ, 'general', ['殡葬', '墓地', '骨灰', '丧葬费', '祭扫']),
    leaf('CIV.MARRIAGE', '婚姻登记', 'Marriage registration', MZJ, 'general', ['结婚登记', '离婚', '婚姻登记', '预约领证', '婚姻']),
    leaf('CIV.VAGRANCY', '流浪乞讨', 'Vagrancy', MZJ, 'general', ['流浪', '乞讨', '流浪汉', '救助站', '露宿']),
    leaf('CIV.COMMUNITY', '社区服务与居委会', 'Community services', STREET, 'general', ['社区', '居委会', '村委会', '开证明', '社区服务']),
  ]),

  group('CULT', '文化旅游', 'Culture and tourism', [
    leaf('CULT.TOURISM', '旅游投诉', 'Tourism complaints', WLJ, 'general', ['旅游', '旅行社', '导游', '强制购物', '旅游团']),
    leaf('CULT.SCENIC', '景区管理', 'Scenic areas', WLJ, 'general', ['景区', '门票', '景区预约', '民宿', '农家乐']),
    leaf('CULT.MARKET', '文化市场', 'Cultural venues', WLJ, 'general', ['网吧', '歌厅', '演出', '剧本杀', '未成年人']),
    leaf('CULT.HERITAGE', '文物保护', 'Heritage protection', WLJ, 'general', ['文物', '古建', '文保单位', '古村落', '破坏文物']),
    leaf('CULT.FACILITY', '公共文化体育设施', 'Public culture and sports facilities', WLJ, 'general', ['图书馆', '文化馆', '体育场', '健身', '球场']),
  ]),

  group('SAFE', '公共安全', 'Public safety', [
    leaf('SAFE.ORDER', '社会治安', 'Public order', GAFJ, 'general', ['治安', '打架', '偷盗', '可疑人员', '寻衅滋事']),
    leaf('SAFE.FRAUD', '诈骗', 'Fraud', GAFJ, 'general', ['诈骗', '电信诈骗', '骗子', '非法集资', '传销']),
    leaf('SAFE.HUKOU', '户籍证件', 'Household registration and IDs', GAFJ, 'general', ['户口', '身份证', '居住证', '落户', '户籍']),
    leaf('SAFE.FIRE', '消防隐患', 'Fire hazard', YJJ, 'emergency', ['消防隐患', '灭火器', '着火', '火灾隐患', '消防栓']),
    leaf('SAFE.EBIKE', '电动车违规充电', 'Unsafe e-bike charging', STREET, 'emergency', ['飞线充电', '楼道充电', '电动车进楼', '电瓶', '充电']),
    leaf('SAFE.WORKPLACE', '安全生产', 'Workplace safety', YJJ, 'general', ['安全生产', '生产事故', '安全隐患', '违规作业', '有限空间']),
    leaf('SAFE.HAZCHEM', '危险化学品', 'Hazardous chemicals', YJJ, 'emergency', ['危化品', '化学品', '液化气罐', '易燃易爆', '违规储存']),
    leaf('SAFE.FLOOD', '防汛与地质灾害', 'Floods and landslides', YJJ, 'emergency', ['防汛', '山洪', '泥石流', '滑坡', '塌方', '落石']),
    leaf('SAFE.DOGS', '犬只管理', 'Dog control', GAFJ, 'general', ['遛狗不拴绳', '犬只', '烈性犬', '狗咬人', '养狗']),
  ]),

  group('RUR', '农业农村', 'Agriculture and rural affairs', [
    leaf('RUR.VILLAGE_AFFAIRS', '村务管理', 'Village affairs', STREET, 'general', ['村务公开', '村干部', '村账', '集体经济', '分红']),
    leaf('RUR.HOMESTEAD', '宅基地', 'Homestead plots', STREET, 'complex', ['宅基地', '翻建', '建房审批', '宅基地纠纷', '农村建房']),
    leaf('RUR.LAND_CONTRACT', '土地承包与流转', 'Land contracting and transfer', STREET, 'complex', ['土地承包', '土地流转', '承包费', '耕地', '租地']),
    leaf('RUR.SUBSIDY', '惠农补贴', 'Farm subsidies', STREET, 'general', ['惠农补贴', '种粮补贴', '生态补偿', '山区补贴', '农业补贴']),
    leaf('RUR.ENVIRONMENT', '农村人居环境', 'Rural living environment', STREET, 'general', ['农村厕所', '村容村貌', '农村垃圾', '村道', '美丽乡村']),
  ]),

  group('GOVSVC', '政务服务', 'Government services', [
    leaf('GOVSVC.EFFICIENCY', '办事效率', 'Service efficiency', STREET, 'general', ['办事难', '跑腿', '推诿', '办事效率', '材料多']),
    leaf('GOVSVC.CONDUCT', '工作人员作风', 'Staff conduct', STREET, 'general', ['态度差', '工作人员', '不作为', '吃拿卡要', '作风']),
    leaf('GOVSVC.HALL', '政务服务大厅', 'Service centre', STREET, 'general', ['政务服务中心', '大厅', '排号', '窗口', '一网通办']),
  ]),
];

/** Flattens the tree depth-first (parents before children) with parent code, level and path. */
export function flattenCategories(tree: CategoryNode[]): FlatCategory[] {
  const out: FlatCategory[] = [];
  const walk = (nodes: CategoryNode[], parent: FlatCategory | null): void => {
    for (const node of nodes) {
      const isLeaf = !node.children || node.children.length === 0;
      const flat: FlatCategory = {
        code: node.code,
        name: node.name,
        nameEn: node.nameEn,
        parentCode: parent?.code ?? null,
        level: (parent?.level ?? 0) + 1,
        path: parent ? `${parent.path}/${node.name}` : node.name,
        isLeaf,
        responsible: node.responsible ?? null,
        timeLimitClass: node.timeLimitClass ?? null,
        keywords: node.keywords ?? [],
      };
      out.push(flat);
      if (node.children) walk(node.children, flat);
    }
  };
  walk(tree, null);
  return out;
}

/** The leaves of a tree, flattened. */
export function leafCategories(tree: CategoryNode[]): FlatCategory[] {
  return flattenCategories(tree).filter((c) => c.isLeaf);
}
