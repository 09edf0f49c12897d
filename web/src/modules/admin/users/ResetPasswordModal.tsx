import { ThunderboltOutlined } from '@ant-design/icons';
import type { ResetPasswordBody, User } from '@fazhi/domain/api/platform';
import { useMutation } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { api, errorMessage } from '../../../api.ts';
import { applyFieldErrors } from '../../../components/forms.ts';
import { generatePassword, passwordRule, usePasswordPolicy } from '../../../components/password.ts';

export function ResetPasswordModal({
  user,
  onClose,
  base = '/api/users',
}: {
  user: User | null;
  onClose: () => void;
  /** '/api/security/admins' when the 安全管理员 resets an administrator's password. */
  base?: string;
}) {
  const [form] = Form.useForm<{ password: string }>();
  const policy = usePasswordPolicy();
  const { message } = App.useApp();
  const [visible, setVisible] = useState(false);
  const reset = useMutation({
    mutationFn: (v: { password: string }) =>
      api.post(`${base}/${user!.id}/reset-password`, { password: v.password } satisfies ResetPasswordBody),
    onSuccess: () => {
      message.success(`已重置「${user?.displayName ?? ''}」的密码`);
      onClose();
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e, ['password'])) void message.error(errorMessage(e));
    },
  });

  return (
    <Modal
      title={`重置密码：${user?.displayName ?? ''}（${user?.username ?? ''}）`}
      open={!!user}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="重置"
      cancelText="取消"
      confirmLoading={reset.isPending}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">请通过安全渠道将新密码告知本人。</Typography.Paragraph>
      <Form form={form} name="resetPassword" layout="vertical" preserve={false} onFinish={(v) => reset.mutate(v)}>
        <Form.Item label="新密码" required>
          <Space.Compact style={{ width: '100%' }}>
            <Form.Item
              name="password"
              noStyle
              rules={[{ required: true, message: '请输入或生成新密码' }, passwordRule(policy, () => user?.username)]}
            >
              <Input.Password
                aria-label="新密码"
                autoComplete="new-password"
                visibilityToggle={{ visible, onVisibleChange: setVisible }}
              />
            </Form.Item>
            <Button
              icon={<ThunderboltOutlined />}
              onClick={() => {
                form.setFieldValue('password', generatePassword(policy));
                setVisible(true);
                void form.validateFields(['password']);
              }}
            >
              生成
            </Button>
          </Space.Compact>
        </Form.Item>
      </Form>
    </Modal>
  );
}
