import { ImportOutlined, PlusOutlined } from '@ant-design/icons';
import type { UnitListQuery, UnitView } from '@fazhi/domain/api/safety-units';
import { App, Button, Card, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, errorMessage } from '../../api.ts';
import { ActiveToggle } from '../../components/ActiveToggle.tsx';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { TownPicker } from '../../components/TownPicker.tsx';
import { ImportModal } from './ImportModal.tsx';
import {
  INDUSTRY_OPTIONS,
  industryLabel,
  LICENCE_TAG,
  RISK_OPTIONS,
  riskLabel,
  shortVillage,
  sizeLabel,
} from './labels.ts';
import { UnitDrawer } from './UnitDrawer.tsx';
import { useUnits, useUnitsRefresh } from './unitsApi.ts';

/**
 * 生产经营单位: the units the town inspects (安全生产法 art 9), with their risk class (the plan's
 * frequency follows it), licences ending soon, open hazards and last inspection.
 */
export function UnitsPage() {
  const [q, setQ] = useState<UnitListQuery>({ page: 1, pageSize: 20 });
  const list = useUnits(q);
  const refresh = useUnitsRefresh();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<UnitView | 'new' | null>(null);
  const [importing, setImporting] = useState(false);
  if (list.error && !list.data) return <ErrorResult error={list.error} onRetry={() => list.refetch()} />;
  const data = list.data;
  const canWrite = data?.canWrite ?? false;
  const set = (patch: Partial<UnitListQuery>) => setQ((cur) => ({ ...cur, ...patch, page: patch.page ?? 1 }));

  const setActive = async (u: UnitView, active: boolean) => {
    try {
      await api.post(`/api/safety/units/${u.id}/${active ? 'reactivate' : 'deactivate'}`, { version: u.version });
      message.success(active ? `已恢复 ${u.name}` : `已注销 ${u.name}`);
      await refresh();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const columns: ColumnsType<UnitView> = [
    {
      title: '单位名称',
      dataIndex: 'name',
      fixed: 'left',
      width: 200,
      render: (v: string, u) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/safety/units/${u.id}`}>
            {u.active ? v : <Typography.Text type="secondary">{v}</Typography.Text>}
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12, fontFamily: 'monospace' }}>
            {u.creditCode}
          </Typography.Text>
        </Space>
      ),
    },
    { title: '村（社区）', dataIndex: 'villageName', width: 90, render: (v: string | null) => shortVillage(v) },
    { title: '行业', dataIndex: 'industry', width: 124, render: industryLabel },
    { title: '规模', dataIndex: 'size', width: 110, render: sizeLabel },
    {
      title: '风险',
      dataIndex: 'riskClass',
      width: 64,
      render: (v: string) => <Tag color={v === 'key' ? 'red' : 'default'}>{riskLabel(v)}</Tag>,
    },
    {
      title: '主要负责人',
      key: 'principal',
      width: 130,
      render: (_, u) => (
        <Space orientation="vertical" size={0}>
          <span>{u.principalName}</span>
          {u.principalPhone && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {u.principalPhone}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: '证照',
      dataIndex: 'licenceStatus',
      width: 100,
      render: (st: UnitView['licenceStatus'], u) =>
        u.licences.length === 0 ? (
          '—'
        ) : (
          <Tag color={LICENCE_TAG[st].color}>
            {st === 'valid' ? `${u.licences.length}项有效` : LICENCE_TAG[st].text}
          </Tag>
        ),
    },
    {
      title: '未销号隐患',
      dataIndex: 'openHazards',
      width: 90,
      align: 'right',
      render: (n: number) => (n > 0 ? <Typography.Text type="danger">{n}</Typography.Text> : '0'),
    },
    { title: '最近检查', dataIndex: 'lastInspectedOn', width: 100, render: (v: string | null) => v ?? '—' },
    ...(canWrite
      ? [
          {
            title: '操作',
            key: 'ops',
            width: 104,
            fixed: 'right' as const,
            render: (_: unknown, u: UnitView) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setEditing(u)}>
                  编辑
                </Button>
                <ActiveToggle
                  active={u.active}
                  confirm={`注销 ${u.name}？注销后不再列入检查计划。`}
                  offLabel="注销"
                  onChange={(on) => setActive(u, on)}
                />
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card
      title={`生产经营单位${data ? ` · ${data.town.name}` : ''}`}
      extra={
        <Space>
          <TownPicker
            towns={data?.towns ?? []}
            value={data?.town.id}
            onChange={(townId) => setQ({ townId, page: 1, pageSize: q.pageSize })}
          />
          {canWrite && (
            <>
              <Button icon={<ImportOutlined />} onClick={() => setImporting(true)}>
                批量导入
              </Button>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
                登记单位
              </Button>
            </>
          )}
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          aria-label="搜索"
          placeholder="名称、信用代码、地址或负责人"
          allowClear
          style={{ width: 260 }}
          onSearch={(v) => set({ q: v || undefined })}
        />
        <Select
          aria-label="村（社区）"
          allowClear
          placeholder="村（社区）"
          style={{ width: 130 }}
          value={q.villageId}
          onChange={(v?: string) => set({ villageId: v })}
          options={(data?.villages ?? []).map((v) => ({ value: v.id, label: shortVillage(v.name) }))}
        />
        <Select
          aria-label="行业"
          allowClear
          placeholder="行业"
          style={{ width: 140 }}
          value={q.industry}
          onChange={(v?: UnitListQuery['industry']) => set({ industry: v })}
          options={INDUSTRY_OPTIONS}
        />
        <Select
          aria-label="风险等级"
          allowClear
          placeholder="风险等级"
          style={{ width: 110 }}
          value={q.risk}
          onChange={(v?: UnitListQuery['risk']) => set({ risk: v })}
          options={RISK_OPTIONS}
        />
        <Select
          aria-label="状态"
          style={{ width: 110 }}
          value={q.status ?? 'active'}
          onChange={(v: NonNullable<UnitListQuery['status']>) => set({ status: v })}
          options={[
            { value: 'active', label: '在册' },
            { value: 'inactive', label: '已注销' },
            { value: 'all', label: '全部' },
          ]}
        />
      </Space>
      <Table
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        columns={columns}
        dataSource={data?.items ?? []}
        scroll={{ x: 1100 }}
        pagination={{
          current: data?.page ?? 1,
          pageSize: data?.pageSize ?? 20,
          total: data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (t) => `共 ${t} 个单位`,
          onChange: (page, pageSize) => setQ((cur) => ({ ...cur, page, pageSize })),
        }}
      />
      {editing && data && (
        <UnitDrawer
          unit={editing === 'new' ? null : editing}
          townId={data.town.id}
          villages={data.villages}
          onClose={() => setEditing(null)}
          onSaved={async () => {
            setEditing(null);
            await refresh();
          }}
        />
      )}
      {importing && data && (
        <ImportModal townId={data.town.id} onClose={() => setImporting(false)} onImported={() => void refresh()} />
      )}
    </Card>
  );
}
