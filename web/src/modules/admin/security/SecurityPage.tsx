import type { SecuritySettings } from '@fazhi/domain/api/platform';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Form, InputNumber, Row, Skeleton, Space } from 'antd';
import { ApiError, api, errorMessage } from '../../../api.ts';
import { ErrorResult } from '../../../components/ErrorResult.tsx';
import { applyFieldErrors } from '../../../components/forms.ts';
import { AdminAccounts } from './AdminAccounts.tsx';

type Values = Omit<SecuritySettings, 'version'>;
type Field = keyof Values;

interface FieldDef {
  name: Field;
  label: string;
  min: number;
  max: number;
  unit?: string;
  help: string;
}

/** Ranges mirror the server's validation, so the form refuses what the server would. */
const GROUPS: { title: string; fields: FieldDef[] }[] = [
  {
    title: '密码策略',
    fields: [
      {
        name: 'passwordMinLength',
        label: '密码最小长度',
        min: 8,
        max: 64,
        unit: '位',
        help: '用户设置新密码时的最少位数',
      },
      {
        name: 'passwordMinClasses',
        label: '密码须包含的字符类别数',
        min: 2,
        max: 4,
        unit: '类',
        help: '大写字母、小写字母、数字、符号四类中至少包含的类数',
      },
      {
        name: 'passwordHistory',
        label: '不得重复使用的历史密码个数',
        min: 0,
        max: 24,
        unit: '个',
        help: '0 表示不限制',
      },
    ],
  },
  {
    title: '登录失败锁定',
    fields: [
      { name: 'lockThreshold', label: '连续登录失败锁定次数', min: 3, max: 20, unit: '次', help: '达到次数后锁定账号' },
      { name: 'lockMinutes', label: '锁定时长', min: 1, max: 1440, unit: '分钟', help: '锁定期满自动解锁' },
    ],
  },
  {
    title: '会话',
    fields: [
      {
        name: 'idleTimeoutMinutes',
        label: '空闲超时',
        min: 5,
        max: 240,
        unit: '分钟',
        help: '无操作超过该时长自动退出',
      },
      {
        name: 'absoluteTimeoutHours',
        label: '会话最长时长',
        min: 1,
        max: 72,
        unit: '小时',
        help: '自登录起超过该时长须重新登录',
      },
    ],
  },
];

const FIELD_NAMES = GROUPS.flatMap((g) => g.fields.map((f) => f.name));
const KEY = ['settings', 'security'] as const;

export function SecurityPage() {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const settings = useQuery({ queryKey: KEY, queryFn: () => api.get<SecuritySettings>('/api/settings/security') });

  const save = useMutation({
    mutationFn: (v: Values) =>
      api.put<SecuritySettings>('/api/settings/security', { ...v, version: settings.data!.version }),
    onSuccess: (s) => {
      qc.setQueryData(KEY, s);
      void qc.invalidateQueries({ queryKey: ['me'] });
      message.success('安全策略已保存');
    },
    onError: (e) => {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') {
        void message.warning(`${e.message}（已载入最新设置，请核对后重新保存）`);
        void settings.refetch();
        return;
      }
      if (!applyFieldErrors(form, e, FIELD_NAMES)) void message.error(errorMessage(e));
    },
  });

  if (settings.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (settings.error) return <ErrorResult error={settings.error} onRetry={() => void settings.refetch()} />;
  const { version, ...initial } = settings.data;

  return (
    <div>
      <h1 className="fz-page-title">安全策略</h1>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title="依据 GB/T 22239-2019（网络安全等级保护基本要求）中身份鉴别与登录失败处理的要求配置。"
      />
      <Form<Values>
        key={version}
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={(v) => save.mutate(v)}
        data-testid="security-form"
      >
        <Row gutter={[16, 16]}>
          {GROUPS.map((g) => (
            <Col xs={24} lg={8} key={g.title}>
              <Card title={g.title} size="small" style={{ height: '100%' }}>
                {g.fields.map((f) => (
                  <Form.Item
                    key={f.name}
                    label={f.label}
                    name={f.name}
                    extra={`${f.help}（${f.min}–${f.max}${f.unit ?? ''}）`}
                    rules={[
                      { required: true, message: `请输入${f.label}` },
                      { type: 'number', min: f.min, max: f.max, message: `${f.label}应在 ${f.min}–${f.max} 之间` },
                    ]}
                  >
                    <InputNumber min={f.min} max={f.max} precision={0} suffix={f.unit} style={{ width: '100%' }} />
                  </Form.Item>
                ))}
              </Card>
            </Col>
          ))}
        </Row>
        <Space style={{ marginTop: 16 }}>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            保存
          </Button>
          <Button onClick={() => form.resetFields()}>撤销修改</Button>
        </Space>
      </Form>
      <AdminAccounts />
    </div>
  );
}
