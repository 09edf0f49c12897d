import type { PowerView } from '@fazhi/domain/api/enforcement';
import { Table, Typography } from 'antd';
import { fineRange } from './labels.ts';

/** The 裁量基准 of one matter, lightest first. */
export function DiscretionTable({ levels }: { levels: PowerView['discretion'] }) {
  if (levels.length === 0) return <Typography.Text type="secondary">未设裁量基准</Typography.Text>;
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
