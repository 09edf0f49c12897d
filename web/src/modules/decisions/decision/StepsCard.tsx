/**
 * On a 重大行政决策's case page: each step of 重大行政决策程序暂行条例 with its date when done, the
 * optional ones as chosen at 启动 (with the reason), and what a decision still lacks (missingSteps).
 */
import { missingSteps } from '@fazhi/domain/decisions/decision';
import { Card, Descriptions, Tag, Typography } from 'antd';
import type { CaseCardProps } from '../../../app/module.ts';

type F = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);

interface Step {
  label: string;
  basis: string;
  done: string | null;
  /** false: not chosen at 启动; undefined: always required. */
  applies?: boolean | undefined;
}

function steps(f: F): Step[] {
  const chosen = (k: string) => (f.launchedOn ? f[k] === true : undefined);
  return [
    { label: '启动', basis: '第十条', done: str(f.launchedOn) },
    { label: '起草', basis: '第十二条', done: str(f.draftedOn) },
    {
      label: '公开征求意见',
      basis: '第十五条',
      done: f.commentFrom ? `${f.commentFrom} 至 ${f.commentTo}${f.commentClosedOn ? '' : '（进行中）'}` : null,
    },
    { label: '听证会', basis: '第十六、十七条', done: str(f.hearingOn), applies: chosen('hearing') },
    { label: '专家论证', basis: '第十九条', done: str(f.expertReviewedOn), applies: chosen('expertReview') },
    { label: '风险评估', basis: '第二十二、二十三条', done: str(f.riskAssessedOn), applies: chosen('riskAssessment') },
    {
      label: '合法性审查',
      basis: '第二十五至二十八条',
      done: f.legalOutcome === 'passed' ? `${f.legalReviewedOn} 通过` : f.legalOutcome === 'failed' ? null : null,
    },
    { label: '集体讨论', basis: '第三十条', done: f.discussedOn ? `${f.discussedOn} ${f.meetingTitle ?? ''}` : null },
    { label: '向党委请示', basis: '第三十一条', done: str(f.partyReportedOn) },
    { label: '决定', basis: '第三十条', done: str(f.decidedOn) },
    { label: '公布', basis: '第三十二条', done: f.publishedOn ? `${f.publishedOn} ${f.publishedWhere ?? ''}` : null },
    { label: '归档', basis: '第三十三条', done: str(f.archivedOn) },
    { label: '执行情况报告', basis: '第三十四条', done: str(f.executionReportedOn) },
    { label: '后评估', basis: '第三十六条', done: str(f.postEvaluatedOn) },
  ];
}

export function DecisionStepsCard({ c }: CaseCardProps) {
  const f = c.fields as F;
  const missing = f.decidedOn ? missingSteps(f) : [];
  return (
    <Card size="small" title="决策程序">
      {str(f.stepsReason) && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          程序选择理由：{String(f.stepsReason)}
        </Typography.Paragraph>
      )}
      {f.legalOutcome === 'failed' && (
        <Typography.Paragraph type="danger">
          合法性审查未通过：{String(f.legalOpinion ?? '')}（修改后须重新送审，条例第二十五条第二款）
        </Typography.Paragraph>
      )}
      {missing.length > 0 && (
        <Typography.Paragraph type="danger">已作出决定，但缺少必经程序：{missing.join('、')}</Typography.Paragraph>
      )}
      <Descriptions size="small" column={{ xs: 1, sm: 1, lg: 2 }} bordered labelStyle={{ width: 120 }}>
        {steps(f).map((s) => (
          <Descriptions.Item
            key={s.label}
            label={
              <span>
                {s.label}
                <br />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  条例{s.basis}
                </Typography.Text>
              </span>
            }
          >
            {s.applies === false ? (
              <Tag>不适用</Tag>
            ) : s.done ? (
              <Tag color="green">{s.done}</Tag>
            ) : (
              <Tag color={s.applies === true ? 'orange' : 'default'}>未办理</Tag>
            )}
          </Descriptions.Item>
        ))}
      </Descriptions>
    </Card>
  );
}
