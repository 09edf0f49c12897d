/**
 * The HTTP contract of the enforcement register (执法人员与执法证, 权责清单) and of the town's
 * public 公示 pages (行政处罚法 arts 39 and 48). The server declares these schemas on its routes;
 * the web imports the inferred types and reuses the bodies in its forms. Dates 'YYYY-MM-DD',
 * ids strings, amounts in yuan.
 */
import { z } from 'zod';
import { int4IdString, isoDateSchema, versionSchema } from '../validators/schemas.ts';

/**
 * 执法领域: the codes a certificate covers and a power belongs to. A certificate is valid for an
 * action only in the fields it lists (enforcement/officers.ts `certifiedFor`), so both lists
 * use these codes.
 */
export const ENFORCEMENT_FIELD_LABELS = {
  planning: '城乡规划',
  land: '土地管理',
  safety: '安全生产',
  environment: '生态环境',
  market: '市场监管',
  other: '其他',
} as const;
export type EnforcementField = keyof typeof ENFORCEMENT_FIELD_LABELS;
const FIELD_KEYS = Object.keys(ENFORCEMENT_FIELD_LABELS) as [EnforcementField, ...EnforcementField[]];

/**
 * Kinds of penalty (行政处罚法 art 9), as the penalty case writes them on its decision
 * (`fields.penaltyKinds`) and the public page names them.
 */
export const PENALTY_KIND_LABELS = {
  warning: '警告',
  criticism: '通报批评',
  fine: '罚款',
  confiscation: '没收违法所得、没收非法财物',
  suspension: '暂扣许可证件、责令停产停业、限制开展生产经营活动',
  revocation: '吊销许可证件、降低资质等级',
  detention: '行政拘留',
  other: '其他',
} as const;
export type PenaltyKind = keyof typeof PENALTY_KIND_LABELS;

/** The roles that keep the register: 执法队 and 法治办, in their own town. */
export const ENFORCEMENT_WRITER_ROLES = ['zhifa', 'fazhiban'] as const;
/** The roles that read it (the county's 督查 reads its towns' registers). */
export const ENFORCEMENT_READER_ROLES = [
  'zhifa',
  'fazhiban',
  'leader',
  'sifasuo',
  'ziran',
  'anjian',
  'county',
] as const;

const DATE_MESSAGE = '应为YYYY-MM-DD格式的有效日期';
const date = (label: string) => isoDateSchema(DATE_MESSAGE).describe(label);
const text = (label: string, max: number) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, { message: `请填写${label}` })
    .max(max, { message: `${label}不得超过${max}个字` })
    .describe(label);
const optText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, { message: `${label}不得超过${max}个字` })
    .optional()
    .describe(label);
/** Yuan, two decimals at most, within numeric(14,2). */
const yuan = (label: string) =>
  z
    .number({ error: `${label}应为数字` })
    .min(0, { message: `${label}不得为负数` })
    .max(1_000_000_000, { message: `${label}超出范围` })
    .refine((n) => Math.round(n * 100) === n * 100 || Math.abs(Math.round(n * 100) - n * 100) < 1e-6, {
      message: `${label}最多保留两位小数`,
    })
    .describe(label);

const FieldList = z
  .array(z.enum(FIELD_KEYS, { error: '执法领域无效' }), { error: '请选择执法领域' })
  .min(1, { message: '请至少选择一个执法领域' })
  .max(FIELD_KEYS.length)
  .refine((a) => new Set(a).size === a.length, { message: '执法领域重复' })
  .meta({ description: '执法领域', enumLabels: ENFORCEMENT_FIELD_LABELS });

// ------------------------------------------------------------------ officers

const officerShape = {
  name: text('姓名', 50),
  /** The officer's platform account, a user of the same town. */
  userId: int4IdString('关联账号无效').nullable().optional().describe('关联账号'),
  certNo: text('执法证号', 40),
  certIssuer: text('发证机关', 100),
  fields: FieldList,
  validFrom: date('有效期起').nullable().optional(),
  validUntil: date('有效期至'),
  reviewer: z.boolean().optional().describe('法制审核人员'),
  legalQualification: z.boolean().optional().describe('法律职业资格'),
};

const checkValidity = (
  b: { validFrom?: string | null | undefined; validUntil?: string | undefined },
  ctx: z.RefinementCtx,
) => {
  if (b.validFrom && b.validUntil && b.validFrom > b.validUntil) {
    ctx.addIssue({ code: 'custom', path: ['validUntil'], message: '有效期至不得早于有效期起' });
  }
};

export const OfficerCreateBodySchema = z
  .object({
    ...officerShape,
    /** Only for a user who keeps the register of more than one town. */
    townId: int4IdString('乡镇无效').optional().describe('乡镇'),
  })
  .strict()
  .superRefine(checkValidity);
export type OfficerCreateBody = z.input<typeof OfficerCreateBodySchema>;

/** A change: any of the fields, `active: false` to deactivate (调离、注销), `true` to restore. */
export const OfficerUpdateBodySchema = z
  .object({
    name: officerShape.name.optional(),
    userId: officerShape.userId,
    certNo: officerShape.certNo.optional(),
    certIssuer: officerShape.certIssuer.optional(),
    fields: FieldList.optional(),
    validFrom: officerShape.validFrom,
    validUntil: officerShape.validUntil.optional(),
    reviewer: officerShape.reviewer,
    legalQualification: officerShape.legalQualification,
    active: z.boolean().optional().describe('在册'),
    version: versionSchema(),
  })
  .strict()
  .superRefine(checkValidity);
export type OfficerUpdateBody = z.input<typeof OfficerUpdateBodySchema>;

export const OfficerViewSchema = z.object({
  id: z.string(),
  townId: z.string(),
  name: z.string(),
  userId: z.string().nullable(),
  userName: z.string().nullable(),
  certNo: z.string(),
  certIssuer: z.string(),
  fields: z.array(z.string()),
  validFrom: z.string().nullable(),
  validUntil: z.string(),
  reviewer: z.boolean(),
  legalQualification: z.boolean(),
  active: z.boolean(),
  /** The certificate has ended (before today) or ends within 30 days (CERTIFICATE_WARNING_DAYS). */
  certificate: z.enum(['valid', 'expiring', 'expired']),
  version: z.number(),
});
export type OfficerView = z.infer<typeof OfficerViewSchema>;

const TownRef = z.object({ id: z.string(), name: z.string() });

/** Which town a register page shows: the user's own unless they read more than one. */
export const RegisterQuerySchema = z.object({ townId: int4IdString('乡镇无效').optional().describe('乡镇') }).strict();

export const OfficerListSchema = z.object({
  town: TownRef,
  /** The towns the user may read, for the selector of a county reader. */
  towns: z.array(TownRef),
  canWrite: z.boolean(),
  /** Today in the town's time zone, the day the certificates are judged on. */
  today: z.string(),
  items: z.array(OfficerViewSchema),
  /** Active officers whose certificate has ended or ends within 30 days, soonest first. */
  expiring: z.array(OfficerViewSchema),
});
export type OfficerList = z.infer<typeof OfficerListSchema>;

/** Accounts of the town an officer may be linked to. */
export const OfficerUserOptionsSchema = z.array(z.object({ id: z.string(), name: z.string(), unit: z.string() }));

// ------------------------------------------------------------------ powers

export const DiscretionLevelSchema = z
  .object({
    level: text('裁量等级', 20),
    circumstances: text('适用情形', 500),
    fineMin: yuan('等级罚款下限').nullable().optional(),
    fineMax: yuan('等级罚款上限').nullable().optional(),
  })
  .strict();
export type DiscretionLevelBody = z.input<typeof DiscretionLevelSchema>;

const powerShape = {
  code: text('事项编码', 40),
  field: z
    .enum(FIELD_KEYS, { error: '执法领域无效' })
    .meta({ description: '执法领域', enumLabels: ENFORCEMENT_FIELD_LABELS }),
  matter: text('事项名称', 200),
  violatedBasis: text('违法依据', 1000),
  penaltyBasis: text('处罚依据', 1000),
  penaltyRange: text('处罚种类和幅度', 1000),
  fineMin: yuan('罚款下限').nullable().optional(),
  fineMax: yuan('罚款上限').nullable().optional(),
  /** Handed down by the county (行政处罚法 art 24). */
  delegated: z.boolean().optional().describe('赋权事项'),
  delegatedBy: optText('赋权决定名称', 200).nullable(),
  /** 裁量基准, lightest first. */
  discretion: z
    .array(DiscretionLevelSchema)
    .max(10, { message: '裁量等级不得超过10个' })
    .optional()
    .describe('裁量基准'),
};

interface PowerLike {
  fineMin?: number | null | undefined;
  fineMax?: number | null | undefined;
  delegated?: boolean | undefined;
  delegatedBy?: string | null | undefined;
  discretion?:
    | readonly { fineMin?: number | null | undefined; fineMax?: number | null | undefined; level: string }[]
    | undefined;
}

/**
 * What the list may not say: a minimum above the maximum; a county power without the decision
 * that handed it down (art 24: 决定应当公布); a benchmark level outside the power's range, one
 * whose own minimum passes its maximum, or levels out of order of gravity.
 */
export function powerProblems(p: PowerLike): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  const min = p.fineMin ?? null;
  const max = p.fineMax ?? null;
  if (min !== null && max !== null && min > max) out.push({ path: 'fineMin', message: '罚款下限不得高于罚款上限' });
  if (p.delegated && !p.delegatedBy?.trim()) {
    out.push({ path: 'delegatedBy', message: '赋权事项应当填写赋权决定名称（行政处罚法第二十四条：决定应当公布）' });
  }
  let prevMin: number | null = null;
  (p.discretion ?? []).forEach((l, i) => {
    const lo = l.fineMin ?? null;
    const hi = l.fineMax ?? null;
    const at = (k: string) => `discretion.${i}.${k}`;
    if (lo !== null && hi !== null && lo > hi)
      out.push({ path: at('fineMin'), message: `裁量等级“${l.level}”的罚款下限不得高于上限` });
    if ((lo !== null || hi !== null) && min === null && max === null) {
      out.push({ path: at('fineMin'), message: `裁量等级“${l.level}”设有罚款幅度，事项应先填写罚款下限和上限` });
    }
    if (lo !== null && ((min !== null && lo < min) || (max !== null && lo > max))) {
      out.push({ path: at('fineMin'), message: `裁量等级“${l.level}”的罚款下限超出事项的罚款幅度` });
    }
    if (hi !== null && ((max !== null && hi > max) || (min !== null && hi < min))) {
      out.push({ path: at('fineMax'), message: `裁量等级“${l.level}”的罚款上限超出事项的罚款幅度` });
    }
    if (lo !== null && prevMin !== null && lo < prevMin) {
      out.push({
        path: at('fineMin'),
        message: `裁量等级应按违法情节由轻到重排列，“${l.level}”的罚款下限低于前一等级`,
      });
    }
    if (lo !== null) prevMin = lo;
  });
  return out;
}

export const PowerCreateBodySchema = z
  .object({ ...powerShape, townId: int4IdString('乡镇无效').optional().describe('乡镇') })
  .strict();
export type PowerCreateBody = z.input<typeof PowerCreateBodySchema>;

export const PowerUpdateBodySchema = z
  .object({
    code: powerShape.code.optional(),
    field: powerShape.field.optional(),
    matter: powerShape.matter.optional(),
    violatedBasis: powerShape.violatedBasis.optional(),
    penaltyBasis: powerShape.penaltyBasis.optional(),
    penaltyRange: powerShape.penaltyRange.optional(),
    fineMin: powerShape.fineMin,
    fineMax: powerShape.fineMax,
    delegated: powerShape.delegated,
    delegatedBy: powerShape.delegatedBy,
    discretion: powerShape.discretion,
    active: z.boolean().optional().describe('有效'),
    version: versionSchema(),
  })
  .strict();
export type PowerUpdateBody = z.input<typeof PowerUpdateBodySchema>;

const DiscretionViewSchema = z.object({
  level: z.string(),
  circumstances: z.string(),
  fineMin: z.number().nullable(),
  fineMax: z.number().nullable(),
});

export const PowerViewSchema = z.object({
  id: z.string(),
  townId: z.string(),
  code: z.string(),
  field: z.string(),
  matter: z.string(),
  violatedBasis: z.string(),
  penaltyBasis: z.string(),
  penaltyRange: z.string(),
  fineMin: z.number().nullable(),
  fineMax: z.number().nullable(),
  delegated: z.boolean(),
  delegatedBy: z.string().nullable(),
  discretion: z.array(DiscretionViewSchema),
  active: z.boolean(),
  version: z.number(),
});
export type PowerView = z.infer<typeof PowerViewSchema>;

export const PowerListSchema = z.object({
  town: TownRef,
  towns: z.array(TownRef),
  canWrite: z.boolean(),
  items: z.array(PowerViewSchema),
});
export type PowerList = z.infer<typeof PowerListSchema>;

// ------------------------------------------------------------------ 公示 (public, no login)

/**
 * The procedure in words (行政处罚法 chapter V): what a party may expect at each step. The
 * public page shows it as the town's 执法程序 (art 39: 实施程序).
 */
export const PUBLIC_PROCEDURE = {
  summary: {
    title: '简易程序（当场处罚）',
    basis: '行政处罚法第五十一条至第五十四条',
    steps: [
      '适用条件：违法事实确凿并有法定依据，对公民处二百元以下、对法人或者其他组织处三千元以下罚款或者警告。',
      '执法人员出示执法证件，告知当事人作出处罚的事实、理由和依据，以及陈述、申辩的权利。',
      '听取当事人的陈述、申辩。',
      '填写预定格式、编有号码的行政处罚决定书，当场交付当事人；决定书载明复议、诉讼的途径和期限。',
      '执法人员在规定时限内将当场作出的处罚决定报所属行政机关备案。',
    ],
  },
  ordinary: {
    title: '普通程序',
    basis: '行政处罚法第五十四条至第六十二条',
    steps: [
      '立案：发现违法线索，经负责人批准立案。',
      '调查取证：两名以上持有效执法证的执法人员调查、检查，出示执法证件，制作笔录；执法全过程记录。',
      '事先告知：作出处罚决定前，告知拟作出的处罚内容及事实、理由、依据，以及陈述、申辩、要求听证等权利。',
      '陈述申辩与听证：当事人可以陈述、申辩；较大数额罚款等情形，当事人可以在告知后五个工作日内要求听证（第六十三条、第六十四条）。',
      '法制审核：法律规定的情形，作出决定前由法制审核人员进行审核，未经审核或者审核未通过的，不得作出决定。',
      '集体讨论：情节复杂或者重大违法行为给予处罚的，由行政机关负责人集体讨论决定。',
      '决定与送达：制作行政处罚决定书，宣告后当场交付，当事人不在场的，在七个工作日内依照民事诉讼法的有关规定送达（第六十一条、第八十五条）。',
      '执行：当事人在决定书规定的期限内履行；到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款，加处罚款的数额不得超出罚款的数额（第七十二条）。',
    ],
  },
} as const;

/** 救济渠道 (art 39): where and by when a party may challenge a decision of the town. */
export const PUBLIC_REMEDIES = [
  {
    kind: 'reconsideration',
    title: '行政复议',
    text: '对镇人民政府作出的行政处罚决定不服的，可以自知道或者应当知道该行政行为之日起六十日内，向县人民政府申请行政复议。',
    basis: '行政复议法第二十条、第二十四条',
  },
  {
    kind: 'litigation',
    title: '行政诉讼',
    text: '也可以自知道或者应当知道作出行政行为之日起六个月内，直接向人民法院提起行政诉讼；对复议决定不服的，可以在收到复议决定书之日起十五日内向人民法院提起诉讼。',
    basis: '行政诉讼法第四十五条、第四十六条',
  },
  {
    kind: 'note',
    title: '不停止执行',
    text: '行政复议、行政诉讼期间，行政处罚不停止执行，法律另有规定的除外；申请复议、提起诉讼期间，加处罚款的数额不予计算。',
    basis: '行政处罚法第七十三条',
  },
] as const;

export const PublicTownListSchema = z.array(
  z.object({ code: z.string(), name: z.string(), county: z.string().nullable() }),
);
export type PublicTownList = z.infer<typeof PublicTownListSchema>;

export const PublicTownParamsSchema = z
  .object({
    townCode: z
      .string()
      .regex(/^\d{6,12}$/, '乡镇代码无效')
      .describe('乡镇代码'),
  })
  .strict();

const PublicPartySchema = z.object({
  kind: z.enum(['person', 'org']),
  /** A person's name as surname + *; an organisation's in full. */
  name: z.string(),
  /** A person's ID with its middle masked; null for an organisation or when none is recorded. */
  idMasked: z.string().nullable(),
});

export const PublicDecisionSchema = z.object({
  decisionNo: z.string().nullable(),
  decidedOn: z.string().nullable(),
  publishedOn: z.string(),
  parties: z.array(PublicPartySchema),
  violation: z.string().nullable(),
  legalBasis: z.string().nullable(),
  penaltyKinds: z.array(z.string()),
  fineAmount: z.number().nullable(),
});
export type PublicDecision = z.infer<typeof PublicDecisionSchema>;

export const PublicEnforcementSchema = z.object({
  town: z.object({ code: z.string(), name: z.string(), fullName: z.string() }),
  /** The enforcing body (实施机关) and the team that acts for it. */
  body: z.object({ name: z.string(), team: z.string().nullable() }),
  /** Name and certificate number only (the brief and art 55: what an officer shows anyway). */
  officers: z.array(z.object({ name: z.string(), certNo: z.string() })),
  powers: z.array(
    PowerViewSchema.pick({
      code: true,
      field: true,
      matter: true,
      violatedBasis: true,
      penaltyBasis: true,
      penaltyRange: true,
      delegated: true,
      delegatedBy: true,
      discretion: true,
    }),
  ),
  decisions: z.array(PublicDecisionSchema),
  /** The day the page was computed (officers' certificates judged on it). */
  today: z.string(),
});
export type PublicEnforcement = z.infer<typeof PublicEnforcementSchema>;
