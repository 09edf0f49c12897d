/**
 * One figure and the records behind it (/facts/:key?year=&townId=): how it is counted, its
 * value and last year's, the cases it counts (as far as the user may see them), and for
 * report writers the hand entry with its source (「手工填报」), with the entries before it.
 */
import {
  App,
  Breadcrumb,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { Link, useParams, useSearchParams } from 'react-router';
import { errorMessage, isApiError } from '../../api.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { ExportPrint } from '../../components/ExportPrint.tsx';
import { fmtDateTime } from '../../components/format.ts';
import { useDataYear } from '../../components/useDataYear.ts';
import { Change, ManualTag } from '../dashboard/DashboardPage.tsx';
import {
  type FactItem,
  type FactRecord,
  type FactRecordsResponse,
  formatFact,
  useFactRecords,
  useSetManual,
  useWithdrawManual,
} from './factsApi.ts';

const COLUMNS: ColumnsType<FactRecord> = [
  {
    title: '案号',
    dataIndex: 'reference',
    width: 190,
    render: (v: string | null, r) => <Link to={r.href}>{v ?? '查看'}</Link>,
  },
  { title: '标题', dataIndex: 'title', render: (v: string, r) => <Link to={r.href}>{v}</Link> },
  { title: '日期', dataIndex: 'date', width: 110, responsive: ['sm'] },
  { title: '村（社区）/单位', dataIndex: 'unitName', width: 150, responsive: ['md'] },
  {
    title: '状态',
    dataIndex: 'state',
    width: 170,
    responsive: ['md'],
    render: (v: string | null) => v && <Tag>{v}</Tag>,
  },
];

/** The columns, with the one that decides the figure (调解结果 for 调解成功率) when the figure names one. */
const columnsOf = (deciding: string | null | undefined): ColumnsType<FactRecord> =>
  deciding
    ? [
        ...COLUMNS,
        {
          title: deciding,
          dataIndex: 'deciding',
          width: 140,
          render: (v: string | null | undefined) => <Typography.Text strong>{v ?? '—'}</Typography.Text>,
        },
      ]
    : COLUMNS;

function combineText(f: FactItem): string {
  switch (f.combine.kind) {
    case 'ratio':
      return '全县合计按各镇分子、分母之和重新计算';
    case 'mean':
      return '全县合计按权重加权平均';
    default:
      return '全县合计为各镇之和';
  }
}

function ManualForm({ data, year }: { data: FactRecordsResponse; year: number }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ value: number; source: string; note?: string }>();
  const save = useSetManual(data.fact.key);
  const withdraw = useWithdrawManual(data.fact.key);
  const f = data.fact;
  const whole = !['元', '万元', '天', '%'].includes(f.unit);
  const onFinish = async (v: { value: number; source: string; note?: string }) => {
    try {
      await save.mutateAsync({ year, townId: data.town.id, value: v.value, source: v.source, note: v.note ?? null });
      message.success('已保存手工填报数据');
      form.resetFields(['note']);
    } catch (e) {
      if (isApiError(e) && e.fields.length > 0) {
        form.setFields(
          e.fields
            .filter((x) => ['value', 'source', 'note'].includes(x.path))
            .map((x) => ({ name: x.path as 'value', errors: [x.message] })),
        );
      } else message.error(errorMessage(e));
    }
  };
  return (
    <Card size="small" title="手工填报" data-testid="manual-form">
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {f.manualOnly
          ? '该指标所属模块尚未上线，请按台账填报，并注明数据来源。'
          : '手工填报的数值将代替系统统计值，在驾驶舱和年度报告中标注「手工填报」及来源；撤销后恢复系统统计值。'}
      </Typography.Paragraph>
      <Form
        form={form}
        layout="inline"
        onFinish={onFinish}
        initialValues={{ value: f.origin === 'manual' ? (f.value ?? undefined) : undefined, source: f.source ?? '' }}
        style={{ rowGap: 12 }}
      >
        <Form.Item name="value" label={`数值（${f.unit}）`} rules={[{ required: true, message: '请填写数值' }]}>
          <InputNumber
            min={0}
            max={f.unit === '%' ? 100 : undefined}
            precision={whole ? 0 : 2}
            style={{ width: 140 }}
          />
        </Form.Item>
        <Form.Item
          name="source"
          label="数据来源"
          rules={[{ required: true, whitespace: true, message: '请填写数据来源（如：镇派出所提供）' }]}
        >
          <Input maxLength={200} placeholder="如：镇派出所提供" style={{ width: 220 }} />
        </Form.Item>
        <Form.Item name="note" label="说明">
          <Input maxLength={500} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={save.isPending}>
              保存
            </Button>
            {f.origin === 'manual' && f.value != null && (
              <Popconfirm
                title={f.manualOnly ? '撤销后该指标将没有数值，确定撤销？' : '撤销后恢复系统统计值，确定撤销？'}
                onConfirm={async () => {
                  try {
                    await withdraw.mutateAsync({ year, townId: data.town.id });
                    message.success('已撤销手工填报');
                    form.resetFields();
                  } catch (e) {
                    message.error(errorMessage(e));
                  }
                }}
              >
                <Button loading={withdraw.isPending}>撤销手工填报</Button>
              </Popconfirm>
            )}
          </Space>
        </Form.Item>
      </Form>
    </Card>
  );
}

export function FactDrillPage() {
  const { module = '', name = '' } = useParams();
  const key = `${module}.${name}`;
  const [params, setParams] = useSearchParams();
  const townId = params.get('townId') ?? undefined;
  // The URL's year (the dashboard's links name it), else the default year with data (issue 13).
  const { year: chosen } = useDataYear(params.get('year'), { townId });
  const year = chosen ?? dayjs().year();
  const page = Number(params.get('page')) || 1;
  const q = useFactRecords(key, year, townId, page, chosen !== undefined);
  if (q.isError) return <ErrorResult error={q.error} onRetry={() => q.refetch()} />;
  const data = q.data;
  const f = data?.fact;
  const dashboard = `/dashboard?year=${year}${townId ? `&townId=${townId}` : ''}`;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="fact-drill">
      <Breadcrumb
        items={[
          { title: <Link to={dashboard}>数据驾驶舱</Link> },
          { title: f ? `${f.moduleLabel} · ${f.label}` : '指标明细' },
        ]}
      />
      <Card loading={!data} size="small">
        {f && data && (
          <Descriptions
            title={
              <Space wrap>
                <span>
                  {data.town.name}
                  {year}年 · {f.label}
                </span>
                <ManualTag f={f} />
              </Space>
            }
            column={{ xs: 1, sm: 2, md: 3 }}
            size="small"
          >
            <Descriptions.Item label="本年度">
              <Typography.Text strong style={{ fontSize: 18 }} data-testid="fact-value">
                {formatFact(f.value, f.unit)}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label="上年度">{formatFact(f.previous.value, f.unit)}</Descriptions.Item>
            <Descriptions.Item label="同比">
              <Change f={f} label="" />
            </Descriptions.Item>
            <Descriptions.Item label="数据来源" span={3}>
              {f.origin === 'manual' ? (
                f.value == null ? (
                  '尚未填报'
                ) : (
                  <span>
                    手工填报：{f.source}
                    {f.enteredBy ? `（${f.enteredBy}，${fmtDateTime(f.enteredAt)}）` : ''}
                    {f.note ? `；${f.note}` : ''}
                  </span>
                )
              ) : (
                '系统根据案件记录统计'
              )}
            </Descriptions.Item>
            <Descriptions.Item label="统计口径" span={3}>
              {f.definition}（{combineText(f)}）
            </Descriptions.Item>
          </Descriptions>
        )}
      </Card>
      {data?.canWrite && <ManualForm key={`${data.fact.key}-${data.fact.value}`} data={data} year={year} />}
      {f?.drillable && (
        <Card
          size="small"
          title={`计入该指标的记录（共 ${data?.total ?? 0} 条${f.origin === 'manual' ? '，系统统计' : ''}）`}
          extra={
            data && (
              <ExportPrint
                path={`/api/facts/${encodeURIComponent(key)}/records.xlsx`}
                query={{ year, townId }}
                name={`${data.town.name}${year}年度${f.label}明细.xlsx`}
              />
            )
          }
        >
          <Table<FactRecord>
            rowKey="id"
            size="small"
            loading={q.isFetching}
            columns={columnsOf(data?.decidingColumn)}
            dataSource={data?.records ?? []}
            locale={{ emptyText: '没有可查看的记录' }}
            pagination={{
              current: page,
              pageSize: data?.pageSize ?? 20,
              total: data?.total ?? 0,
              showSizeChanger: false,
              showTotal: (t) => `共 ${t} 条`,
              onChange: (p) => {
                const next = new URLSearchParams(params);
                next.set('page', String(p));
                setParams(next);
              },
            }}
          />
        </Card>
      )}
      {data && data.history.length > 0 && (
        <Card size="small" title="手工填报记录">
          <Table
            rowKey={(r) => `${r.enteredAt}-${r.value}`}
            size="small"
            pagination={false}
            dataSource={data.history}
            columns={[
              { title: '数值', dataIndex: 'value', render: (v: number) => formatFact(v, f?.unit ?? '') },
              { title: '数据来源', dataIndex: 'source' },
              { title: '说明', dataIndex: 'note', responsive: ['md'] },
              { title: '填报人', dataIndex: 'enteredBy' },
              { title: '填报时间', dataIndex: 'enteredAt', render: (v: string) => fmtDateTime(v) },
              {
                title: '状态',
                dataIndex: 'current',
                render: (c: boolean) => (c ? <Tag color="green">现行</Tag> : <Tag>已替换</Tag>),
              },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}
