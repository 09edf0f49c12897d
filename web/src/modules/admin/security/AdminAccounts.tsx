import type { AdminDisableBody, User } from '@fazhi/domain/api/platform';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { api, errorMessage } from '../../../api.ts';
import { useCurrentUser } from '../../../app/auth.ts';
import { ErrorResult } from '../../../components/ErrorResult.tsx';
import { fmtDateTime } from '../../../components/format.ts';
import { ResetPasswordModal } from '../users/ResetPasswordModal.tsx';
import { isLocked, UserStatus } from '../users/UserStatus.tsx';

const BASE = '/api/security/admins';
const KEY = ['security', 'admins'];

type Action = 'unlock' | 'end-sessions' | 'toggle-disabled';

/**
 * 三员分立: the 安全管理员 resets, unlocks, disables and signs out the 系统管理员 and the
 * 审计管理员 (the 系统管理员 may not touch them). Another 安全管理员 is managed only from a
 * higher unit; the server refuses what is not allowed and says why.
 */
export function AdminAccounts() {
  const qc = useQueryClient();
  const me = useCurrentUser();
  const { message, modal } = App.useApp();
  const [resetting, setResetting] = useState<User | null>(null);
  const list = useQuery({ queryKey: KEY, queryFn: () => api.get<{ items: User[] }>(BASE) });

  const act = useMutation({
    mutationFn: async ({ action, user }: { action: Action; user: User }) => {
      if (action === 'toggle-disabled')
        await api.patch<User>(`${BASE}/${user.id}`, {
          disabled: !user.disabled,
          version: user.version,
        } satisfies AdminDisableBody);
      else await api.post(`${BASE}/${user.id}/${action}`);
    },
    onSuccess: (_, { action, user }) => {
      const done: Record<Action, string> = {
        unlock: `已解锁「${user.displayName}」`,
        'end-sessions': `已结束「${user.displayName}」的全部会话`,
        'toggle-disabled': user.disabled ? `已启用「${user.displayName}」` : `已停用「${user.displayName}」`,
      };
      message.success(done[action]);
      void qc.invalidateQueries({ queryKey: KEY });
    },
    onError: (e) => {
      void message.error(errorMessage(e));
      void qc.invalidateQueries({ queryKey: KEY });
    },
  });

  const confirm = (action: Action, user: User) => {
    if (action === 'unlock') return act.mutate({ action, user });
    modal.confirm({
      title: action === 'end-sessions' ? '结束会话' : user.disabled ? '启用账户' : '停用账户',
      content:
        action === 'end-sessions'
          ? `将使「${user.displayName}」在所有设备上的登录立即失效。`
          : user.disabled
            ? `启用后「${user.displayName}」可以重新登录。`
            : `停用后「${user.displayName}」将无法登录系统。`,
      okText: '确定',
      cancelText: '取消',
      onOk: () => act.mutateAsync({ action, user }).catch(() => undefined),
    });
  };

  const columns: ColumnsType<User> = [
    { title: '用户名', dataIndex: 'username', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    { title: '姓名', dataIndex: 'displayName' },
    {
      title: '角色 · 单位',
      key: 'roles',
      render: (_, u) => (
        <Space orientation="vertical" size={2}>
          {u.roles.map((r) => (
            <span key={`${r.role}-${r.unitId}`}>
              <Tag color="blue">{r.roleLabel}</Tag>
              {r.unitName}
            </span>
          ))}
        </Space>
      ),
    },
    { title: '状态', key: 'status', render: (_, u) => <UserStatus user={u} /> },
    { title: '最近登录', dataIndex: 'lastLoginAt', render: (v: string | null) => fmtDateTime(v) },
    {
      title: '操作',
      key: 'actions',
      render: (_, u) =>
        u.id === me.id ? (
          <Typography.Text type="secondary">本人</Typography.Text>
        ) : (
          <Space size={0} wrap>
            <Button type="link" size="small" onClick={() => setResetting(u)}>
              重置密码
            </Button>
            <Button type="link" size="small" disabled={!isLocked(u)} onClick={() => confirm('unlock', u)}>
              解锁
            </Button>
            <Button type="link" size="small" onClick={() => confirm('end-sessions', u)}>
              结束会话
            </Button>
            <Button type="link" size="small" danger={!u.disabled} onClick={() => confirm('toggle-disabled', u)}>
              {u.disabled ? '启用' : '停用'}
            </Button>
          </Space>
        ),
    },
  ];

  return (
    <Card title="管理员账户（三员）" size="small" style={{ marginTop: 16 }} data-testid="admin-accounts">
      <Typography.Paragraph type="secondary">
        系统管理员、审计管理员的密码重置、解锁、停用和强制下线由安全管理员办理；安全管理员本人的账户由上级安全管理员或运维人员通过命令行办理。
      </Typography.Paragraph>
      {list.error ? (
        <ErrorResult error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<User>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isPending}
          pagination={false}
          scroll={{ x: 'max-content' }}
        />
      )}
      <ResetPasswordModal base={BASE} user={resetting} onClose={() => setResetting(null)} />
    </Card>
  );
}
