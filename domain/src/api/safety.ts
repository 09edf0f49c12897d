/**
 * Work safety (安全生产检查, docs/domain.md §6): the words and roles every part of the safety
 * module shares: the unit register (api/safety-units.ts), the checklists, plan and inspections
 * (api/safety-inspections.ts) and the `hazard` case type (cases/hazard.ts). Codes are stored
 * (migration 0020_safety.sql); the labels are what users read.
 */

/** 行业: picks the unit's checklist; the five plus 其他. */
export const SAFETY_INDUSTRY_LABELS = {
  industry_trade: '工贸企业',
  hazchem: '危险化学品经营',
  workshop: '小作坊',
  crowded: '人员密集场所',
  construction: '建筑施工',
  other: '其他',
} as const;
export type SafetyIndustry = keyof typeof SAFETY_INDUSTRY_LABELS;

/** 规模 (GB/T 划型 in words a town uses). */
export const SAFETY_SIZE_LABELS = {
  large: '大型',
  medium: '中型',
  small: '小型',
  micro: '微型（个体）',
} as const;
export type SafetySize = keyof typeof SAFETY_SIZE_LABELS;

/** 风险等级: 重点 units are inspected more often (the plan rules, safety/plan.ts). */
export const SAFETY_RISK_LABELS = { key: '重点', general: '一般' } as const;
export type SafetyRisk = keyof typeof SAFETY_RISK_LABELS;

/** 检查类型 of a plan entry and of an inspection. */
export const SAFETY_INSPECTION_KIND_LABELS = {
  comprehensive: '综合检查',
  special: '专项检查',
  holiday: '节前检查',
  recheck: '复查',
} as const;
export type SafetyInspectionKind = keyof typeof SAFETY_INSPECTION_KIND_LABELS;

/** A checklist item's result on an inspection. */
export const SAFETY_RESULT_LABELS = { ok: '符合', problem: '存在问题', na: '不适用' } as const;
export type SafetyResult = keyof typeof SAFETY_RESULT_LABELS;

/** 隐患等级 (安全生产法 art 41; 重大 per the sector's 判定标准). */
export const HAZARD_LEVEL_LABELS = { general: '一般隐患', major: '重大隐患' } as const;
export type HazardLevel = keyof typeof HAZARD_LEVEL_LABELS;

/**
 * 执法领域 of the inspectors' certificates (enforcement_officers.cert_fields): an inspection
 * names at least two officers certified for it on the day (行政处罚法 art 42 as the town's
 * enforcement practice applies it to 监督检查; domain/src/enforcement/officers.ts).
 */
export const SAFETY_OFFICER_FIELD = 'safety';

/** The roles that keep the register, plan and inspections: 安监办, in its own town. */
export const SAFETY_WRITER_ROLES = ['anjian'] as const;
/**
 * The roles that read them. 村居干部 read the units of their own village only (data scope), and
 * report hazards there (安全生产法 art 75); the county's 督查 reads its towns.
 */
export const SAFETY_READER_ROLES = ['anjian', 'leader', 'fazhiban', 'zhifa', 'village', 'county'] as const;
