import { useQueries } from '@tanstack/react-query';
import { Alert, Card, Descriptions, Empty, Skeleton, Space, Tag } from 'antd';
import { errorMessage } from '../../api.ts';
import { useCurrentUser } from '../../app/auth.ts';
import { detailKey, fetchDetail } from '../admin/org/orgApi.ts';

/** The org units the user holds roles in, read-only. */
export function MyUnitPage() {
  const me = useCurrentUser();
  const unitIds = [...new Set(me.roles.map((r) => r.unitId))];
  const details = useQueries({
    queries: unitIds.map((id) => ({ queryKey: detailKey(id), queryFn: () => fetchDetail(id) })),
  });

  return (
    <div>
      <h1 className="fz-page-title">我的单位</h1>
      {unitIds.length === 0 && (
        <Card>
          <Empty description="您尚未被分配到任何单位" />
        </Card>
      )}
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        {unitIds.map((id, i) => {
          const q = details[i];
          const myRoles = me.roles.filter((r) => r.unitId === id);
          const title = q?.data?.name ?? myRoles[0]?.unitName ?? `单位 ${id}`;
          return (
            <Card key={id} title={title} data-testid={`unit-card-${id}`}>
              {q?.isPending && <Skeleton active paragraph={{ rows: 3 }} />}
              {q?.error && <Alert type="error" showIcon title={errorMessage(q.error)} />}
              {q?.data && (
                <Descriptions
                  column={{ xs: 1, sm: 2, lg: 3 }}
                  size="small"
                  items={[
                    { key: 'name', label: '单位名称', children: q.data.name },
                    { key: 'kind', label: '单位类型', children: q.data.kindLabel },
                    { key: 'parent', label: '上级单位', children: q.data.parentName ?? '—' },
                    { key: 'code', label: '统计用区划代码', children: q.data.code ?? '—' },
                    { key: 'children', label: '下级单位数', children: q.data.childCount },
                    { key: 'users', label: '用户数', children: q.data.userCount },
                    {
                      key: 'roles',
                      label: '我在本单位的角色',
                      span: 'filled',
                      children: (
                        <Space wrap size={[4, 4]}>
                          {myRoles.map((r) => (
                            <Tag key={`${r.role}-${r.scope}`} color="blue">
                              {r.roleLabel}（{r.scopeLabel}）
                            </Tag>
                          ))}
                        </Space>
                      ),
                    },
                  ]}
                />
              )}
            </Card>
          );
        })}
      </Space>
    </div>
  );
}
