/**
 * Figures of the practices the seed report describes whose modules do not exist yet
 * (docs/domain.md §Modules still to come): entered by hand with their source until a module
 * computes them. Each future module gets its own provider here, under the key prefix it
 * will own, so when the module comes it replaces its provider below and the keys (and every
 * narrative that embeds them as tokens) keep working. They compute nothing: FactService
 * fills in the hand-entered values, each marked with its source.
 */
import type { FactDef, FactProvider, FactUnit } from './facts.ts';

const manual = (key: string, label: string, unit: FactUnit, definition: string): FactDef => ({
  key,
  label,
  unit,
  definition,
  combine: { kind: 'sum' },
  manualOnly: true,
});

function provider(module: string, moduleLabel: string, facts: FactDef[]): FactProvider {
  return {
    module,
    moduleLabel,
    facts,
    // Nothing to compute: every figure is hand-entered (FactService merges them).
    async compute(_db, q) {
      return new Map(q.townIds.map((t) => [t, Object.fromEntries(facts.map((f) => [f.key, null]))]));
    },
  };
}

export const MANUAL_PROVIDERS: FactProvider[] = [
  provider('decision', '重大行政决策', [
    manual(
      'decision.collective',
      '集体讨论决定重大事项',
      '项',
      '经镇党委会、政府常务会议集体讨论决定的重大问题、重大决策、重大工程建设等事项（重大行政决策程序暂行条例第三十条）。',
    ),
    manual(
      'decision.major',
      '作出重大行政决策',
      '项',
      '履行公众参与、专家论证、风险评估、合法性审查程序后作出的重大行政决策。',
    ),
  ]),
  provider('review', '合法性审查与法律顾问', [
    manual('review.normative_documents', '审查规范性文件', '件', '经司法所（法律顾问）合法性审查的行政规范性文件。'),
    // review.contracts and review.adviser_opinions are computed by the decisions module.
  ]),
  // 安全生产 figures (safety.*) are computed by the safety module.
  // 违建 figures (land.illegal_constructions_*) are computed by the construction module.
  provider('satellite', '卫片执法', [
    manual('land.polygons_assigned', '上级移交卫片图斑', '个', '上级自然资源部门移交核查的卫片图斑。'),
    manual('land.polygons_verified', '核查卫片图斑', '个', '已完成实地核查并填报结果的卫片图斑。'),
  ]),
  provider('study', '学法普法', [
    manual(
      'study.leader_sessions',
      '领导干部集体学法',
      '次',
      '镇党委理论学习中心组、政府常务会议会前学法等集体学法活动。',
    ),
    manual('study.publicity_events', '开展普法宣传活动', '场', '开展的法治宣传教育活动（八五普法规划）。'),
    manual('study.people_reached', '普法受众', '人次', '参加普法宣传活动、接受法治宣传的群众。'),
  ]),
  provider('villages', '民主法治示范创建', [
    manual(
      'villages.model_villages',
      '民主法治示范村（社区）',
      '个',
      '获评县级以上民主法治示范村（社区）的村（社区），累计数。',
    ),
  ]),
];
