import type { User } from '@fazhi/domain/api/platform';
import { Space, Tag } from 'antd';
import { fmtInstant, isFuture } from '../../../components/format.ts';

export function isLocked(u: User): boolean {
  return isFuture(u.lockedUntil);
}

export function UserStatus({ user }: { user: User }) {
  const tags = [];
  if (user.disabled) tags.push(<Tag key="disabled">已停用</Tag>);
  if (isLocked(user)) {
    tags.push(
      <Tag key="locked" color="orange">
        锁定至 {fmtInstant(user.lockedUntil).slice(5)}
      </Tag>,
    );
  }
  if (user.mustChangePassword) {
    tags.push(
      <Tag key="must" color="blue">
        待修改初始密码
      </Tag>,
    );
  }
  if (tags.length === 0)
    tags.push(
      <Tag key="ok" color="green">
        正常
      </Tag>,
    );
  return (
    <Space size={[0, 4]} wrap>
      {tags}
    </Space>
  );
}
