import {
  ApartmentOutlined,
  AppstoreOutlined,
  AuditOutlined,
  BankOutlined,
  CalculatorOutlined,
  DownOutlined,
  FileSearchOutlined,
  HomeOutlined,
  ImportOutlined,
  KeyOutlined,
  LogoutOutlined,
  MenuFoldOutlined,
  MenuOutlined,
  MenuUnfoldOutlined,
  SafetyCertificateOutlined,
  StopOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { MenuItem } from '@fazhi/domain';
import { Alert, App, Avatar, Button, Drawer, Dropdown, Grid, Layout, Menu, type MenuProps, theme } from 'antd';
import { type ReactNode, Suspense, useMemo, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useCurrentUser, useLogout } from './auth.ts';
import { APP_SUBTITLE, APP_TITLE, DEMO_TEXT } from './constants.ts';
import { FullPageSpin } from './guards.tsx';
import { useIdleLogout } from './useIdleLogout.ts';

const ICONS: Record<string, ReactNode> = {
  home: <HomeOutlined />,
  org: <BankOutlined />,
  'org-manage': <ApartmentOutlined />,
  users: <TeamOutlined />,
  security: <SafetyCertificateOutlined />,
  audit: <AuditOutlined />,
  cases: <FileSearchOutlined />,
  'case-import': <ImportOutlined />,
  deadline: <CalculatorOutlined />,
};

/** The side menu, exactly as the server sent it, grouped by `group` in the order groups first appear. */
function menuItems(menu: MenuItem[]): NonNullable<MenuProps['items']> {
  const groups = new Map<string, MenuItem[]>();
  for (const m of menu) groups.set(m.group, [...(groups.get(m.group) ?? []), m]);
  return [...groups.entries()].map(([group, items]) => ({
    type: 'group' as const,
    key: `group:${group}`,
    label: group,
    children: items.map((m) => ({ key: m.path, icon: ICONS[m.key] ?? <AppstoreOutlined />, label: m.label })),
  }));
}

/** The menu path that best matches the current location ('/' only matches itself). */
function selectedPath(menu: MenuItem[], pathname: string): string[] {
  let best: string | null = null;
  for (const m of menu) {
    const hit = m.path === '/' ? pathname === '/' : pathname === m.path || pathname.startsWith(`${m.path}/`);
    if (hit && (!best || m.path.length > best.length)) best = m.path;
  }
  return best ? [best] : [];
}

function Logo({ compact }: { compact?: boolean }) {
  return (
    <div
      style={{
        height: 56,
        display: 'flex',
        alignItems: 'center',
        justifyContent: compact ? 'center' : 'flex-start',
        gap: 10,
        padding: compact ? 0 : '0 20px',
        fontWeight: 600,
        fontSize: 16,
        whiteSpace: 'nowrap',
        overflow: 'hidden',
      }}
    >
      <span
        aria-hidden
        style={{
          width: 28,
          height: 28,
          borderRadius: 6,
          background: '#b71c1c',
          color: '#fff',
          display: 'inline-flex',
          alignItems: 'center',
          justifyContent: 'center',
          fontSize: 16,
          flex: 'none',
        }}
      >
        法
      </span>
      {!compact && <span>{APP_SUBTITLE}</span>}
    </div>
  );
}

export function Shell() {
  const me = useCurrentUser();
  const screens = Grid.useBreakpoint();
  const narrow = !screens.lg;
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const location = useLocation();
  const navigate = useNavigate();
  const logout = useLogout();
  const { modal } = App.useApp();
  const { token } = theme.useToken();
  useIdleLogout(me.idleTimeoutMinutes);

  const items = useMemo(() => menuItems(me.menu), [me.menu]);
  const selected = selectedPath(me.menu, location.pathname);

  const menu = (
    <Menu
      mode="inline"
      items={items}
      selectedKeys={selected}
      onClick={({ key }) => {
        setDrawerOpen(false);
        navigate(key);
      }}
      style={{ borderInlineEnd: 'none' }}
    />
  );

  const userMenu: MenuProps = {
    items: [
      { key: 'password', icon: <KeyOutlined />, label: '修改密码' },
      { type: 'divider' },
      { key: 'logout', icon: <LogoutOutlined />, label: '退出登录' },
      { key: 'logout-all', icon: <StopOutlined />, label: '退出全部会话' },
    ],
    onClick: ({ key }) => {
      if (key === 'password') navigate('/account/password');
      else if (key === 'logout') void logout(false);
      else if (key === 'logout-all') {
        modal.confirm({
          title: '退出全部会话',
          content: '将结束您在所有浏览器和设备上的登录会话，包括当前这一个。确定继续吗？',
          okText: '全部退出',
          cancelText: '取消',
          onOk: () => logout(true),
        });
      }
    },
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {me.demo && (
        <Alert banner type="warning" title={DEMO_TEXT} data-testid="demo-banner" className="fz-shell-banner" />
      )}
      <Layout hasSider={!narrow}>
        {!narrow && (
          <Layout.Sider
            className="fz-shell-sider"
            theme="light"
            width={208}
            collapsedWidth={64}
            collapsed={collapsed}
            trigger={null}
            style={{ borderInlineEnd: `1px solid ${token.colorBorderSecondary}` }}
          >
            <Logo compact={collapsed} />
            <nav aria-label="主菜单">{menu}</nav>
          </Layout.Sider>
        )}
        <Layout className="fz-content">
          <Layout.Header
            className="fz-shell-header"
            style={{
              background: token.colorBgContainer,
              borderBottom: `1px solid ${token.colorBorderSecondary}`,
              padding: '0 12px',
              height: 56,
              lineHeight: '56px',
            }}
          >
            <Button
              type="text"
              aria-label={narrow ? '打开菜单' : collapsed ? '展开菜单' : '收起菜单'}
              icon={narrow ? <MenuOutlined /> : collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
              onClick={() => (narrow ? setDrawerOpen(true) : setCollapsed((c) => !c))}
            />
            <div
              style={{
                flex: 1,
                minWidth: 0,
                fontSize: narrow ? 15 : 16,
                fontWeight: 600,
                overflow: 'hidden',
                textOverflow: 'ellipsis',
                whiteSpace: 'nowrap',
              }}
            >
              {APP_TITLE}
            </div>
            <Dropdown menu={userMenu} trigger={['click']} placement="bottomRight">
              <Button type="text" data-testid="user-menu" style={{ height: 40, paddingInline: 8 }}>
                <Avatar size="small" icon={<UserOutlined />} style={{ background: token.colorPrimary }} />
                {screens.sm && <span style={{ marginInlineStart: 4 }}>{me.displayName}</span>}
                <DownOutlined style={{ fontSize: 10 }} />
              </Button>
            </Dropdown>
          </Layout.Header>
          <Layout.Content className="fz-shell-main" style={{ padding: narrow ? 12 : 20, minWidth: 0 }}>
            <Suspense fallback={<FullPageSpin />}>
              <Outlet />
            </Suspense>
          </Layout.Content>
        </Layout>
      </Layout>
      {narrow && (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={240}
          title={<Logo />}
          closable={false}
          styles={{ body: { padding: 0 }, header: { padding: 0 } }}
        >
          <nav aria-label="主菜单">{menu}</nav>
        </Drawer>
      )}
    </Layout>
  );
}
