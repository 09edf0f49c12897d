/**
 * The HTTP contract of 信访 beyond the generic case API: the year's statistics (GET
 * /api/stats/petitions) and one petitioner's history across modules (GET
 * /api/petitions/:id/history). The 接访 and 下访 contract is in ../cases/petition-receptions.ts.
 * The server declares these schemas on its routes; the web imports the inferred types.
 */
import { z } from 'zod';
import { COLLECTIVE_MIN_PEOPLE } from '../cases/petition.ts';
import { CaseListItemSchema } from './cases.ts';

// ── GET /api/stats/petitions ─────────────────────────────────────────────────────────────

const count = (label: string) => z.number().int().min(0).describe(label);

const BreakdownSchema = z.object({
  key: z.string().describe('代码'),
  label: z.string().describe('名称'),
  count: count('件数'),
});

const timeliness = (label: string) =>
  z
    .object({
      onTime: count('按期件数'),
      late: count('超期件数'),
      pending: count('尚在期限内未办结（不计入按期率）'),
      rate: z.number().min(0).max(1).nullable().describe('按期率（按期件数÷（按期件数+超期件数），无可计件数时为空）'),
    })
    .describe(label);

export const PetitionStatsQuerySchema = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100).optional().describe('年度（默认为今年）'),
});

export const PetitionStatsSchema = z.object({
  year: z.number().int().describe('年度'),
  asOf: z.string().describe('统计截止日期'),
  received: z
    .object({
      total: count('收到信访事项件数'),
      people: count('信访人次'),
      byChannel: z.array(BreakdownSchema).describe('按信访形式'),
      byCategory: z.array(BreakdownSchema).describe('按信访类别'),
      bySource: z.array(BreakdownSchema).describe('按来源'),
      byVillage: z
        .array(
          z.object({
            unitId: z.string().nullable().describe('村（社区）或部门编号，镇直为空'),
            unitName: z.string().describe('村（社区）或部门'),
            count: count('件数'),
          }),
        )
        .describe('按村（社区）'),
      byState: z.array(BreakdownSchema).describe('按办理状态'),
    })
    .describe('收到信访事项'),
  acceptance: timeliness('按期告知受理情况（15日，第二十三条）'),
  handling: timeliness('按期办结情况（60日，经批准延长的90日以内，第三十四条）').extend({
    accepted: count('受理件数（申诉求决类）'),
    extended: count('经批准延期件数'),
  }),
  satisfaction: z
    .object({
      rated: count('已评价件数'),
      satisfied: count('满意'),
      basicallySatisfied: count('基本满意'),
      unsatisfied: count('不满意'),
      rate: z.number().min(0).max(1).nullable().describe('满意率（（满意+基本满意）÷已评价件数）'),
    })
    .describe('满意度评价'),
  collective: count(`集体访件数（${COLLECTIVE_MIN_PEOPLE}人以上）`),
  repeat: count('重复信访件数（同一信访人12个月内再次信访）'),
  reviews: z
    .object({ requested: count('请求件数'), decided: count('已出具意见件数'), upheld: count('维持原意见件数') })
    .describe('复查（第三十五条）'),
  rereviews: z
    .object({ requested: count('请求件数'), decided: count('已出具意见件数'), upheld: count('维持原意见件数') })
    .describe('复核（第三十六条）'),
  leaderOwned: z
    .object({
      owned: count('领导包案件数'),
      resolved: count('已办结或终结件数'),
      signedOff: count('包案领导已签批件数'),
    })
    .describe('领导包案（第十八条）'),
  leaderReceptions: z
    .object({
      scheduled: count('接访安排（未取消）'),
      held: count('领导接访次数'),
      people: count('接待群众人次'),
      answered: count('当场答复件数'),
      petitions: count('登记为信访事项件数'),
    })
    .describe('领导开门接访（第十八条，按接访日期）'),
  leaderVisits: z
    .object({
      visits: count('带案下访次数'),
      cases: count('所带案件数（同一案件多次下访计一件）'),
    })
    .describe('领导带案下访（第十八条，按下访日期）'),
  byLeader: z
    .array(
      z.object({
        leaderId: z.string().describe('领导编号'),
        leaderName: z.string().describe('领导'),
        receptions: count('接访次数'),
        people: count('接待人次'),
        visits: count('下访次数'),
        visitCases: count('所带案件数'),
        owned: count('包案件数'),
        ownedResolved: count('包案已办结或终结件数'),
      }),
    )
    .describe('按领导'),
});
export type PetitionStats = z.infer<typeof PetitionStatsSchema>;
export type PetitionBreakdown = PetitionStats['received']['byChannel'][number];
export type PetitionTimeliness = PetitionStats['acceptance'];

// ── GET /api/petitions/:id/history ───────────────────────────────────────────────────────

const HistoryPersonSchema = z.object({
  partyId: z.string().describe('当事人编号'),
  name: z.string().describe('姓名（名称）'),
  idMasked: z.string().nullable().describe('证件号码（脱敏）'),
});

export const PetitionHistorySchema = z.object({
  petitioners: z.array(HistoryPersonSchema).describe('本件信访人'),
  items: z
    .array(
      CaseListItemSchema.extend({
        roles: z
          .array(
            z.object({
              name: z.string().describe('姓名（名称）'),
              role: z.string().describe('身份'),
              roleLabel: z.string().describe('身份名称'),
            }),
          )
          .describe('信访人在该案件中的身份'),
      }),
    )
    .describe('同一信访人的其他案件（调解、信访等），新登记的在前'),
});
export type PetitionHistory = z.infer<typeof PetitionHistorySchema>;
