import { DownOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { isAdminRole } from '@fazhi/domain';
import type { Page, User } from '@fazhi/domain/api/platform';
import { maskPhone } from '@fazhi/domain/validators/mask';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Dropdown, Grid, Input, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { api, errorMessage } from '../../../api.ts';
import { useCurrentUser } from '../../../app/auth.ts';
import { ErrorResult } from '../../../components/ErrorResult.tsx';
import { fmtDateTime } from '../../../components/format.ts';
import { OrgUnitSelect } from '../../../components/OrgUnitSelect.tsx';
import { ResetPasswordModal } from './ResetPasswordModal.tsx';
import { UserDrawer } from './UserDrawer.tsx';
import { isLocked, UserStatus } from './UserStatus.tsx';

const PAGE_SIZE = 20;
const USERS_KEY = 'users';

type Action = 'unlock' | 'end-sessions' | 'toggle-disabled';

export function UsersPage() {
  const qc = useQueryClient();
  const { message, modal } = App.useApp();
  // On a phone a pinned actions column would cover most of the table.
  const wide = Grid.useBreakpoint().md ?? true;
  const [q, setQ] = useState('');
  const [unitId, setUnitId] = useState<number | undefined>();
  const [drawer, setDrawer] = useState<{ open: boolean; user?: User }>({ open: false });
  const [resetting, setResetting] = useState<User | null>(null);
  const me = useCurrentUser();

  const list = useInfiniteQuery({
    queryKey: [USERS_KEY, 'list', { q, unitId }],
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<User>>('/api/users', { q, unitId, cursor: pageParam, limit: PAGE_SIZE }, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];

  const act = useMutation({
    mutationFn: async ({ action, user }: { action: Action; user: User }) => {
      if (action === 'unlock') await api.post(`/api/users/${user.id}/unlock`);
      else if (action === 'end-sessions') await api.post(`/api/users/${user.id}/end-sessions`);
      else await api.patch<User>(`/api/users/${user.id}`, { disabled: !user.disabled, version: user.version });
    },
    onSuccess: (_, { action, user }) => {
      const done: Record<Action, string> = {
        unlock: `已解锁「${user.displayName}」`,
        'end-sessions': `已结束「${user.displayName}」的全部会话`,
        'toggle-disabled': user.disabled ? `已启用「${user.displayName}」` : `已停用「${user.displayName}」`,
      };
      message.success(done[action]);
      void qc.invalidateQueries({ queryKey: [USERS_KEY] });
    },
    onError: (e) => {
      void message.error(errorMessage(e));
      void qc.invalidateQueries({ queryKey: [USERS_KEY] });
    },
  });

  const confirmAct = (action: Action, user: User) => {
    if (action === 'unlock') return act.mutate({ action, user });
    const text =
      action === 'end-sessions'
        ? { title: '结束会话', content: `将使「${user.displayName}」在所有设备上的登录立即失效。`, ok: '结束会话' }
        : user.disabled
          ? { title: '启用用户', content: `启用后「${user.displayName}」可以重新登录。`, ok: '启用' }
          : { title: '停用用户', content: `停用后「${user.displayName}」将无法登录系统。`, ok: '停用' };
    modal.confirm({
      title: text.title,
      content: text.content,
      okText: text.ok,
      okButtonProps: { danger: action !== 'toggle-disabled' || !user.disabled },
      cancelText: '取消',
      onOk: () => act.mutateAsync({ action, user }).catch(() => undefined),
    });
  };

  const columns: ColumnsType<User> = [
    {
      title: '用户名',
      dataIndex: 'username',
      render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
    },
    { title: '姓名', dataIndex: 'displayName' },
    // Masked in the list (domain masking rule); the edit drawer shows the full number.
    { title: '手机号', dataIndex: 'phone', render: (v: string | null) => (v ? maskPhone(v) : '—') },
    {
      title: '角色 · 单位 · 范围',
      key: 'roles',
      render: (_, u) =>
        u.roles.length === 0 ? (
          <Typography.Text type="secondary">未分配</Typography.Text>
        ) : (
          <Space orientation="vertical" size={2}>
            {u.roles.map((r) => (
              <span key={`${r.role}-${r.unitId}-${r.scope}`} style={{ whiteSpace: 'nowrap' }}>
                <Tag color="blue" style={{ marginInlineEnd: 4 }}>
                  {r.roleLabel}
                </Tag>
                {r.unitName}
                <Typography.Text type="secondary"> · {r.scopeLabel}</Typography.Text>
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
      fixed: wide ? 'right' : undefined,
      render: (_, u) => {
        // 三员分立: the server refuses the 系统管理员 any act on an administrator's account
        // (the 安全管理员 manages those); only its own name and phone stay editable.
        if (u.roles.some((r) => isAdminRole(r.role))) {
          return u.id === me.id ? (
            <Button type="link" size="small" onClick={() => setDrawer({ open: true, user: u })}>
              编辑
            </Button>
          ) : (
            <Typography.Text type="secondary">由安全管理员管理</Typography.Text>
          );
        }
        return (
          <Space size={0}>
            <Button type="link" size="small" onClick={() => setDrawer({ open: true, user: u })}>
              编辑
            </Button>
            <Button type="link" size="small" onClick={() => setResetting(u)}>
              重置密码
            </Button>
            <Dropdown
              trigger={['click']}
              menu={{
                items: [
                  { key: 'unlock', label: '解锁', disabled: !isLocked(u) },
                  { key: 'end-sessions', label: '结束会话' },
                  { key: 'toggle-disabled', label: u.disabled ? '启用' : '停用', danger: !u.disabled },
                ],
                onClick: ({ key }) => confirmAct(key as Action, u),
              }}
            >
              <Button type="link" size="small" aria-label={`${u.displayName} 的更多操作`}>
                更多 <DownOutlined />
              </Button>
            </Dropdown>
          </Space>
        );
      },
    },
  ];

  return (
    <div>
      <h1 className="fz-page-title">用户管理</h1>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap>
          <Input.Search
            placeholder="姓名或用户名"
            aria-label="搜索姓名或用户名"
            allowClear
            enterButton="查询"
            onSearch={(v) => setQ(v.trim())}
            style={{ width: 280 }}
            data-testid="user-search"
          />
          <OrgUnitSelect
            aria-label="按单位筛选"
            placeholder="全部单位"
            allowClear
            value={unitId}
            onChange={setUnitId}
            style={{ width: 240 }}
          />
          <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()}>
            刷新
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ open: true })}>
            新建用户
          </Button>
        </Space>
      </Card>
      {list.error && !list.data ? (
        <ErrorResult error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Card size="small">
          <Table<User>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={rows}
            loading={list.isPending || (list.isFetching && !list.isFetchingNextPage)}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: q || unitId ? '没有符合条件的用户' : '暂无用户' }}
            data-testid="users-table"
          />
          <div style={{ textAlign: 'center', marginTop: 12 }}>
            {list.hasNextPage ? (
              <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
                加载更多
              </Button>
            ) : rows.length > 0 ? (
              <Typography.Text type="secondary">已显示全部 {rows.length} 个用户</Typography.Text>
            ) : null}
          </div>
        </Card>
      )}
      <UserDrawer
        key={drawer.user ? `${drawer.user.id}-${drawer.user.version}` : 'new'}
        open={drawer.open}
        user={drawer.user}
        onClose={() => setDrawer((d) => ({ ...d, open: false }))}
        onSaved={() => {
          setDrawer((d) => ({ ...d, open: false }));
          void qc.invalidateQueries({ queryKey: [USERS_KEY] });
        }}
      />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
    </div>
  );
}
