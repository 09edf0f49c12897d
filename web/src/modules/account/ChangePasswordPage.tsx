// The module path, not the package root: the root also loads the role schemas (and zod).
import type { ChangePasswordBody } from '@fazhi/domain/api/platform';
import { checkPassword, type PasswordPolicy } from '@fazhi/domain/auth/password';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Typography } from 'antd';
import { Navigate, useNavigate } from 'react-router';
import { ApiError, api } from '../../api.ts';
import { clearSession, fetchMe, ME_KEY, setEndReason, useLogout, useMe } from '../../app/auth.ts';
import { APP_TITLE } from '../../app/constants.ts';
import { FullPageSpin } from '../../app/guards.tsx';
import { applyFieldErrors } from '../../components/forms.ts';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

const FIELDS = ['currentPassword', 'newPassword', 'confirmPassword'] as const;

/**
 * The hint for the policy the 安全管理员 configured (sent with /api/me). The form checks it
 * before submitting; the server still has the final word (its 400 lands on the field).
 */
function policyHint(policy: PasswordPolicy): string {
  const history = policy.historyCount > 0 ? `不能与最近 ${policy.historyCount} 次用过的密码相同` : '';
  return `至少 ${policy.minLength} 位，包含大写字母、小写字母、数字、符号中的至少 ${policy.minClasses} 类，不能包含空格或用户名${history ? `，${history}` : ''}。`;
}

function ChangePasswordForm({
  username,
  forced,
  policy,
}: {
  username: string;
  forced: boolean;
  policy: PasswordPolicy;
}) {
  const [form] = Form.useForm<Values>();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { message } = App.useApp();

  const change = useMutation({
    mutationFn: (v: Values) =>
      api.post(
        '/api/auth/password',
        { currentPassword: v.currentPassword, newPassword: v.newPassword } satisfies ChangePasswordBody,
        { quiet: true },
      ),
    onSuccess: async () => {
      form.resetFields();
      // The server may keep this session or end it; ask rather than guess.
      const me = await fetchMe().catch(() => null);
      if (!me) {
        setEndReason('password-changed');
        clearSession(qc);
        return;
      }
      qc.setQueryData(ME_KEY, me);
      message.success('密码已修改');
      if (forced) navigate('/', { replace: true });
    },
    onError: async (err) => {
      if (err instanceof ApiError && err.status === 401) {
        // Either the session ended or the current password was wrong: find out which.
        const me = await fetchMe().catch(() => null);
        if (!me) {
          setEndReason('expired');
          clearSession(qc);
          return;
        }
        form.setFields([{ name: 'currentPassword', errors: [err.message] }]);
        return;
      }
      if (!applyFieldErrors(form, err, FIELDS)) {
        void message.error(err instanceof ApiError ? err.message : '修改失败，请稍后重试');
      }
    },
  });

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      onFinish={(v) => change.mutate(v)}
      style={{ maxWidth: 440 }}
      data-testid="change-password-form"
    >
      <Form.Item label="当前密码" name="currentPassword" rules={[{ required: true, message: '请输入当前密码' }]}>
        <Input.Password autoComplete="current-password" maxLength={policy.maxLength} />
      </Form.Item>
      <Form.Item
        label="新密码"
        name="newPassword"
        extra={policyHint(policy)}
        dependencies={['currentPassword']}
        rules={[
          { required: true, message: '请输入新密码' },
          ({ getFieldValue }) => ({
            validator: async (_, value: string | undefined) => {
              if (!value) return;
              const problems = checkPassword(value, policy, { username });
              if (problems.length > 0) throw new Error(problems.join('；'));
              if (value === getFieldValue('currentPassword')) throw new Error('新密码不能与当前密码相同');
            },
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" maxLength={policy.maxLength} />
      </Form.Item>
      <Form.Item
        label="确认新密码"
        name="confirmPassword"
        dependencies={['newPassword']}
        rules={[
          { required: true, message: '请再次输入新密码' },
          ({ getFieldValue }) => ({
            validator: async (_, value: string | undefined) => {
              if (value && value !== getFieldValue('newPassword')) throw new Error('两次输入的新密码不一致');
            },
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" maxLength={policy.maxLength} />
      </Form.Item>
      <Form.Item style={{ marginBottom: 0 }}>
        <Button type="primary" htmlType="submit" loading={change.isPending}>
          确认修改
        </Button>
      </Form.Item>
    </Form>
  );
}

/** 修改密码 inside the app shell. */
export function ChangePasswordPage() {
  const { data: me } = useMe();
  if (!me) return null;
  return (
    <div>
      <h1 className="fz-page-title">修改密码</h1>
      <Card>
        <ChangePasswordForm username={me.username} forced={false} policy={me.passwordPolicy} />
      </Card>
    </div>
  );
}

/** The only page a user with an initial (or reset) password can reach. */
export function ForcedChangePasswordPage() {
  const { data: me, isPending } = useMe();
  const logout = useLogout();
  if (isPending) return <FullPageSpin />;
  if (!me) return <Navigate to="/login" replace />;
  if (!me.mustChangePassword) return <Navigate to="/" replace />;
  return (
    <main className="fz-login-bg">
      <Card style={{ width: '100%', maxWidth: 480 }}>
        <Typography.Text type="secondary">{APP_TITLE}</Typography.Text>
        <Typography.Title level={1} style={{ fontSize: 20, margin: '8px 0 16px' }}>
          首次登录请修改初始密码
        </Typography.Title>
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={`${me.displayName}（${me.username}），为保障账号安全，请先设置您自己的密码，修改后方可使用系统。`}
        />
        <ChangePasswordForm username={me.username} forced policy={me.passwordPolicy} />
        <div style={{ marginTop: 16, textAlign: 'right' }}>
          <Button type="link" onClick={() => void logout(false)}>
            退出登录
          </Button>
        </div>
      </Card>
    </main>
  );
}
