/**
 * The report's 坚持依法科学民主决策 section (measures.decisions), written from the year's figures:
 * each sentence names only what a figure shows (issue 13), with live tokens the report renders as
 * value + unit. A figure that is zero or absent drops its clause; an incomplete procedure is
 * named with a 〔待补充〕 for the office rather than hidden. The other areas' keys
 * (decision.collective from the meetings, review.* from normative documents, contracts and
 * advisers) are used when they are present.
 */
const ORDINALS = ['一', '二', '三', '四'];

export function decisionsNarrative(v: Readonly<Record<string, number | null | undefined>>): string[] {
  const n = (k: string) => v[k] ?? 0;
  const parts: string[] = [];
  const major = n('decision.major');
  const head: string[] = [];
  if (n('decision.catalogue_items') > 0)
    head.push('编制年度重大行政决策事项目录，经镇党委同意后向社会公布，列入决策事项{decision.catalogue_items}');
  if (major > 0) head.push('全年作出重大行政决策{decision.major}');
  if (major > 0) {
    const steps: string[] = [];
    if (n('decision.hearings') > 0) steps.push('召开听证会{decision.hearings}');
    if (n('decision.expert_reviews') > 0) steps.push('组织专家论证{decision.expert_reviews}');
    if (n('decision.risk_assessments') > 0) steps.push('开展风险评估{decision.risk_assessments}');
    if (steps.length) head.push(`决策过程中${steps.join('、')}`);
    head.push(
      n('decision.legality_reviewed') === major
        ? '作出的重大行政决策均经合法性审查'
        : '经合法性审查的重大行政决策{decision.legality_reviewed}，〔待补充：未经合法性审查即作出决策的原因及整改措施〕',
    );
    head.push(
      n('decision.complete') === major
        ? '程序完备率{decision.complete_rate}'
        : '程序完备率{decision.complete_rate}，〔待补充：程序未完备的决策及原因〕',
    );
    if (n('decision.post_evaluations') > 0) head.push('对已实施的决策开展后评估{decision.post_evaluations}');
  }
  if (head.length) parts.push(`规范重大行政决策程序。${head.join('，')}。`);
  if (n('decision.collective') > 0)
    parts.push('坚持集体决策。经镇党政联席会议等集体讨论决定重大事项{decision.collective}。');
  const review: string[] = [];
  if (n('review.normative_documents') > 0) review.push('审查行政规范性文件{review.normative_documents}');
  if (n('review.contracts') > 0) review.push('审查合同{review.contracts}');
  if (n('review.adviser_opinions') > 0) review.push('法律顾问出具法律意见{review.adviser_opinions}');
  if (review.length) parts.push(`严格合法性审查。全年${review.join('，')}。`);
  return parts.map((p, i) => `${ORDINALS[i]}是${p}`);
}
