/**
 * 复议诉讼: the 行政复议 and 行政诉讼 against the case's decision, with forms to register one
 * and to record its result. Generic: shown when the case's type says its decisions may be
 * challenged (CaseDetail.challengeable); no case type is named here.
 */
import { PlusOutlined } from '@ant-design/icons';
import {
  type CaseDetail,
  CHALLENGE_KIND_LABELS,
  CHALLENGE_KINDS,
  CHALLENGE_RESULT_LABELS,
  CHALLENGE_RESULTS,
  type ChallengeKind,
  type ChallengeResult,
  type ChallengesResponse,
  type ChallengeView,
  type CloseChallengeBody,
  CORRECTING_RESULTS,
  type CreateChallengeBody,
} from '@fazhi/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, errorMessage, isApiError } from '../../api.ts';
import { CASES_KEY } from './casesApi.ts';

const challengesKey = (id: string) => [CASES_KEY, 'challenges', id] as const;

const DATE_RULES = [{ required: true, message: '请选择日期' }];
/** Dates stay 'YYYY-MM-DD' in the form store (as in SchemaForm); the picker gets a dayjs. */
const dateValueProps = (v: unknown) => ({ value: typeof v === 'string' && v ? dayjs(v) : undefined });
const dateNormalize = (d: Dayjs | null) => (d ? d.format('YYYY-MM-DD') : undefined);
const noFuture = (d: Dayjs) => d.isAfter(dayjs(), 'day');

function useSetFieldErrors() {
  const { message } = App.useApp();
  return (form: ReturnType<typeof Form.useForm>[0], e: unknown) => {
    if (isApiError(e) && e.fields.length > 0) {
      form.setFields(e.fields.map((f) => ({ name: f.path, errors: [f.message] })) as never);
    } else message.error(errorMessage(e));
  };
}

function RegisterModal({ c, onClose }: { c: CaseDetail; onClose: () => void }) {
  const [form] = Form.useForm<{
    kind: ChallengeKind;
    receivedOn: string;
    body: string;
    bodyCaseNo?: string;
    note?: string;
  }>();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const fieldErrors = useSetFieldErrors();
  const kind = Form.useWatch('kind', form);
  const add = useMutation({
    mutationFn: (body: CreateChallengeBody) => api.post(`/api/cases/${encodeURIComponent(c.id)}/challenges`, body),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: challengesKey(c.id) });
      message.success('已登记');
      onClose();
    },
    onError: (e) => fieldErrors(form as never, e),
  });
  return (
    <Modal
      open
      title="登记行政复议或行政诉讼"
      okText="登记"
      cancelText="取消"
      confirmLoading={add.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: 'reconsideration' }}
        onFinish={(v) =>
          add.mutate({
            kind: v.kind,
            receivedOn: v.receivedOn,
            body: v.body.trim(),
            ...(v.bodyCaseNo?.trim() ? { bodyCaseNo: v.bodyCaseNo.trim() } : {}),
            ...(v.note?.trim() ? { note: v.note.trim() } : {}),
          })
        }
      >
        <Form.Item name="kind" label="类型" rules={[{ required: true, message: '请选择类型' }]}>
          <Radio.Group
            optionType="button"
            options={CHALLENGE_KINDS.map((k) => ({ value: k, label: CHALLENGE_KIND_LABELS[k] }))}
          />
        </Form.Item>
        <Form.Item
          name="receivedOn"
          label={kind === 'litigation' ? '收到起诉状副本（应诉通知书）日期' : '收到复议申请（答复通知书）日期'}
          rules={DATE_RULES}
          getValueProps={dateValueProps}
          normalize={dateNormalize}
        >
          <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" disabledDate={noFuture} />
        </Form.Item>
        <Form.Item
          name="body"
          label={kind === 'litigation' ? '受理法院' : '复议机关'}
          rules={[
            { required: true, whitespace: true, message: '请填写复议机关或法院' },
            { max: 100, message: '不能超过100字' },
          ]}
        >
          <Input placeholder={kind === 'litigation' ? '如 某县人民法院' : '如 某县人民政府'} maxLength={100} />
        </Form.Item>
        <Form.Item name="bodyCaseNo" label="案号" rules={[{ max: 60, message: '案号不能超过60字' }]}>
          <Input
            placeholder={kind === 'litigation' ? '如（2026）某0101行初12号' : '如 某府复〔2026〕3号'}
            maxLength={60}
          />
        </Form.Item>
        <Form.Item name="note" label="备注" rules={[{ max: 500, message: '备注不能超过500字' }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type HeadChoice = 'yes' | 'no' | 'none';

function CloseModal({ c, ch, onClose }: { c: CaseDetail; ch: ChallengeView; onClose: () => void }) {
  const [form] = Form.useForm<{ result: ChallengeResult; closedOn: string; head?: HeadChoice; note?: string }>();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const fieldErrors = useSetFieldErrors();
  const litigation = ch.kind === 'litigation';
  const save = useMutation({
    mutationFn: (body: CloseChallengeBody) =>
      api.patch(`/api/cases/${encodeURIComponent(c.id)}/challenges/${ch.id}`, body),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: challengesKey(c.id) });
      message.success('已记录结果');
      onClose();
    },
    onError: (e) => {
      if (isApiError(e) && e.fields.some((f) => f.path === 'headAppeared')) {
        form.setFields([
          { name: 'head', errors: e.fields.filter((f) => f.path === 'headAppeared').map((f) => f.message) },
        ]);
      } else fieldErrors(form as never, e);
    },
  });
  const initialHead: HeadChoice | undefined =
    ch.result === null ? undefined : ch.headAppeared === true ? 'yes' : ch.headAppeared === false ? 'no' : 'none';
  return (
    <Modal
      open
      title={`记录${CHALLENGE_KIND_LABELS[ch.kind]}结果`}
      okText="保存"
      cancelText="取消"
      confirmLoading={save.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        {ch.body}
        {ch.bodyCaseNo ? `　${ch.bodyCaseNo}` : ''}　收到日期 {ch.receivedOn}
      </Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          result: ch.result ?? undefined,
          closedOn: ch.closedOn ?? undefined,
          head: initialHead,
          note: ch.note ?? '',
        }}
        onFinish={(v) =>
          save.mutate({
            version: ch.version,
            result: v.result,
            closedOn: v.closedOn,
            ...(litigation ? { headAppeared: v.head === 'yes' ? true : v.head === 'no' ? false : null } : {}),
            ...(v.note !== undefined ? { note: v.note.trim() } : {}),
          })
        }
      >
        <Form.Item name="result" label="结果" rules={[{ required: true, message: '请选择结果' }]}>
          <Select
            placeholder="请选择"
            options={CHALLENGE_RESULTS.map((r) => ({
              value: r,
              label: r === 'dismissed' && litigation ? '驳回诉讼请求' : CHALLENGE_RESULT_LABELS[r],
            }))}
          />
        </Form.Item>
        <Form.Item
          name="closedOn"
          label={litigation ? '生效裁判文书送达日期' : '复议决定书送达日期'}
          rules={DATE_RULES}
          getValueProps={dateValueProps}
          normalize={dateNormalize}
          extra={
            litigation
              ? '上诉的，登记二审生效裁判'
              : '复议维持或驳回的，自送达之日起15日内当事人仍可起诉（行政诉讼法第四十五条）'
          }
        >
          <DatePicker
            style={{ width: '100%' }}
            format="YYYY-MM-DD"
            disabledDate={(d) => noFuture(d) || d.isBefore(dayjs(ch.receivedOn), 'day')}
          />
        </Form.Item>
        {litigation ? (
          <Form.Item
            name="head"
            label="负责人出庭应诉"
            rules={[{ required: true, message: '请选择负责人是否出庭应诉' }]}
            extra="行政诉讼法第三条第三款：被诉行政机关负责人应当出庭应诉"
          >
            <Radio.Group
              optionType="button"
              options={[
                { value: 'yes', label: '出庭' },
                { value: 'no', label: '未出庭' },
                { value: 'none', label: '未开庭' },
              ]}
            />
          </Form.Item>
        ) : null}
        <Form.Item name="note" label="备注" rules={[{ max: 500, message: '备注不能超过500字' }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ResultTag({ ch }: { ch: ChallengeView }) {
  if (ch.result === null) return <Tag color="processing">审理中</Tag>;
  const corrected = CORRECTING_RESULTS.includes(ch.result);
  return <Tag color={corrected ? 'error' : 'success'}>{CHALLENGE_RESULT_LABELS[ch.result]}</Tag>;
}

export function CaseChallengesCard({ c }: { c: CaseDetail }) {
  const [adding, setAdding] = useState(false);
  const [closing, setClosing] = useState<ChallengeView | null>(null);
  const q = useQuery({
    queryKey: challengesKey(c.id),
    queryFn: ({ signal }) =>
      api.get<ChallengesResponse>(`/api/cases/${encodeURIComponent(c.id)}/challenges`, undefined, { signal }),
  });
  const data = q.data;
  const columns: ColumnsType<ChallengeView> = [
    {
      title: '类型',
      key: 'kind',
      width: 90,
      render: (_, ch) => (
        <Tag color={ch.kind === 'litigation' ? 'purple' : 'blue'}>{CHALLENGE_KIND_LABELS[ch.kind]}</Tag>
      ),
    },
    {
      title: '复议机关 / 法院',
      key: 'body',
      render: (_, ch) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text>{ch.body}</Typography.Text>
          {ch.bodyCaseNo ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {ch.bodyCaseNo}
            </Typography.Text>
          ) : null}
          {ch.note ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              备注：{ch.note}
            </Typography.Text>
          ) : null}
        </Space>
      ),
    },
    { title: '收到日期', dataIndex: 'receivedOn', width: 104 },
    {
      title: '结果',
      key: 'result',
      width: 150,
      render: (_, ch) => (
        <Space orientation="vertical" size={0}>
          <ResultTag ch={ch} />
          {ch.closedOn ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {ch.closedOn}
            </Typography.Text>
          ) : null}
          {ch.kind === 'litigation' && ch.result !== null ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              负责人{ch.headAppeared === true ? '出庭' : ch.headAppeared === false ? '未出庭' : '（未开庭）'}
            </Typography.Text>
          ) : null}
        </Space>
      ),
    },
    {
      title: '',
      key: 'ops',
      width: 84,
      render: (_, ch) =>
        data?.canWrite ? (
          <Button size="small" type="link" onClick={() => setClosing(ch)}>
            {ch.result === null ? '记录结果' : '更正结果'}
          </Button>
        ) : null,
    },
  ];
  return (
    <Card
      size="small"
      title="复议诉讼"
      data-testid="case-challenges"
      extra={
        data?.canWrite && data.decided ? (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            登记复议/诉讼
          </Button>
        ) : null
      }
    >
      {q.error ? (
        <Typography.Text type="danger">{errorMessage(q.error)}</Typography.Text>
      ) : (
        <>
          {data && !data.decided ? (
            <Alert
              type="info"
              showIcon
              title="本案作出决定后，可在此登记当事人申请的行政复议或提起的行政诉讼。"
              style={{ marginBottom: 8 }}
            />
          ) : null}
          {data && data.items.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无行政复议或行政诉讼" />
          ) : (
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              loading={q.isPending}
              columns={columns}
              dataSource={data?.items ?? []}
            />
          )}
        </>
      )}
      {adding ? <RegisterModal c={c} onClose={() => setAdding(false)} /> : null}
      {closing ? <CloseModal c={c} ch={closing} onClose={() => setClosing(null)} /> : null}
    </Card>
  );
}
