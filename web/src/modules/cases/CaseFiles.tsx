import {
  DownloadOutlined,
  DownOutlined,
  EditOutlined,
  EyeOutlined,
  FileAddOutlined,
  PrinterOutlined,
  StopOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import type {
  AttachmentView,
  CaseDetail,
  CaseTypeView,
  DocumentView,
  IssueDocumentBody,
  VoidDocumentBody,
} from '@fazhi/domain';
import { useMutation } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Dropdown,
  Form,
  Input,
  Modal,
  Progress,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
  Upload,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { ApiError, api, download, errorMessage, fetchBlob, isApiError, upload } from '../../api.ts';
import { fmtInstant, fmtSize } from '../../components/format.ts';
import { placeFieldErrors, underPrefix } from './formErrors.ts';
import { cleanValues, type JsonSchema, objectProps, SchemaFields, schemaDefaults } from './SchemaForm.tsx';
import { useCaseWrite } from './useCaseWrite.ts';

/**
 * Opens the PDF rendering of an issued document in a new tab. The tab is opened before the
 * request, while the click still counts as a user gesture (popup blockers), and shown a
 * blob URL afterwards: the server's CSP forbids framing (frame-ancestors 'none'), so an
 * in-page iframe cannot show it. Without LibreOffice the server refuses with a Chinese
 * message, which the page shows and the empty tab is closed.
 */
async function openPreview(doc: DocumentView): Promise<void> {
  return openPdf(`/api/documents/${encodeURIComponent(doc.id)}/preview.pdf`, `预览：${doc.title}`);
}

async function openPdf(path: string, title: string): Promise<void> {
  const tab = window.open('', '_blank');
  if (tab) {
    tab.document.title = title;
    tab.document.body.textContent = '正在生成预览，请稍候…';
  }
  try {
    const { blob } = await fetchBlob(path);
    const url = URL.createObjectURL(new Blob([blob], { type: 'application/pdf' }));
    if (tab) tab.location.href = url;
    else window.location.assign(url);
    // The tab has loaded it by then; the blob need not outlive it in this page.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch (e) {
    tab?.close();
    throw e;
  }
}

/**
 * What a document asks the clerk to type, as a JSON Schema: the type's declared
 * `inputSchema`, or (for a server that refused without one being declared) one built from
 * the refusal, whose VALIDATION error names each missing `input.*` field with its Chinese
 * label ('不予受理理由：必填'). Null when the error is about something else.
 */
function schemaFromRefusal(e: unknown): JsonSchema | null {
  if (!(e instanceof ApiError) || e.fields.length === 0) return null;
  const properties: Record<string, JsonSchema> = {};
  for (const f of e.fields) {
    const m = /^input\.([^.]+)/.exec(f.path);
    if (!m?.[1]) return null;
    if (properties[m[1]]) continue;
    const colon = f.message.indexOf('：');
    properties[m[1]] = { type: 'string', maxLength: 2000, description: colon > 0 ? f.message.slice(0, colon) : m[1] };
  }
  return { type: 'object', properties, required: Object.keys(properties) };
}

function hasProps(schema: JsonSchema | null | undefined): schema is JsonSchema {
  return objectProps(schema).length > 0;
}

interface Asking {
  kind: string;
  title: string;
  schema: JsonSchema;
  /** A corrected copy: the voided document it replaces. */
  replaces?: DocumentView;
}

/**
 * The name a document downloads under: its 文号, else the case number, then the title
 * (湾调〔2026〕13号-调解笔录.docx), as the server's Content-Disposition says.
 */
export function documentFileName(d: DocumentView, caseNumber: string, ext = 'docx'): string {
  return `${d.number ?? caseNumber}-${d.title}${d.voided ? '（作废）' : ''}.${ext}`.replace(/[\\/:*?"<>|]/g, '_');
}

/** 作废: the reason is required; the number stays in the register, marked 作废. */
function VoidModal({ c, doc, onClose }: { c: CaseDetail; doc: DocumentView; onClose: () => void }) {
  const [form] = Form.useForm<{ reason: string }>();
  const { message } = App.useApp();
  const { applied, conflict } = useCaseWrite(c.id);
  const [problem, setProblem] = useState<string | null>(null);
  const label = `《${doc.title}》${doc.number ?? ''}`;
  const voiding = useMutation({
    mutationFn: (body: VoidDocumentBody) =>
      api.post<CaseDetail>(`/api/documents/${encodeURIComponent(doc.id)}/void`, body),
    onSuccess: (next) => {
      applied(next);
      void message.success(`已作废${label}`);
      onClose();
    },
    onError: (e) => {
      if (conflict(e)) {
        onClose();
        return;
      }
      setProblem(errorMessage(e));
    },
  });
  return (
    <Modal
      open
      title={`作废${label}`}
      onCancel={onClose}
      destroyOnHidden
      mask={{ closable: false }}
      okText="作废"
      okButtonProps={{ danger: true, 'data-testid': 'doc-void-ok' }}
      cancelText="取消"
      confirmLoading={voiding.isPending}
      onOk={() => form.submit()}
    >
      <Typography.Paragraph type="secondary">
        作废后文号保留在登记簿中并注明作废；文书不再作为办理依据，依赖它的办理环节将重新锁定。需要更正的，请作废后出具更正文书（新文号）。
      </Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        name="voidDocument"
        onFinish={(v) => {
          setProblem(null);
          voiding.mutate({ version: c.version, reason: v.reason.trim() });
        }}
      >
        <Form.Item
          name="reason"
          label="作废原因"
          rules={[{ required: true, whitespace: true, message: '请填写作废原因' }]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount data-testid="doc-void-reason" />
        </Form.Item>
      </Form>
      {problem && <Alert type="error" showIcon title={problem} />}
    </Modal>
  );
}

/** The form for a document that needs the clerk's words (a reason, a record's content) before it is issued. */
function DocInputModal({ c, asking, onClose }: { c: CaseDetail; asking: Asking; onClose: () => void }) {
  const [form] = Form.useForm<{ input?: Record<string, unknown> }>();
  const { message } = App.useApp();
  const { applied, conflict } = useCaseWrite(c.id);
  const [problem, setProblem] = useState<string | null>(null);
  const props = useMemo(() => objectProps(asking.schema), [asking.schema]);
  const keys = props.map((p) => p.key);
  const anyRequired = props.some((p) => p.required);
  const issue = useMutation({
    mutationFn: (body: IssueDocumentBody) =>
      api.post<CaseDetail>(`/api/cases/${encodeURIComponent(c.id)}/documents`, body),
    onSuccess: (next) => {
      applied(next);
      void message.success(`已出具《${asking.title}》`);
      onClose();
    },
    onError: (e) => {
      if (conflict(e)) {
        onClose();
        return;
      }
      const unplaced = placeFieldErrors(form, e, underPrefix('input', keys));
      const placedAll = isApiError(e) && e.fields.length > 0 && unplaced.length === 0;
      setProblem(placedAll ? null : unplaced.join('；') || errorMessage(e));
    },
  });
  return (
    <Modal
      open
      title={asking.replaces ? `更正出具《${asking.title}》` : `出具《${asking.title}》`}
      onCancel={onClose}
      destroyOnHidden
      mask={{ closable: false }}
      okText="出具"
      cancelText="取消"
      confirmLoading={issue.isPending}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': 'doc-input-ok' }}
    >
      <Form
        form={form}
        name="docInput"
        layout="vertical"
        preserve={false}
        initialValues={{ input: schemaDefaults(asking.schema) }}
        onFinish={(v) => {
          setProblem(null);
          issue.mutate({
            version: c.version,
            kind: asking.kind,
            input: cleanValues(asking.schema, v.input),
            ...(asking.replaces ? { replaces: asking.replaces.id } : {}),
          });
        }}
        data-testid="doc-input-form"
      >
        <Typography.Paragraph type="secondary">
          {anyRequired
            ? '请填写文书内容。将按本案当前信息和所填内容生成文书并编号，出具后不可撤回。'
            : '以下内容均为选填：填写的写入文书，未填写的留出横线，打印后手写。文书出具后编号，不可撤回。'}
        </Typography.Paragraph>
        <SchemaFields schema={asking.schema} name={['input']} />
        {problem && <Alert type="error" showIcon title={problem} />}
      </Form>
    </Modal>
  );
}

/** 文书: issued official documents (.docx), and the ones this user may issue now. */
export function DocumentsCard({ c, type }: { c: CaseDetail; type: CaseTypeView | undefined }) {
  const { message, modal } = App.useApp();
  const { applied, conflict } = useCaseWrite(c.id);
  const [previewing, setPreviewing] = useState<string | null>(null);
  const [asking, setAsking] = useState<Asking | null>(null);
  const [downloading, setDownloading] = useState<string | null>(null);
  const [voiding, setVoiding] = useState<DocumentView | null>(null);
  const [printing, setPrinting] = useState(false);
  const valid = c.documents.filter((d) => !d.voided).length;

  const issue = useMutation({
    mutationFn: (body: IssueDocumentBody) =>
      api.post<CaseDetail>(`/api/cases/${encodeURIComponent(c.id)}/documents`, body),
    onSuccess: (next, body) => {
      applied(next);
      const title = type?.documents.find((d) => d.kind === body.kind)?.title ?? '文书';
      void message.success(`已出具《${title}》`);
    },
    onError: (e, body) => {
      if (conflict(e)) return;
      // The type declared no input, yet the template asked for some: ask now rather than fail.
      const schema = schemaFromRefusal(e);
      if (schema) {
        const title = type?.documents.find((d) => d.kind === body.kind)?.title ?? '文书';
        const replaces = c.documents.find((d) => d.id === body.replaces);
        setAsking({ kind: body.kind, title, schema, ...(replaces ? { replaces } : {}) });
        return;
      }
      void message.error(errorMessage(e));
    },
  });

  const startIssue = (kind: string, replaces?: DocumentView) => {
    const title = replaces?.title ?? c.issuable.find((x) => x.kind === kind)?.title;
    if (!title) return;
    const schema = type?.documents.find((x) => x.kind === kind)?.inputSchema;
    if (hasProps(schema)) {
      setAsking({ kind, title, schema, ...(replaces ? { replaces } : {}) });
      return;
    }
    modal.confirm({
      title: replaces ? `更正出具《${title}》` : `出具《${title}》`,
      content: replaces
        ? `将出具新的《${title}》（新文号），替换已作废的${replaces.number ?? '原文书'}。确定出具吗？`
        : '将按本案当前信息生成文书并编号，出具后不可撤回。确定出具吗？',
      okText: '出具',
      cancelText: '取消',
      okButtonProps: { 'data-testid': 'doc-issue-ok' },
      onOk: () =>
        issue
          .mutateAsync({ version: c.version, kind, ...(replaces ? { replaces: replaces.id } : {}) })
          .catch(() => undefined),
    });
  };

  const doDownload = async (d: DocumentView) => {
    setDownloading(d.id);
    try {
      await download(`/api/documents/${encodeURIComponent(d.id)}/file`, undefined, documentFileName(d, c.number));
    } catch (e) {
      void message.error(errorMessage(e));
    } finally {
      setDownloading(null);
    }
  };

  const numberOf = (id: string | null) => {
    const d = id ? c.documents.find((x) => x.id === id) : undefined;
    return d ? (d.number ?? `《${d.title}》`) : null;
  };
  const columns: ColumnsType<DocumentView> = [
    {
      title: '文书',
      dataIndex: 'title',
      // The card is narrow beside the clocks: the number goes under the title, the issuer under
      // the time, so the table fits without scrolling its columns under the fixed 操作 column.
      render: (v: string, d) => (
        <>
          <Space size={4} wrap>
            <Typography.Text delete={!!d.voided} type={d.voided ? 'secondary' : undefined}>
              《{v}》
            </Typography.Text>
            {d.voided && (
              <Tooltip
                title={`${d.voided.byName} 于 ${fmtInstant(d.voided.at)} 作废。原因：${d.voided.reason}${
                  d.replacedById ? `；已由${numberOf(d.replacedById)}更正` : ''
                }`}
              >
                <Tag color="red" data-testid={`doc-voided-${d.id}`}>
                  作废
                </Tag>
              </Tooltip>
            )}
            {d.replacesId && (
              <Tooltip title={`更正并替换已作废的${numberOf(d.replacesId)}`}>
                <Tag>更正</Tag>
              </Tooltip>
            )}
          </Space>
          <Typography.Text
            type="secondary"
            delete={!!d.voided}
            style={{ display: 'block', fontSize: 12 }}
            data-testid={`doc-number-${d.id}`}
          >
            {d.number ?? '无文号'}
          </Typography.Text>
        </>
      ),
    },
    {
      title: '出具',
      dataIndex: 'issuedAt',
      width: 136,
      render: (v: string, d) => (
        <>
          {fmtInstant(v)}
          <Typography.Text type="secondary" ellipsis style={{ display: 'block', fontSize: 12 }} title={d.issuedByName}>
            {d.issuedByName}
          </Typography.Text>
        </>
      ),
    },
    {
      title: '操作',
      key: 'op',
      width: 176,
      render: (_, d) => (
        <Space size={4} wrap>
          <Button
            size="small"
            type="link"
            icon={<DownloadOutlined />}
            loading={downloading === d.id}
            onClick={() => void doDownload(d)}
            data-testid={`doc-download-${d.kind}`}
          >
            下载
          </Button>
          <Button
            size="small"
            type="link"
            icon={<EyeOutlined />}
            loading={previewing === d.id}
            onClick={() => {
              setPreviewing(d.id);
              openPreview(d)
                .catch((e: unknown) =>
                  message.warning(
                    e instanceof ApiError && e.status === 501
                      ? '服务器未安装文档转换组件，暂不能在线预览，请下载后查看'
                      : errorMessage(e),
                  ),
                )
                .finally(() => setPreviewing(null));
            }}
            data-testid={`doc-preview-${d.kind}`}
          >
            预览
          </Button>
          {d.canVoid && (
            <Button
              size="small"
              type="link"
              danger
              icon={<StopOutlined />}
              onClick={() => setVoiding(d)}
              data-testid={`doc-void-${d.id}`}
            >
              作废
            </Button>
          )}
          {d.canCorrect && (
            <Button
              size="small"
              type="link"
              icon={<EditOutlined />}
              onClick={() => startIssue(d.kind, d)}
              data-testid={`doc-correct-${d.id}`}
            >
              出具更正
            </Button>
          )}
        </Space>
      ),
    },
  ];

  const canIssue = c.canWrite && c.issuable.length > 0;
  return (
    <Card
      title={`文书（${c.documents.length}）`}
      size="small"
      extra={
        <Space size={8}>
          {valid > 0 && (
            <Tooltip title="将全部未作废的文书合并为一个 PDF，便于一次打印">
              <Button
                size="small"
                icon={<PrinterOutlined />}
                loading={printing}
                onClick={() => {
                  setPrinting(true);
                  openPdf(`/api/cases/${encodeURIComponent(c.id)}/documents.pdf`, `${c.number} 现行文书`)
                    .catch((e: unknown) => message.warning(errorMessage(e)))
                    .finally(() => setPrinting(false));
                }}
                data-testid="doc-print-all"
              >
                打印全部文书
              </Button>
            </Tooltip>
          )}
          {canIssue ? (
            <Dropdown
              trigger={['click']}
              menu={{
                items: c.issuable.map((d) => ({
                  key: d.kind,
                  label: <span data-testid={`doc-issue-${d.kind}`}>《{d.title}》</span>,
                })),
                onClick: ({ key }) => startIssue(key),
              }}
            >
              <Button size="small" icon={<FileAddOutlined />} loading={issue.isPending} data-testid="doc-issue">
                出具文书 <DownOutlined style={{ fontSize: 10 }} />
              </Button>
            </Dropdown>
          ) : null}
        </Space>
      }
    >
      <Table<DocumentView>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={c.documents}
        pagination={false}
        tableLayout="fixed"
        scroll={{ x: 480 }}
        locale={{ emptyText: '尚未出具文书' }}
        data-testid="document-table"
      />
      {asking && <DocInputModal key={asking.kind} c={c} asking={asking} onClose={() => setAsking(null)} />}
      {voiding && <VoidModal key={voiding.id} c={c} doc={voiding} onClose={() => setVoiding(null)} />}
    </Card>
  );
}

const MAX_BYTES = 20 * 1024 * 1024;
const ACCEPT = '.pdf,.jpg,.jpeg,.png,.docx,.xlsx,.doc,.xls,.mp3,.m4a,.mp4,.txt';
const ALLOWED_EXT = new Set(ACCEPT.split(',').map((e) => e.slice(1)));

interface Pending {
  uid: string;
  name: string;
  percent: number;
}

/** 附件: files the clerk attaches (scans, photos, recordings), uploaded with a progress bar. */
export function AttachmentsCard({ c }: { c: CaseDetail }) {
  const { message } = App.useApp();
  const { refresh } = useCaseWrite(c.id);
  const [pending, setPending] = useState<Pending[]>([]);
  const [downloading, setDownloading] = useState<string | null>(null);

  const setPercent = (uid: string, percent: number) =>
    setPending((list) => list.map((p) => (p.uid === uid ? { ...p, percent } : p)));

  const send = async (file: File, uid: string) => {
    setPending((list) => [...list, { uid, name: file.name, percent: 0 }]);
    try {
      const form = new FormData();
      form.append('file', file, file.name);
      await upload<AttachmentView>(`/api/cases/${encodeURIComponent(c.id)}/attachments`, form, {
        onProgress: (p) => setPercent(uid, p),
      });
      void message.success(`已上传「${file.name}」`);
      await refresh();
    } catch (e) {
      void message.error(`「${file.name}」上传失败：${errorMessage(e)}`);
    } finally {
      setPending((list) => list.filter((p) => p.uid !== uid));
    }
  };

  const doDownload = async (a: AttachmentView) => {
    setDownloading(a.id);
    try {
      await download(`/api/attachments/${encodeURIComponent(a.id)}/file`, undefined, a.name);
    } catch (e) {
      void message.error(errorMessage(e));
    } finally {
      setDownloading(null);
    }
  };

  const columns: ColumnsType<AttachmentView> = [
    { title: '文件名', dataIndex: 'name', width: 200, ellipsis: true },
    { title: '大小', dataIndex: 'size', width: 90, render: (v: number) => fmtSize(v) },
    { title: '上传人', dataIndex: 'uploadedByName', width: 90, ellipsis: true },
    { title: '上传时间', dataIndex: 'uploadedAt', width: 130, render: (v: string) => fmtInstant(v) },
    {
      title: '操作',
      key: 'op',
      width: 90,
      render: (_, a) => (
        <Button
          size="small"
          type="link"
          icon={<DownloadOutlined />}
          loading={downloading === a.id}
          onClick={() => void doDownload(a)}
          data-testid={`attachment-download-${a.id}`}
        >
          下载
        </Button>
      ),
    },
  ];

  return (
    <Card
      title={`附件（${c.attachments.length}）`}
      size="small"
      extra={
        c.canWrite ? (
          <div data-testid="attachment-upload">
            <Upload
              accept={ACCEPT}
              multiple
              showUploadList={false}
              beforeUpload={(file) => {
                const ext = file.name.includes('.') ? file.name.split('.').pop()!.toLowerCase() : '';
                if (!ALLOWED_EXT.has(ext)) {
                  void message.error(
                    `「${file.name}」的类型不允许上传，仅支持 pdf、jpg、png、doc(x)、xls(x)、mp3、m4a、mp4、txt`,
                  );
                  return Upload.LIST_IGNORE;
                }
                if (file.size > MAX_BYTES) {
                  void message.error(`「${file.name}」超过 20 MB，无法上传`);
                  return Upload.LIST_IGNORE;
                }
                return true;
              }}
              customRequest={({ file }) => {
                const f = file as File & { uid?: string };
                void send(f, f.uid ?? `${Date.now()}-${f.name}`);
              }}
            >
              <Button size="small" icon={<UploadOutlined />}>
                上传附件
              </Button>
            </Upload>
          </div>
        ) : null
      }
    >
      {pending.length > 0 && (
        <Space orientation="vertical" style={{ width: '100%', marginBottom: 8 }} size={4}>
          {pending.map((p) => (
            <div key={p.uid} data-testid="attachment-progress">
              <Typography.Text ellipsis style={{ maxWidth: '100%' }}>
                正在上传：{p.name}
              </Typography.Text>
              <Progress percent={p.percent} size="small" status="active" />
            </div>
          ))}
        </Space>
      )}
      <Table<AttachmentView>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={c.attachments}
        pagination={false}
        tableLayout="fixed"
        scroll={{ x: 600 }}
        locale={{ emptyText: '暂无附件' }}
        data-testid="attachment-table"
      />
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
        单个文件不超过 20 MB，支持 pdf、jpg、png、doc(x)、xls(x)、mp3、m4a、mp4、txt。
      </Typography.Paragraph>
    </Card>
  );
}
