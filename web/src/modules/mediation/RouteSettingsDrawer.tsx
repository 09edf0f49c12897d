import type { RouteSettingsView } from '@fazhi/domain/api/mediation';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Drawer, Form, Grid, InputNumber, Radio, Spin, Switch } from 'antd';
import { useEffect } from 'react';
import { api, errorMessage, isApiError } from '../../api.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';

/** GET /api/mediation/route-settings: `RouteSettingsViewSchema` in domain/src/api/mediation.ts. */
type RouteSettings = RouteSettingsView;
type FormValues = { limited: boolean; length?: number; unit: 'wd' | 'd' };
const KEY = ['mediation-route-settings'];

/**
 * 行政调解期限: administrative mediation has no national time limit, so the town sets its own (or
 * none). A dispute routed to 行政调解 takes the limit in force that day; a change applies to the
 * disputes routed after it. The 矛调中心 and the town's leaders edit it; others read it.
 */
export function RouteSettingsDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const screens = Grid.useBreakpoint();
  const limited = Form.useWatch('limited', form);
  const current = useQuery({
    queryKey: KEY,
    queryFn: ({ signal }) => api.get<RouteSettings>('/api/mediation/route-settings', undefined, { signal }),
    enabled: open,
  });
  const s = current.data;

  useEffect(() => {
    if (s && open) {
      form.resetFields();
      const l = s.administrativeLimit;
      form.setFieldsValue({ limited: l !== null, unit: l?.unit ?? 'wd', ...(l ? { length: l.length } : {}) });
    }
  }, [s, open, form]);

  const save = useMutation({
    mutationFn: (v: FormValues) =>
      api.put<RouteSettings>(
        '/api/mediation/route-settings',
        {
          administrativeLimit: v.limited && v.length ? { length: v.length, unit: v.unit } : null,
          version: s?.version ?? 0,
        },
        { query: { townId: s?.townId } },
      ),
    onSuccess: (next) => {
      qc.setQueryData(KEY, next);
      void message.success('行政调解期限已保存，适用于此后分流至行政调解的纠纷');
      onClose();
    },
    onError: (e) => {
      if (isApiError(e) && e.status === 409) void current.refetch();
      void message.error(errorMessage(e));
    },
  });

  const readOnly = !s?.canEdit;
  return (
    <Drawer
      title={s ? `行政调解期限（${s.townName}）` : '行政调解期限'}
      open={open}
      onClose={onClose}
      size={screens.sm ? 460 : '100%'}
      destroyOnHidden
      extra={
        !readOnly && (
          <Button
            type="primary"
            loading={save.isPending}
            onClick={() => form.submit()}
            data-testid="route-settings-save"
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
            title="法律、行政法规未规定行政调解的期限，由本镇自行确定（可不设期限）。纠纷分流至行政调解时记入当时的期限，修改后只适用于此后分流的纠纷。人民调解一般在一个月内调结（《人民调解工作若干规定》第三十三条），司法调解（诉前）按人民法院确定的期限，均不在此设置。"
          />
          <Form<FormValues>
            form={form}
            layout="vertical"
            disabled={readOnly}
            onFinish={(v) => save.mutate(v)}
            data-testid="route-settings-form"
          >
            <Form.Item name="limited" label="设定行政调解期限" valuePropName="checked">
              <Switch checkedChildren="设期限" unCheckedChildren="不设" />
            </Form.Item>
            {limited && (
              <>
                <Form.Item
                  name="length"
                  label="期限"
                  rules={[{ required: true, message: '请填写期限' }]}
                  extra="自分流至行政调解之日起计算"
                >
                  <InputNumber min={1} max={365} precision={0} style={{ width: '100%' }} />
                </Form.Item>
                <Form.Item name="unit" label="单位">
                  <Radio.Group
                    options={[
                      { value: 'wd', label: '工作日' },
                      { value: 'd', label: '日（自然日）' },
                    ]}
                  />
                </Form.Item>
              </>
            )}
          </Form>
        </>
      )}
    </Drawer>
  );
}
