import type { PowerView } from '@fazhi/domain/api/enforcement';
import { Grid, List, Table, Typography } from 'antd';
import { fineRange } from './labels.ts';

/** The 裁量基准 of one matter, lightest first. */
export function DiscretionTable({ levels }: { levels: PowerView['discretion'] }) {
  const phone = !Grid.useBreakpoint().md;
  if (levels.length === 0) return <Typography.Text type="secondary">未设裁量基准</Typography.Text>;
  if (phone) {
    return (
      <List
        size="small"
        dataSource={levels}
        renderItem={(l) => (
          <List.Item style={{ display: 'block', paddingInline: 0 }}>
            <Typography.Text strong>{l.level}</Typography.Text>
            {(l.fineMin !== null || l.fineMax !== null) && (
              <Typography.Text type="secondary"> · {fineRange(l.fineMin, l.fineMax)}</Typography.Text>
            )}
            <div>{l.circumstances}</div>
          </List.Item>
        )}
      />
    );
  }
  return (
    <Table
      size="small"
      rowKey="level"
      pagination={false}
      dataSource={levels}
      columns={[
        { title: '裁量等级', dataIndex: 'level', width: 90 },
        { title: '适用情形', dataIndex: 'circumstances' },
        {
          title: '罚款幅度',
          key: 'range',
          width: 200,
          render: (_, l) => fineRange(l.fineMin, l.fineMax),
        },
      ]}
    />
  );
}
