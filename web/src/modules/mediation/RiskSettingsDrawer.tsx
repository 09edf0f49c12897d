import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { RiskSettingsView } from '@fazhi/domain/api/mediation';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Drawer, Form, Grid, Input, InputNumber, Space, Spin, Switch, Typography } from 'antd';
import { useEffect } from 'react';
import { api, errorMessage, isApiError } from '../../api.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { applyFieldErrors } from '../../components/forms.ts';
import { MEDIATION_STATS_KEY } from './statsApi.ts';

/** GET /api/mediation/risk-settings: `RiskSettingsViewSchema` in domain/src/api/mediation.ts. */
type RiskSettings = RiskSettingsView;

type FormValues = Pick<
  RiskSettings,
  'amountThreshold' | 'groupThreshold' | 'windowDays' | 'defaultPeriods' | 'periods'
>;
const FIELDS = ['amountThreshold', 'groupThreshold', 'windowDays', 'defaultPeriods', 'periods'];
const KEY = ['mediation-risk-settings'];
const DATE_HINT = 'MM-DD（每年）或 YYYY-MM-DD';

/**
 * 预警设置: the town's own early-warning thresholds (local policy, not statute). The 矛调中心 and
 * the town's leaders edit them; everyone else who sees the statistics may read what applies.
 */
export function RiskSettingsDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const screens = Grid.useBreakpoint();
  const current = useQuery({
    queryKey: KEY,
    queryFn: ({ signal }) => api.get<RiskSettings>('/api/mediation/risk-settings', undefined, { signal }),
    enabled: open,
  });
  const s = current.data;

  useEffect(() => {
    if (s && open) {
      form.resetFields();
      form.setFieldsValue({
        amountThreshold: s.amountThreshold,
        groupThreshold: s.groupThreshold,
        windowDays: s.windowDays,
        defaultPeriods: s.defaultPeriods,
        periods: s.periods,
      });
    }
  }, [s, open, form]);

  const save = useMutation({
    mutationFn: (v: FormValues) =>
      api.put<RiskSettings & { reassessed: number }>(
        '/api/mediation/risk-settings',
        {
          ...v,
          periods: (v.periods ?? []).map((p) => ({
            name: p.name?.trim() ?? '',
            from: p.from?.trim() ?? '',
            ...(p.to?.trim() ? { to: p.to.trim() } : {}),
          })),
          version: s?.version ?? 0,
        },
        { query: { townId: s?.townId } },
      ),
    onSuccess: (next) => {
      qc.setQueryData(KEY, next);
      void qc.invalidateQueries({ queryKey: [MEDIATION_STATS_KEY] });
      void qc.invalidateQueries({ queryKey: ['cases'] });
      void message.success(
        next.reassessed > 0 ? `预警设置已保存，${next.reassessed} 件在办纠纷的风险等级随之调整` : '预警设置已保存',
      );
      onClose();
    },
    onError: (e) => {
      if (isApiError(e) && e.status === 409) void current.refetch();
      if (!applyFieldErrors(form, e, FIELDS)) void message.error(errorMessage(e));
    },
  });

  const readOnly = !s?.canEdit;
  return (
    <Drawer
      title={s ? `矛盾纠纷预警设置（${s.townName}）` : '矛盾纠纷预警设置'}
      open={open}
      onClose={onClose}
      size={screens.sm ? 520 : '100%'}
      destroyOnHidden
      extra={
        !readOnly && (
          <Button
            type="primary"
            loading={save.isPending}
            onClick={() => form.submit()}
            data-testid="risk-settings-save"
          >
            保存
          </Button>
        )
      }
    >
      {current.isPending && <Spin style={{ display: 'block', margin: '40px auto' }} />}
      {current.error && !s && <ErrorResult error={current.error} onRetry={() => void current.refetch()} />}
      {s && (
        <>
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            title={
              readOnly
                ? '以下为本镇现行的预警标准，由矛调中心或镇领导设置。'
                : '预警标准属本镇自行确定的工作规则。保存后，本镇所有在办纠纷的风险等级将按新标准重新评估。'
            }
          />
          <Form<FormValues>
            form={form}
            layout="vertical"
            disabled={readOnly}
            onFinish={(v) => save.mutate(v)}
            data-testid="risk-settings-form"
          >
            <Form.Item
              name="amountThreshold"
              label="金额较大标准（元）"
              extra="涉及金额达到此数额的纠纷计为中风险因素"
              rules={[{ required: true, message: '请填写金额较大标准' }]}
            >
              <InputNumber min={1} max={1_000_000_000} precision={0} style={{ width: '100%' }} suffix="元" />
            </Form.Item>
            <Form.Item
              name="groupThreshold"
              label="群体性纠纷人数标准"
              extra="涉及人数达到此数即为群体性纠纷（高风险）；不得高于5人"
              rules={[{ required: true, message: '请填写群体性纠纷人数标准' }]}
            >
              <InputNumber min={2} max={5} precision={0} style={{ width: '100%' }} suffix="人" />
            </Form.Item>
            <Form.Item
              name="windowDays"
              label="敏感时期提前预警天数"
              rules={[{ required: true, message: '请填写提前预警天数' }]}
            >
              <InputNumber min={0} max={60} precision={0} style={{ width: '100%' }} suffix="日" />
            </Form.Item>
            <Form.Item
              name="defaultPeriods"
              label="包含默认敏感时期"
              valuePropName="checked"
              extra={`默认：${s.defaultPeriodNames.join('、')}（春节按每年放假安排）`}
            >
              <Switch checkedChildren="包含" unCheckedChildren="不含" />
            </Form.Item>
            <Typography.Text strong>本地敏感时期</Typography.Text>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '4px 0 8px' }}>
              如庙会、重大会议期间。日期写作 {DATE_HINT}；只有一天的可不填结束日期。
            </Typography.Paragraph>
            <Form.List name="periods">
              {(rows, { add, remove }) => (
                <>
                  {rows.map((row) => (
                    <Space key={row.key} align="start" wrap style={{ display: 'flex', marginBottom: 4 }}>
                      <Form.Item name={[row.name, 'name']} rules={[{ required: true, message: '请填写名称' }]}>
                        <Input placeholder="名称" aria-label="名称" style={{ width: 140 }} maxLength={50} />
                      </Form.Item>
                      <Form.Item name={[row.name, 'from']} rules={[{ required: true, message: '请填写开始日期' }]}>
                        <Input placeholder="开始" aria-label="开始日期" title={DATE_HINT} style={{ width: 120 }} />
                      </Form.Item>
                      <Form.Item name={[row.name, 'to']}>
                        <Input placeholder="结束" aria-label="结束日期" title={DATE_HINT} style={{ width: 120 }} />
                      </Form.Item>
                      {!readOnly && (
                        <Button
                          type="text"
                          danger
                          icon={<DeleteOutlined />}
                          aria-label="删除"
                          onClick={() => remove(row.name)}
                        />
                      )}
                    </Space>
                  ))}
                  {!readOnly && (
                    <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', from: '' })} block>
                      添加敏感时期
                    </Button>
                  )}
                  {readOnly && rows.length === 0 && <Typography.Text type="secondary">无</Typography.Text>}
                </>
              )}
            </Form.List>
          </Form>
        </>
      )}
    </Drawer>
  );
}
