import type { RoleAssignment } from '@fazhi/domain/api/platform';
import { Button, Card, Col, Empty, Row, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect } from 'react';
import { Link } from 'react-router';
import { hasPermission, useCurrentUser } from '../../app/auth.ts';
import { hasInbox, rememberInbox } from '../cases/casesApi.ts';
import { InboxCard } from '../cases/InboxCard.tsx';
import { ReportReminder } from '../report/ReportReminder.tsx';

function greeting(hour: number): string {
  if (hour < 5) return '夜深了';
  if (hour < 9) return '早上好';
  if (hour < 12) return '上午好';
  if (hour < 14) return '中午好';
  if (hour < 18) return '下午好';
  return '晚上好';
}

export function HomePage() {
  const me = useCurrentUser();
  const now = dayjs();
  const shortcuts = me.menu.filter((m) => m.path !== '/');
  const canSeeCases = hasInbox(me);
  useEffect(() => rememberInbox(me), [me]);
  // The offices that write sections of the annual report, and the leader who approves it.
  const writesReport = hasPermission(me, 'report:write') || hasPermission(me, 'report:approve');

  return (
    <div>
      <Card style={{ marginBottom: 16 }}>
        <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }} data-testid="greeting">
          {greeting(now.hour())}，{me.displayName}
        </Typography.Title>
        <Typography.Text type="secondary">{now.format('YYYY年M月D日 dddd')}</Typography.Text>
      </Card>
      {writesReport && <ReportReminder />}
      <Row gutter={[16, 16]}>
        {canSeeCases && (
          <Col span={24}>
            <InboxCard />
          </Col>
        )}
        <Col span={24}>
          <Card title="我的角色与数据范围">
            {me.roles.length === 0 ? (
              <Empty description="尚未分配角色，请联系系统管理员" />
            ) : (
              <Table<RoleAssignment>
                size="small"
                pagination={false}
                rowKey={(r) => `${r.role}-${r.unitId}-${r.scope}`}
                dataSource={me.roles}
                scroll={{ x: 'max-content' }}
                columns={[
                  { title: '角色', dataIndex: 'roleLabel', render: (v: string) => <Tag color="blue">{v}</Tag> },
                  { title: '所在单位', dataIndex: 'unitName' },
                  { title: '数据范围', dataIndex: 'scopeLabel' },
                ]}
              />
            )}
          </Card>
        </Col>
        {shortcuts.length > 0 && (
          <Col span={24}>
            <Card title="快捷入口">
              <Space wrap>
                {shortcuts.map((m) => (
                  <Link key={m.key} to={m.path}>
                    <Button>{m.label}</Button>
                  </Link>
                ))}
              </Space>
            </Card>
          </Col>
        )}
      </Row>
    </div>
  );
}
