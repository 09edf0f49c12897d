import type { FilingSettings, NormativeRegisterRow } from '@fazhi/domain/api/decisions-normative';
import { CLEANUP_RESULT_LABELS, FILING_RESULT_LABELS } from '@fazhi/domain/decisions/normative';
import { App, Button, Card, InputNumber, Radio, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, errorMessage } from '../../../api.ts';
import { ErrorResult } from '../../../components/ErrorResult.tsx';
import { useFilingSettings, useNormativeRefresh, useNormativeRegister } from './normativeApi.ts';

const STATE_COLOR: Record<string, string> = {
  to_file: 'orange',
  filing: 'blue',
  correcting: 'red',
  in_force: 'green',
};

const columns: ColumnsType<NormativeRegisterRow> = [
  { title: '文号', dataIndex: 'docNo', width: 150, render: (v: string | null) => v ?? '—' },
  {
    title: '文件名称',
    dataIndex: 'title',
    render: (v: string, r) => <Link to={`/cases/${r.caseId}`}>{v}</Link>,
  },
  { title: '乡镇', dataIndex: 'townName', width: 90 },
  { title: '公布日期', dataIndex: 'publishedOn', width: 104, render: (v: string | null) => v ?? '—' },
  { title: '有效期至', dataIndex: 'expiresOn', width: 104, render: (v: string | null) => v ?? '—' },
  {
    title: '届满前评估',
    dataIndex: 'evaluationDue',
    width: 104,
    render: (v: string | null) => v ?? '—',
  },
  {
    title: '状态',
    key: 'state',
    width: 104,
    render: (_, r) => <Tag color={STATE_COLOR[r.state]}>{r.stateLabel}</Tag>,
  },
  {
    title: '备案',
    key: 'filing',
    width: 120,
    render: (_, r) =>
      r.filingResult ? (
        <Tag color={r.filingResult === 'accepted' ? 'green' : 'red'}>{FILING_RESULT_LABELS[r.filingResult]}</Tag>
      ) : r.filedOn ? (
        `${r.filedOn} 已报备`
      ) : (
        '未报备'
      ),
  },
  {
    title: '清理结果',
    key: 'cleanup',
    width: 130,
    render: (_, r) => (r.cleanupResult ? `${CLEANUP_RESULT_LABELS[r.cleanupResult]}（${r.cleanedOn ?? ''}）` : '—'),
  },
];

/**
 * 规范性文件登记簿: the documents published by the towns the reader sees — 文号, name, 公布 and
 * expiry dates, the evaluation due 6 months before expiry, the filing and the cleanup result —
 * and the county's filing period (set by the county's 备案审查).
 */
export function RegisterPage() {
  const [scope, setScope] = useState<'in_force' | 'all'>('in_force');
  const q = useNormativeRegister(scope);
  if (q.error) return <ErrorResult error={q.error} onRetry={() => q.refetch()} />;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title="规范性文件登记簿"
        extra={
          <Radio.Group
            value={scope}
            onChange={(e) => setScope(e.target.value)}
            optionType="button"
            size="small"
            options={[
              { value: 'in_force', label: '现行有效' },
              { value: 'all', label: '全部' },
            ]}
          />
        }
      >
        <Typography.Paragraph type="secondary">
          行政规范性文件经合法性审核、集体审议、主要负责人签发后统一登记、编号、公布，公布后报县政府备案；有效期不超过5年，届满前6个月评估，并定期清理（修改、废止或继续有效）。
        </Typography.Paragraph>
        <Table
          rowKey="caseId"
          size="middle"
          loading={q.isLoading}
          columns={columns}
          dataSource={q.data?.rows ?? []}
          scroll={{ x: 1000 }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: scope === 'in_force' ? '暂无现行有效的规范性文件' : '暂无已公布的规范性文件' }}
        />
      </Card>
      <FilingPeriodCard />
    </Space>
  );
}

function FilingPeriodCard() {
  const q = useFilingSettings();
  if (!q.data || q.data.counties.length === 0) return null;
  return (
    <Card title="报备期限（县政府设定）" size="small">
      {q.data.counties.map((c) => (
        <FilingPeriodRow key={c.countyId} c={c} />
      ))}
    </Card>
  );
}

function FilingPeriodRow({ c }: { c: FilingSettings }) {
  const { message } = App.useApp();
  const refresh = useNormativeRefresh();
  const [days, setDays] = useState<number | null>(c.filingDays);
  const [saving, setSaving] = useState(false);
  const save = async () => {
    setSaving(true);
    try {
      await api.put(`/api/decisions/normative/filing-settings/${c.countyId}`, { filingDays: days, version: c.version });
      message.success(`${c.countyName}报备期限已设为${days}日`);
      await refresh();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Space wrap>
      <Typography.Text strong>{c.countyName}</Typography.Text>
      {c.canEdit ? (
        <>
          <InputNumber min={1} max={90} value={days} onChange={setDays} addonAfter="日" style={{ width: 130 }} />
          <Button type="primary" size="small" loading={saving} onClick={save} disabled={days === c.filingDays}>
            保存
          </Button>
        </>
      ) : (
        <span>公布之日起 {c.filingDays} 日内报备</span>
      )}
      <Typography.Text type="secondary">
        {c.custom ? '（县政府设定）' : '（未设定，默认15日）'}；备案审查期限同此天数。已公布的文件按公布时的期限计算。
      </Typography.Text>
    </Space>
  );
}
