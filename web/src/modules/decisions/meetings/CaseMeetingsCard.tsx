/**
 * 集体讨论 on a case's page: the agenda items naming the case, with the meeting that held (or
 * will hold) them and its conclusion. Shown to whoever reads the case; the link to the meeting
 * only to readers of the town's meetings (the server says which: `canOpen`).
 */

import {
  MEETING_CONCLUSION_LABELS,
  MEETING_KIND_LABELS,
  MEETING_STATUS_LABELS,
} from '@fazhi/domain/decisions/meetings';
import { Card, List, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { CaseCardProps } from '../../../app/module.ts';
import { useCaseMeetings } from './meetingsApi.ts';

export function CaseMeetingsCard({ c }: CaseCardProps) {
  const q = useCaseMeetings(c.id);
  const items = q.data?.items ?? [];
  return (
    <Card title="集体讨论" size="small" loading={q.isLoading}>
      {q.isError ? (
        <Typography.Text type="secondary">会议记录暂时无法读取</Typography.Text>
      ) : items.length === 0 ? (
        <Typography.Text type="secondary">尚未列入会议议题：集体讨论须由已召开的会议作出结论。</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={items}
          renderItem={(i) => (
            <List.Item>
              <Space wrap>
                <span>{i.heldOn}</span>
                {i.canOpen ? <Link to={`/meetings/${i.meetingId}`}>{i.title}</Link> : <span>{i.title}</span>}
                <Tag>{MEETING_KIND_LABELS[i.kind]}</Tag>
                {i.status !== 'held' && (
                  <Tag color={i.status === 'planned' ? 'blue' : 'default'}>{MEETING_STATUS_LABELS[i.status]}</Tag>
                )}
                {i.conclusion && (
                  <Tag color={i.conclusion === 'rejected' ? 'red' : 'green'}>
                    {MEETING_CONCLUSION_LABELS[i.conclusion]}
                  </Tag>
                )}
                {i.conclusionText && <Typography.Text type="secondary">{i.conclusionText}</Typography.Text>}
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
