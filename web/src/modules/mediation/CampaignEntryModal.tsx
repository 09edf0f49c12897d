import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { EntryInput, EntryPartyInput, EntryView } from '@fazhi/domain/api/campaigns';
import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Space,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { api, errorMessage, isApiError } from '../../api.ts';
import { applyFieldErrors } from '../../components/forms.ts';

// Kept here (not imported from the domain at run time) so the page does not pull the case types in.
export const DISPUTE_TYPES: Record<string, string> = {
  marriage_family: '婚姻家庭',
  neighbor: '邻里',
  land: '土地/宅基地',
  labor: '劳资/欠薪',
  damages: '损害赔偿',
  contract: '合同',
  property: '物业',
  other: '其他',
};
export const RISK_HINTS: Record<string, string> = {
  none: '暂无明显风险',
  escalation: '有激化可能',
  violence: '有暴力或违法犯罪倾向',
};
const ROLES = [
  { value: 'applicant', label: '一方当事人' },
  { value: 'respondent', label: '另一方当事人' },
];
const options = (m: Record<string, string>) => Object.entries(m).map(([value, label]) => ({ value, label }));

interface PartyRow extends Partial<EntryPartyInput> {
  /** The stored masked numbers, shown as placeholders: a blank box keeps them. */
  idMasked?: string | null;
  phoneMasked?: string | null;
}

interface Values extends Omit<EntryInput, 'foundOn' | 'parties'> {
  foundOn: Dayjs;
  parties: PartyRow[];
}

/** The form's party rows as the API wants them: blanks left out, so a stored number is kept. */
function cleanParty(p: PartyRow): EntryPartyInput {
  const out: Record<string, unknown> = { role: p.role, kind: p.kind ?? 'person', name: p.name?.trim() };
  if (p.ref) out.ref = p.ref;
  if (p.idNumber?.trim()) out.idNumber = p.idNumber.trim();
  if (p.phone?.trim()) out.phone = p.phone.trim();
  return out as unknown as EntryPartyInput;
}

/** 登记 / 修改 one dispute found in screening. `entry` null = a new one for `returnId`. */
export function CampaignEntryModal({
  open,
  returnId,
  entry,
  minDate,
  onClose,
  onSaved,
}: {
  open: boolean;
  returnId: string;
  entry: EntryView | null;
  minDate: string;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (entry) {
      form.setFieldsValue({
        foundOn: dayjs(entry.foundOn),
        disputeType: entry.disputeType as Values['disputeType'],
        peopleCount: entry.peopleCount,
        amount: entry.amount ?? undefined,
        riskHint: (entry.riskHint ?? undefined) as Values['riskHint'],
        summary: entry.summary,
        requests: entry.requests,
        parties: entry.parties.map((p) => ({
          ref: p.ref,
          role: p.role,
          kind: p.kind,
          name: p.name,
          idMasked: p.idMasked,
          phoneMasked: p.phoneMasked,
        })),
      });
    } else {
      form.setFieldsValue({
        foundOn: dayjs(),
        peopleCount: 2,
        parties: [
          { role: 'applicant', kind: 'person' },
          { role: 'respondent', kind: 'person' },
        ],
      });
    }
  }, [open, entry, form]);

  const save = async (v: Values) => {
    setSaving(true);
    const body = {
      foundOn: v.foundOn.format('YYYY-MM-DD'),
      disputeType: v.disputeType,
      summary: v.summary,
      requests: v.requests,
      peopleCount: v.peopleCount,
      ...(v.amount != null ? { amount: v.amount } : {}),
      ...(v.riskHint ? { riskHint: v.riskHint } : {}),
      parties: (v.parties ?? []).map(cleanParty),
    };
    try {
      if (entry) await api.patch(`/api/campaign-entries/${entry.id}`, { ...body, version: entry.version });
      else await api.post(`/api/campaign-returns/${returnId}/entries`, body);
      void message.success(entry ? '已保存修改' : '已登记');
      onSaved();
    } catch (e) {
      const placed = applyFieldErrors(form, e, [
        'foundOn',
        'disputeType',
        'summary',
        'requests',
        'peopleCount',
        'amount',
        'riskHint',
        'parties',
      ]);
      if (!placed || (isApiError(e) && e.status !== 400)) void message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      title={entry ? '修改排查发现的纠纷' : '登记排查发现的纠纷'}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="保存"
      confirmLoading={saving}
      width={760}
      destroyOnHidden
      forceRender
    >
      <Form<Values> form={form} layout="vertical" onFinish={(v) => void save(v)} data-testid="entry-form">
        <Row gutter={12}>
          <Col xs={12} sm={8}>
            <Form.Item label="发现日期" name="foundOn" rules={[{ required: true, message: '请选择发现日期' }]}>
              <DatePicker
                style={{ width: '100%' }}
                format="YYYY-MM-DD"
                disabledDate={(d) => d.isAfter(dayjs(), 'day') || d.isBefore(dayjs(minDate), 'day')}
              />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item label="纠纷类型" name="disputeType" rules={[{ required: true, message: '请选择纠纷类型' }]}>
              <Select options={options(DISPUTE_TYPES)} placeholder="请选择" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item label="风险提示" name="riskHint">
              <Select options={options(RISK_HINTS)} placeholder="可不选" allowClear />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item label="涉及人数" name="peopleCount" rules={[{ required: true, message: '请填写涉及人数' }]}>
              <InputNumber min={1} max={100000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item label="涉及金额（元）" name="amount">
              <InputNumber min={0} max={1e12} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item
              label="纠纷简要情况"
              name="summary"
              rules={[{ required: true, whitespace: true, message: '请填写纠纷简要情况' }]}
            >
              <Input.TextArea rows={3} maxLength={2000} showCount />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item
              label="当事人诉求"
              name="requests"
              rules={[{ required: true, whitespace: true, message: '请填写当事人诉求' }]}
            >
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Text strong>当事人</Typography.Text>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '2px 0 8px' }}>
          双方至少各填一人；证件号码、电话可不填，填写后加密保存，列表中只显示部分号码。
        </Typography.Paragraph>
        <Form.List
          name="parties"
          rules={[
            {
              validator: async (_, value: PartyRow[] | undefined) => {
                const roles = new Set((value ?? []).map((p) => p?.role));
                if (!roles.has('applicant') || !roles.has('respondent')) throw new Error('请填写纠纷双方当事人');
              },
            },
          ]}
        >
          {(fields, { add, remove }, { errors }) => (
            <Space orientation="vertical" size={8} style={{ width: '100%' }}>
              {fields.map((f, i) => (
                <Card key={f.key} size="small" styles={{ body: { paddingBottom: 0 } }} data-testid={`entry-party-${i}`}>
                  <Row gutter={8}>
                    <Col xs={12} sm={6}>
                      <Form.Item name={[f.name, 'role']} label="一方 / 另一方" rules={[{ required: true }]}>
                        <Select options={ROLES} />
                      </Form.Item>
                    </Col>
                    <Col xs={12} sm={5}>
                      <Form.Item name={[f.name, 'kind']} label="类型" initialValue="person">
                        <Select
                          options={[
                            { value: 'person', label: '自然人' },
                            { value: 'org', label: '单位' },
                          ]}
                        />
                      </Form.Item>
                    </Col>
                    <Col xs={20} sm={11}>
                      <Form.Item
                        name={[f.name, 'name']}
                        label="姓名（名称）"
                        rules={[{ required: true, whitespace: true, message: '请填写姓名或名称' }]}
                      >
                        <Input maxLength={100} />
                      </Form.Item>
                    </Col>
                    <Col xs={4} sm={2} style={{ display: 'flex', alignItems: 'center' }}>
                      <Button
                        type="text"
                        danger
                        icon={<DeleteOutlined />}
                        aria-label={`删除当事人 ${i + 1}`}
                        onClick={() => remove(f.name)}
                      />
                    </Col>
                    <Col xs={24} sm={12}>
                      <Form.Item noStyle shouldUpdate>
                        {({ getFieldValue }) => {
                          const masked = getFieldValue(['parties', f.name, 'idMasked']) as string | null | undefined;
                          return (
                            <Form.Item name={[f.name, 'idNumber']} label="证件号码">
                              <Input
                                maxLength={30}
                                autoComplete="off"
                                placeholder={masked ? `${masked}（不修改请留空）` : '身份证号码或统一社会信用代码'}
                              />
                            </Form.Item>
                          );
                        }}
                      </Form.Item>
                    </Col>
                    <Col xs={24} sm={12}>
                      <Form.Item noStyle shouldUpdate>
                        {({ getFieldValue }) => {
                          const masked = getFieldValue(['parties', f.name, 'phoneMasked']) as string | null | undefined;
                          return (
                            <Form.Item name={[f.name, 'phone']} label="联系电话">
                              <Input
                                maxLength={30}
                                autoComplete="off"
                                placeholder={masked ? `${masked}（不修改请留空）` : ''}
                              />
                            </Form.Item>
                          );
                        }}
                      </Form.Item>
                    </Col>
                  </Row>
                </Card>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ role: 'respondent', kind: 'person' })}
                block
              >
                添加当事人
              </Button>
              <Form.ErrorList errors={errors} />
            </Space>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
