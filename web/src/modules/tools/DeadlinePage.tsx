import { CalculatorOutlined } from '@ant-design/icons';
import type { DeadlineQuery, DeadlineResult, DeadlineUnit } from '@fazhi/domain/api/calendar';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  InputNumber,
  Row,
  Select,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../api.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';

type Unit = DeadlineUnit;
type RollRule = NonNullable<DeadlineQuery['rollRule']>;

interface Values {
  from: Dayjs;
  length: number;
  unit: Unit;
  rollRule: RollRule;
}

/** GET /api/calendar/deadline (domain/src/api/calendar.ts). */
type Params = DeadlineQuery & { length: number };

const UNITS: { value: Unit; label: string }[] = [
  { value: 'd', label: '日' },
  { value: 'wd', label: '工作日' },
  { value: 'month', label: '月' },
];

const DAY_KIND: Record<string, string> = {
  weekday: '工作日',
  weekend: '周末',
  holiday: '法定节假日',
  swap_rest: '调休放假',
  swap_work: '调休上班',
  local_rest: '本地调整为休息日',
  local_work: '本地调整为工作日',
};

function Answer({ r }: { r: DeadlineResult }) {
  const due = dayjs(r.due);
  const info = r.dueInfo;
  const unitLabel = UNITS.find((u) => u.value === r.unit)?.label ?? r.unit;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <div>
        <Typography.Text type="secondary">
          自 {r.from} 起 {r.length} {r.unit === 'month' ? '个月' : unitLabel}，期间届满日为
        </Typography.Text>
        <div style={{ display: 'flex', alignItems: 'baseline', gap: 12, flexWrap: 'wrap', marginTop: 4 }}>
          <span style={{ fontSize: 36, fontWeight: 600, lineHeight: 1.2 }} data-testid="deadline-due">
            {r.due}
          </span>
          <span style={{ fontSize: 18 }}>{due.isValid() ? due.format('dddd') : ''}</span>
          {info && (
            <Tag color={info.workday ? 'green' : 'orange'}>
              {info.name ? `${info.name} · ` : ''}
              {DAY_KIND[info.kind] ?? info.kind}
            </Tag>
          )}
          {r.provisional && <Tag color="gold">暂定</Tag>}
        </div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          期间至该日 24 时届满
        </Typography.Text>
      </div>
      {r.provisional && (
        <Alert
          type="warning"
          showIcon
          title="结果为暂定"
          description="计算涉及的年份尚未收录国务院办公厅放假通知，节假日按《全国年节及纪念日放假办法》推算。通知发布后结果可能变化，请届时复核。"
        />
      )}
      <div>
        <Typography.Title level={2} style={{ fontSize: 15, marginTop: 0 }}>
          计算过程
        </Typography.Title>
        <ol style={{ margin: 0, paddingInlineStart: 22 }} data-testid="deadline-steps">
          {r.steps.map((s, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: steps are a fixed, ordered text.
            <li key={i} style={{ marginBottom: 6 }}>
              {s}
            </li>
          ))}
        </ol>
      </div>
      {r.basis.length > 0 && (
        <div>
          <Typography.Title level={2} style={{ fontSize: 15, marginTop: 0 }}>
            法律依据
          </Typography.Title>
          <ul style={{ margin: 0, paddingInlineStart: 22 }}>
            {r.basis.map((b, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list of citations.
              <li key={i} style={{ marginBottom: 6 }}>
                <Typography.Text type="secondary">{b}</Typography.Text>
              </li>
            ))}
          </ul>
        </div>
      )}
    </Space>
  );
}

/** 期限计算器: the same period arithmetic the case clocks use, for any date a clerk has in hand. */
export function DeadlinePage() {
  const [form] = Form.useForm<Values>();
  const [params, setParams] = useState<Params | null>(null);
  const unit = Form.useWatch('unit', form);

  const result = useQuery({
    queryKey: ['calendar', 'deadline', params],
    queryFn: ({ signal }) => api.get<DeadlineResult>('/api/calendar/deadline', { ...params }, { signal }),
    enabled: params !== null,
    staleTime: 60_000,
  });

  const submit = (v: Values) =>
    setParams({
      from: v.from.format('YYYY-MM-DD'),
      length: v.length,
      unit: v.unit,
      // Working days never roll: the rule only applies to calendar days and months.
      rollRule: v.unit === 'wd' || v.rollRule === 'official' ? undefined : v.rollRule,
    });

  return (
    <div>
      <h1 className="fz-page-title">期限计算器</h1>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={9}>
          <Card size="small">
            <Form<Values>
              form={form}
              name="deadline"
              layout="vertical"
              initialValues={{ from: dayjs(), length: 15, unit: 'd', rollRule: 'official' }}
              onFinish={submit}
              data-testid="deadline-form"
            >
              <Form.Item label="起算日" name="from" rules={[{ required: true, message: '请选择起算日' }]}>
                <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" allowClear={false} />
              </Form.Item>
              <Row gutter={12}>
                <Col span={14}>
                  <Form.Item label="期间" name="length" rules={[{ required: true, message: '请填写期间' }]}>
                    <InputNumber min={1} max={3650} precision={0} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col span={10}>
                  <Form.Item label="单位" name="unit" rules={[{ required: true }]}>
                    <Select options={UNITS} />
                  </Form.Item>
                </Col>
              </Row>
              {unit !== 'wd' && (
                <Form.Item
                  label="期末遇休息日"
                  name="rollRule"
                  tooltip="《民法典》第二百零三条：期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日"
                >
                  <Select
                    options={[
                      { value: 'official', label: '按放假通知的实际休息日顺延（含调休）' },
                      { value: 'statutory_only', label: '仅法定节假日和周末顺延（不计调休）' },
                    ]}
                  />
                </Form.Item>
              )}
              <Button type="primary" htmlType="submit" icon={<CalculatorOutlined />} block>
                计算
              </Button>
              <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '12px 0 0' }}>
                开始的当日不计入，自下一日开始计算（《民法典》第二百零一条）。工作日按国务院办公厅放假通知和本地工作日历认定。
              </Typography.Paragraph>
            </Form>
          </Card>
        </Col>
        <Col xs={24} lg={15}>
          <Card size="small" title="计算结果" data-testid="deadline-result">
            {!params ? (
              <Typography.Text type="secondary">填写起算日和期间后点击“计算”。</Typography.Text>
            ) : result.isPending ? (
              <Spin style={{ display: 'block', margin: '40px auto' }} />
            ) : result.error ? (
              <ErrorResult error={result.error} onRetry={() => void result.refetch()} />
            ) : result.data ? (
              <Answer r={result.data} />
            ) : null}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
