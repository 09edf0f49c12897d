import { LockOutlined, UserOutlined } from '@ant-design/icons';
import type { Health, Me } from '@fazhi/domain/api/platform';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { ApiError, api, errorMessage, setCsrfToken } from '../api.ts';
import { hasInbox, prefetchInbox, rememberInbox } from '../modules/cases/casesApi.ts';
import { type EndReason, ME_KEY, peekEndReason, safeNext, setEndReason, useMe } from './auth.ts';
import { APP_SUBTITLE, APP_TITLE } from './constants.ts';
import { preloadSignedIn } from './preload.ts';
import { ShellSkeleton } from './ShellSkeleton.tsx';

const REASON_TEXT: Record<EndReason, { type: 'info' | 'warning' | 'success'; text: string }> = {
  expired: { type: 'warning', text: '登录已失效，请重新登录' },
  idle: { type: 'warning', text: '长时间未操作，已自动退出，请重新登录' },
  logout: { type: 'success', text: '您已安全退出' },
  'password-changed': { type: 'success', text: '密码已修改，请使用新密码登录' },
};

interface LoginValues {
  username: string;
  password: string;
}

export function LoginPage() {
  const qc = useQueryClient();
  const { data: me, isPending } = useMe();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [reason] = useState(peekEndReason);
  const [form] = Form.useForm<LoginValues>();
  useEffect(() => setEndReason(null), []);

  const health = useQuery({
    queryKey: ['health'],
    queryFn: () => api.get<Health>('/api/health', undefined, { quiet: true }),
    retry: false,
    staleTime: 300_000,
  });

  const login = useMutation({
    mutationFn: (v: LoginValues) => api.post<Me>('/api/auth/login', v, { quiet: true }),
    // The shell's code downloads while the password is checked, and the inbox is asked for as soon
    // as the user is known, not after the workbench's code has arrived and rendered (issue 19).
    onMutate: () => void preloadSignedIn(),
    onSuccess: (user) => {
      setCsrfToken(user.csrfToken);
      rememberInbox(user);
      if (hasInbox(user) && next === '/') prefetchInbox(qc);
      qc.setQueryData(ME_KEY, user);
    },
    onError: () => form.setFieldValue('password', ''),
  });

  // Signed in: the shell's outline at once, not a blank page while its code arrives (issue 13).
  if (me) {
    return (
      <>
        {!me.mustChangePassword && <ShellSkeleton />}
        <Navigate to={me.mustChangePassword ? '/change-password' : next} replace />
      </>
    );
  }

  const err = login.error;
  const errorType = err instanceof ApiError && err.code === 'ACCOUNT_LOCKED' ? 'warning' : 'error';
  const notice = !err && reason ? REASON_TEXT[reason] : null;

  return (
    <main className="fz-login-bg">
      <Card style={{ width: '100%', maxWidth: 400 }} styles={{ body: { padding: '32px 28px 20px' } }}>
        <div style={{ textAlign: 'center', marginBottom: 24 }}>
          <div
            aria-hidden
            style={{
              width: 48,
              height: 48,
              margin: '0 auto 12px',
              borderRadius: 10,
              background: '#b71c1c',
              color: '#fff',
              fontSize: 26,
              lineHeight: '48px',
              fontWeight: 600,
            }}
          >
            法
          </div>
          <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
            {APP_TITLE}
          </Typography.Title>
          <Typography.Text type="secondary">{APP_SUBTITLE}</Typography.Text>
        </div>
        {err && (
          <Alert
            type={errorType}
            showIcon
            title={errorMessage(err)}
            style={{ marginBottom: 16 }}
            data-testid="login-error"
            role="alert"
          />
        )}
        {notice && <Alert type={notice.type} showIcon title={notice.text} style={{ marginBottom: 16 }} />}
        <Form<LoginValues>
          form={form}
          layout="vertical"
          requiredMark={false}
          onFinish={(v) => login.mutate(v)}
          disabled={isPending}
          data-testid="login-form"
        >
          <Form.Item
            label="用户名"
            name="username"
            rules={[{ required: true, whitespace: true, message: '请输入用户名' }]}
          >
            <Input
              name="username"
              prefix={<UserOutlined />}
              autoComplete="username"
              autoCapitalize="off"
              spellCheck={false}
              size="large"
              maxLength={64}
              autoFocus
            />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password
              name="password"
              prefix={<LockOutlined />}
              autoComplete="current-password"
              size="large"
              maxLength={128}
            />
          </Form.Item>
          <Form.Item style={{ marginBottom: 8 }}>
            <Button type="primary" htmlType="submit" size="large" block loading={login.isPending}>
              登录
            </Button>
          </Form.Item>
        </Form>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center', fontSize: 12, margin: '12px 0 0' }}>
          忘记密码请联系本单位系统管理员重置
          {health.data?.version ? ` · 版本 ${health.data.version}` : ''}
        </Typography.Paragraph>
      </Card>
    </main>
  );
}
