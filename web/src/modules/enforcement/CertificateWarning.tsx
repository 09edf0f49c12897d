import { CERTIFICATE_WARNING_DAYS } from '@fazhi/domain/enforcement/officers';
import { List, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { DashboardCardProps } from '../../app/module.ts';
import { useOfficers } from './enforcementApi.ts';

/**
 * 执法证 ending within 30 days (or ended), under 需要关注: an officer whose certificate has ended
 * may not act (行政处罚法 art 55), so the team renews in time. Nothing shows when none is due.
 */
export function CertificateWarning({ townId }: DashboardCardProps) {
  const list = useOfficers(townId || undefined);
  const due = list.data?.expiring ?? [];
  if (due.length === 0) return null;
  return (
    <>
      <Typography.Title level={5} style={{ marginTop: 12 }}>
        执法证到期提醒（{CERTIFICATE_WARNING_DAYS}日内）
      </Typography.Title>
      <List
        size="small"
        dataSource={due}
        renderItem={(o) => (
          <List.Item
            extra={
              <Tag color={o.certificate === 'expired' ? 'red' : 'orange'}>
                {o.certificate === 'expired' ? '已过期' : '将到期'}
              </Tag>
            }
          >
            <Link to="/enforcement/officers">
              {o.name}（{o.certNo}）{o.validUntil} 到期
            </Link>
          </List.Item>
        )}
      />
    </>
  );
}
