/**
 * The handling units a demo district seeds with: its government (the fallback queue), the command
 * centre, every street/town, the district departments and the public-service enterprises.
 * Department and enterprise codes are stable so that category defaults (`categories.ts`) can name them.
 */

/** One unit to seed. */
export interface UnitSeed {
  code: string;
  name: string;
  nameEn: string;
  unitType: 'district' | 'street' | 'department' | 'enterprise' | 'centre';
  /** The administrative division the unit governs (district or street code), if any. */
  divisionCode: string | null;
  parentCode: string | null;
  /** The district government: receives tickets whose responsible unit is unclear (兜底). */
  isFallback?: boolean;
}

interface StaticUnit {
  code: string;
  /** Chinese name without the district prefix. */
  name: string;
  nameEn: string;
}

/** District departments (区直部门), in display order. */
export const DEPARTMENTS: readonly StaticUnit[] = [
  { code: 'DEPT-CGW', name: '城管委', nameEn: 'City Management Commission' },
  { code: 'DEPT-ZJW', name: '住建委', nameEn: 'Housing and Urban-Rural Development Commission' },
  { code: 'DEPT-STHJ', name: '生态环境局', nameEn: 'Ecology and Environment Bureau' },
  { code: 'DEPT-SCJG', name: '市场监管局', nameEn: 'Market Regulation Bureau' },
  { code: 'DEPT-JTW', name: '交通委', nameEn: 'Transport Commission' },
  { code: 'DEPT-SWJ', name: '水务局', nameEn: 'Water Affairs Bureau' },
  { code: 'DEPT-WJW', name: '卫健委', nameEn: 'Health Commission' },
  { code: 'DEPT-JW', name: '教委', nameEn: 'Education Commission' },
  { code: 'DEPT-MZJ', name: '民政局', nameEn: 'Civil Affairs Bureau' },
  { code: 'DEPT-RSJ', name: '人力社保局', nameEn: 'Human Resources and Social Security Bureau' },
  { code: 'DEPT-YLLH', name: '园林绿化局', nameEn: 'Landscaping and Greening Bureau' },
  { code: 'DEPT-WLJ', name: '文旅局', nameEn: 'Culture and Tourism Bureau' },
  { code: 'DEPT-GAFJ', name: '公安分局', nameEn: 'Public Security Sub-bureau' },
  { code: 'DEPT-CGZF', name: '城管执法局', nameEn: 'Urban Management Law Enforcement Bureau' },
  { code: 'DEPT-GHZR', name: '规划自然资源分局', nameEn: 'Planning and Natural Resources Sub-bureau' },
  { code: 'DEPT-YBJ', name: '医保局', nameEn: 'Healthcare Security Bureau' },
  { code: 'DEPT-YJJ', name: '应急管理局', nameEn: 'Emergency Management Bureau' },
];

/** Public-service enterprises (公共服务企业), district branches. */
export const ENTERPRISES: readonly StaticUnit[] = [
  { code: 'ENT-POWER', name: '供电公司', nameEn: 'Power Supply Company' },
  { code: 'ENT-GAS', name: '燃气公司', nameEn: 'Gas Company' },
  { code: 'ENT-HEAT', name: '热力公司', nameEn: 'District Heating Company' },
  { code: 'ENT-WATER', name: '自来水公司', nameEn: 'Water Supply Company' },
  { code: 'ENT-TELECOM', name: '通信运营商', nameEn: 'Telecom Operators' },
];

/** A placeholder English name from the kind of street-level unit, e.g. `Town 110109101`. */
function streetNameEn(street: { code: string; name: string }): string {
  const kind = street.name.endsWith('街道')
    ? 'Subdistrict'
    : street.name.endsWith('镇')
      ? 'Town'
      : street.name.endsWith('乡')
        ? 'Township'
        : street.name.endsWith('地区')
          ? 'Area office'
          : 'Zone';
  return `${kind} ${street.code}`;
}

/**
 * All units of one district. `streets` are its streets/towns from the division data
 * (e.g. `streetsOf(districtCode)`); each becomes `ST-<streetCode>`.
 */
export function districtUnits(
  districtCode: string,
  districtName: string,
  streets: { code: string; name: string }[],
): UnitSeed[] {
  const governmentCode = `GOV-${districtCode}`;
  const units: UnitSeed[] = [
    {
      code: governmentCode,
      name: `${districtName}人民政府`,
      nameEn: 'District Government',
      unitType: 'district',
      divisionCode: districtCode,
      parentCode: null,
      isFallback: true,
    },
    {
      code: `CENTRE-${districtCode}`,
      name: `${districtName}接诉即办指挥中心`,
      nameEn: 'Hotline Command Centre',
      unitType: 'centre',
      divisionCode: districtCode,
      parentCode: governmentCode,
    },
  ];
  for (const street of streets) {
    units.push({
      code: `ST-${street.code}`,
      name: street.name,
      nameEn: streetNameEn(street),
      unitType: 'street',
      divisionCode: street.code,
      parentCode: governmentCode,
    });
  }
  for (const dept of DEPARTMENTS) {
    units.push({
      code: dept.code,
      name: `${districtName}${dept.name}`,
      nameEn: dept.nameEn,
      unitType: 'department',
      divisionCode: null,
      parentCode: governmentCode,
    });
  }
  for (const ent of ENTERPRISES) {
    units.push({
      code: ent.code,
      name: `${districtName}${ent.name}`,
      nameEn: ent.nameEn,
      unitType: 'enterprise',
      divisionCode: null,
      parentCode: null,
    });
  }
  return units;
}
