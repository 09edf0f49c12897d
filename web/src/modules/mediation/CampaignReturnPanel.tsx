import {
  CheckCircleOutlined,
  DeleteOutlined,
  DownloadOutlined,
  EditOutlined,
  PlusOutlined,
  RollbackOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import type { ImportResult } from '@fazhi/domain';
import type { EntryView, ReturnDetail } from '@fazhi/domain/api/campaigns';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Descriptions,
  Empty,
  Input,
  Popconfirm,
  Progress,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { ApiError, api, download, errorMessage, upload } from '../../api.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { fmtInstant } from '../../components/format.ts';
import { CampaignEntryModal } from './CampaignEntryModal.tsx';
import { useCampaignRefresh, useCampaignReturn } from './campaignsApi.ts';

const MAX_BYTES = 20 * 1024 * 1024;

export function ReturnStateTag({ r }: { r: ReturnDetail['return'] }) {
  const color = r.state === 'returned' ? 'success' : r.state === 'overdue' ? 'error' : 'default';
  return (
    <Space size={4} wrap>
      <Tag color={color}>{r.stateLabel}</Tag>
      {r.nilReturn && <Tag>零报告</Tag>}
      {r.late && <Typography.Text type="warning">逾期上报</Typography.Text>}
    </Space>
  );
}

/** A 4xx whose details carry the row errors (422 from the import) is shown like a result. */
function resultFromError(e: unknown): ImportResult | null {
  if (!(e instanceof ApiError) || !Array.isArray(e.details?.errors)) return null;
  return {
    imported: typeof e.details.imported === 'number' ? e.details.imported : 0,
    failed: typeof e.details.failed === 'number' ? e.details.failed : 0,
    errors: e.details.errors as ImportResult['errors'],
  };
}

/**
 * One village's return: its entries, and for whoever may fill it (the village, or the
 * centre on its behalf) 登记 / Excel / 零报告 / 上报 / 撤回上报.
 */
export function CampaignReturnPanel({ returnId }: { returnId: string }) {
  const { message, modal } = App.useApp();
  const q = useCampaignReturn(returnId);
  const refresh = useCampaignRefresh();
  const [editing, setEditing] = useState<EntryView | null | 'new'>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [partial, setPartial] = useState(false);
  const [percent, setPercent] = useState<number | null>(null);
  const [imported, setImported] = useState<{ file: File; result: ImportResult; partial: boolean } | null>(null);

  if (q.error && !q.data) return <ErrorResult error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <Skeleton active />;
  const { campaign, return: ret, entries } = q.data;
  const open = campaign.status === 'open';
  const editable = ret.canWrite && open && ret.status === 'pending';

  const run = async (key: string, fn: () => Promise<unknown>, done: string) => {
    setBusy(key);
    try {
      await fn();
      void message.success(done);
      refresh();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) refresh();
      void message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const submit = (nil: boolean) => {
    if (nil) {
      let note = '';
      modal.confirm({
        title: '零报告',
        content: (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <span>确认本村（社区）在本次排查中未发现矛盾纠纷？</span>
            <Input.TextArea
              rows={2}
              maxLength={500}
              placeholder="本村未发现矛盾纠纷"
              onChange={(e) => {
                note = e.target.value;
              }}
            />
          </Space>
        ),
        okText: '确认零报告',
        onOk: () =>
          run(
            'nil',
            () =>
              api.post(`/api/campaign-returns/${returnId}/submit`, {
                nil: true,
                version: ret.version,
                ...(note.trim() ? { note: note.trim() } : {}),
              }),
            '已作零报告',
          ),
      });
      return;
    }
    void run(
      'submit',
      () => api.post(`/api/campaign-returns/${returnId}/submit`, { nil: false, version: ret.version }),
      `已上报 ${entries.length} 条矛盾纠纷`,
    );
  };

  const formOf = (f: File) => {
    const form = new FormData();
    form.append('file', f, f.name);
    return form;
  };

  const runImport = async (f: File, asPartial: boolean) => {
    setImported(null);
    setPercent(0);
    try {
      const r = await upload<ImportResult>(`/api/campaign-returns/${returnId}/import`, formOf(f), {
        query: { partial: asPartial ? 1 : 0 },
        onProgress: setPercent,
      });
      setImported({ file: f, result: r, partial: asPartial });
      if (r.imported > 0) {
        void message.success(`已导入 ${r.imported} 条`);
        refresh();
      }
    } catch (e) {
      const r = resultFromError(e);
      if (r) setImported({ file: f, result: r, partial: asPartial });
      else void message.error(errorMessage(e));
    } finally {
      setPercent(null);
    }
  };

  const entryColumns = [
    { title: '发现日期', dataIndex: 'foundOn', width: 100 },
    { title: '类型', dataIndex: 'disputeTypeLabel', width: 96 },
    { title: '当事人', dataIndex: 'partyNames', width: 140, ellipsis: true },
    { title: '简要情况', dataIndex: 'summary', ellipsis: true },
    {
      title: '状态',
      key: 'status',
      width: 196,
      render: (_: unknown, e: EntryView) =>
        e.status === 'converted' ? <Tag color="success">已转案 {e.caseNumber}</Tag> : <Tag>{e.statusLabel}</Tag>,
    },
    ...(editable
      ? [
          {
            title: '操作',
            key: 'op',
            width: 120,
            render: (_: unknown, e: EntryView) =>
              e.status === 'new' ? (
                <Space size={0}>
                  <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(e)}>
                    修改
                  </Button>
                  <Popconfirm
                    title="删除这条纠纷？"
                    okText="删除"
                    okButtonProps={{ danger: true }}
                    onConfirm={() =>
                      run('del', () => api.delete(`/api/campaign-entries/${e.id}?version=${e.version}`), '已删除')
                    }
                  >
                    <Button type="link" size="small" danger icon={<DeleteOutlined />} aria-label="删除" />
                  </Popconfirm>
                </Space>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="return-panel">
      <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered>
        <Descriptions.Item label="村（社区）">{ret.unitName}</Descriptions.Item>
        <Descriptions.Item label="上报状态">
          <ReturnStateTag r={ret} />
        </Descriptions.Item>
        <Descriptions.Item label="上报截止">{campaign.dueOn}</Descriptions.Item>
        <Descriptions.Item label="上报人">
          {ret.returnedByName ? `${ret.returnedByName}（${fmtInstant(ret.returnedAt)}）` : '—'}
        </Descriptions.Item>
        {ret.note && (
          <Descriptions.Item label="说明" span={2}>
            {ret.note}
          </Descriptions.Item>
        )}
      </Descriptions>
      {ret.canWrite && open && (
        <Space wrap>
          {editable && (
            <>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="entry-new">
                登记纠纷
              </Button>
              <Button
                icon={<DownloadOutlined />}
                loading={busy === 'template'}
                onClick={() =>
                  void run(
                    'template',
                    () => download(`/api/campaign-returns/${returnId}/template.xlsx`, undefined, '排查登记表.xlsx'),
                    '模板已下载',
                  )
                }
              >
                下载Excel模板
              </Button>
              <Upload
                accept=".xlsx"
                showUploadList={false}
                disabled={percent !== null}
                beforeUpload={(f) => {
                  if (!f.name.toLowerCase().endsWith('.xlsx')) {
                    void message.error('请上传 .xlsx 格式的 Excel 文件');
                    return Upload.LIST_IGNORE;
                  }
                  if (f.size > MAX_BYTES) {
                    void message.error('文件超过 20 MB');
                    return Upload.LIST_IGNORE;
                  }
                  void runImport(f, partial);
                  return false;
                }}
              >
                <Button icon={<UploadOutlined />} data-testid="entry-upload">
                  上传登记表
                </Button>
              </Upload>
              <Checkbox checked={partial} onChange={(e) => setPartial(e.target.checked)}>
                仅导入正确的行
              </Checkbox>
            </>
          )}
          {editable && entries.length > 0 && (
            <Button
              type="primary"
              ghost
              icon={<CheckCircleOutlined />}
              loading={busy === 'submit'}
              onClick={() => submit(false)}
              data-testid="return-submit"
            >
              上报（{entries.length} 条）
            </Button>
          )}
          {editable && entries.length === 0 && (
            <Button loading={busy === 'nil'} onClick={() => submit(true)} data-testid="return-nil">
              零报告（本村未发现矛盾纠纷）
            </Button>
          )}
          {ret.status === 'returned' && (
            <Popconfirm
              title="撤回上报后可补报或更正，改好后请重新上报。"
              okText="撤回"
              onConfirm={() =>
                run(
                  'reopen',
                  () => api.post(`/api/campaign-returns/${returnId}/reopen`, { version: ret.version }),
                  '已撤回上报',
                )
              }
            >
              <Button icon={<RollbackOutlined />} loading={busy === 'reopen'}>
                撤回上报
              </Button>
            </Popconfirm>
          )}
        </Space>
      )}
      {percent !== null && <Progress percent={percent} size="small" status="active" />}
      {imported && imported.result.errors.length > 0 && (
        <Alert
          type={imported.result.imported > 0 ? 'warning' : 'error'}
          showIcon
          closable
          onClose={() => setImported(null)}
          title={
            imported.result.imported > 0
              ? `已导入 ${imported.result.imported} 条；${imported.result.failed} 行有错误，未导入`
              : `${imported.result.failed} 行有错误，本次未导入任何数据`
          }
          description={
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Table
                size="small"
                rowKey={(r) => `${r.row}-${r.column}-${r.message}`}
                pagination={false}
                dataSource={imported.result.errors.slice(0, 20)}
                columns={[
                  { title: '行', dataIndex: 'row', width: 50 },
                  { title: '列', dataIndex: 'column', width: 130 },
                  { title: '错误说明', dataIndex: 'message' },
                ]}
              />
              <Space wrap>
                <Button
                  size="small"
                  icon={<DownloadOutlined />}
                  onClick={() =>
                    void download(
                      `/api/campaign-returns/${returnId}/import`,
                      { partial: 0, report: 'xlsx' },
                      '排查登记表错误报告.xlsx',
                      { method: 'POST', form: formOf(imported.file) },
                    ).catch((e: unknown) => void message.error(errorMessage(e)))
                  }
                >
                  下载错误报告
                </Button>
                {!imported.partial && (
                  <Button size="small" onClick={() => void runImport(imported.file, true)}>
                    仅导入其中正确的行
                  </Button>
                )}
              </Space>
            </Space>
          }
        />
      )}
      <Table<EntryView>
        rowKey="id"
        size="small"
        columns={entryColumns}
        dataSource={entries}
        loading={q.isFetching && !q.data}
        pagination={false}
        tableLayout="fixed"
        scroll={{ x: 720 }}
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={ret.nilReturn ? '零报告：本村未发现矛盾纠纷' : '尚未登记排查发现的矛盾纠纷'}
            />
          ),
        }}
        data-testid="return-entries"
      />
      <CampaignEntryModal
        open={editing !== null}
        returnId={returnId}
        entry={editing === 'new' ? null : editing}
        minDate={campaign.periodStart}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          refresh();
        }}
      />
    </Space>
  );
}
