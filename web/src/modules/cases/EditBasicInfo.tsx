import { EditOutlined } from '@ant-design/icons';
import type { CaseDetail, CaseTypeView, EditCaseBody } from '@fazhi/domain';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Modal, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { api, errorMessage, isApiError } from '../../api.ts';
import { OrgUnitSelect } from '../../components/OrgUnitSelect.tsx';
import { placeFieldErrors, underPrefix } from './formErrors.ts';
import { cleanValues, type JsonSchema, objectProps, SchemaFields } from './SchemaForm.tsx';
import { useCaseWrite } from './useCaseWrite.ts';

interface EditValues {
  title?: string;
  unitId?: number | null;
  fields?: Record<string, unknown>;
  parties?: { id: string; phone?: string; address?: string }[];
}

/** The warning a case without a village gets, on the registration form, the edit form and the case page. */
export const NO_VILLAGE_WARNING =
  '未选择所属村（社区）：案件将归属本镇，村（社区）干部看不到此案，按村居统计时也不计入任何村（社区）。';

/** The registration schema cut down to the fields the case type lets be corrected later. */
function basicSchema(type: CaseTypeView): JsonSchema {
  const intake = type.intakeSchema as JsonSchema & { properties?: Record<string, unknown>; required?: string[] };
  const keep = new Set(type.basicInfo);
  return {
    ...intake,
    properties: Object.fromEntries(Object.entries(intake.properties ?? {}).filter(([k]) => keep.has(k))),
    required: (intake.required ?? []).filter((k) => keep.has(k)),
  } as JsonSchema;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * 修改基本信息: the title, the village, the fields the type lists as basic information and the
 * parties' phone numbers and addresses. Only what changed is sent; the server records it as one
 * event (old → new) and refuses it on a case that has ended.
 */
function EditModal({ c, type, onClose }: { c: CaseDetail; type: CaseTypeView; onClose: () => void }) {
  const [form] = Form.useForm<EditValues>();
  const { message } = App.useApp();
  const { applied, conflict } = useCaseWrite(c.id);
  const [problem, setProblem] = useState<string | null>(null);
  const schema = useMemo(() => basicSchema(type), [type]);
  const keys = useMemo(() => objectProps(schema).map((p) => p.key), [schema]);
  const unitId = Form.useWatch('unitId', form);

  const save = useMutation({
    mutationFn: (body: EditCaseBody) => api.patch<CaseDetail>(`/api/cases/${encodeURIComponent(c.id)}`, body),
    onSuccess: (next) => {
      applied(next);
      void message.success('已修改基本信息');
      onClose();
    },
    onError: (e) => {
      if (conflict(e)) {
        onClose();
        return;
      }
      const unplaced = placeFieldErrors(form, e, underPrefix('fields', keys, ['title', 'unitId', 'parties']));
      const placedAll = isApiError(e) && e.fields.length > 0 && unplaced.length === 0;
      setProblem(placedAll ? null : unplaced.join('；') || errorMessage(e));
    },
  });

  const submit = (v: EditValues) => {
    setProblem(null);
    const body: EditCaseBody = { version: c.version };
    const title = (v.title ?? '').trim();
    if (title !== c.title) body.title = title;
    const unit = v.unitId == null ? null : String(v.unitId);
    if (unit !== c.unitId) body.unitId = unit;
    const cleaned = cleanValues(schema, v.fields) as Record<string, unknown>;
    const fields: Record<string, unknown> = {};
    for (const k of keys) {
      if (!same(cleaned[k], c.fields[k])) fields[k] = cleaned[k] ?? null;
    }
    if (Object.keys(fields).length > 0) body.fields = fields;
    const parties = (v.parties ?? [])
      .map((p) => {
        const was = c.parties.find((x) => x.id === p.id);
        const out: { id: string; phone?: string; address?: string } = { id: p.id };
        if (p.phone?.trim()) out.phone = p.phone.trim();
        if ((p.address ?? '').trim() !== (was?.address ?? '')) out.address = (p.address ?? '').trim();
        return out;
      })
      .filter((p) => p.phone !== undefined || p.address !== undefined);
    if (parties.length > 0) body.parties = parties;
    if (Object.keys(body).length === 1) {
      onClose();
      return;
    }
    save.mutate(body);
  };

  const initialValues: EditValues = {
    title: c.title,
    unitId: c.unitId == null ? null : Number(c.unitId),
    fields: Object.fromEntries(keys.map((k) => [k, c.fields[k]])),
    parties: c.parties.map((p) => ({ id: p.id, address: p.address ?? '' })),
  };

  return (
    <Modal
      open
      title="修改基本信息"
      onCancel={onClose}
      destroyOnHidden
      width={760}
      mask={{ closable: false }}
      footer={[
        <Button key="cancel" onClick={onClose} disabled={save.isPending}>
          取消
        </Button>,
        <Button
          key="ok"
          type="primary"
          loading={save.isPending}
          onClick={() => form.submit()}
          data-testid="case-edit-ok"
        >
          保存
        </Button>,
      ]}
    >
      <Form<EditValues>
        form={form}
        name="caseEdit"
        layout="vertical"
        initialValues={initialValues}
        onFinish={submit}
        data-testid="case-edit-form"
      >
        <Form.Item
          label="标题"
          name="title"
          rules={[
            { required: true, whitespace: true, message: '请填写标题' },
            { max: 200, message: '标题不超过 200 个字' },
          ]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item label="所属村（社区）或部门" name="unitId">
          <OrgUnitSelect allowClear placeholder="选择村（社区）或部门" />
        </Form.Item>
        {unitId == null && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title={NO_VILLAGE_WARNING}
            data-testid="no-village-warning"
          />
        )}
        {keys.length > 0 && <SchemaFields schema={schema} name={['fields']} grid />}
        {c.parties.length > 0 && (
          <Card size="small" title="当事人联系方式">
            <Form.List name="parties">
              {(rows) =>
                rows.map((row, i) => {
                  const p = c.parties[i]!;
                  return (
                    <div key={row.key} style={{ display: 'flex', gap: 8, flexWrap: 'wrap', alignItems: 'flex-start' }}>
                      <Typography.Text style={{ width: 130, paddingTop: 5 }}>
                        {p.roleLabel}：{p.name}
                      </Typography.Text>
                      <Form.Item name={[row.name, 'id']} hidden>
                        <Input />
                      </Form.Item>
                      <Form.Item name={[row.name, 'phone']} style={{ flex: '1 1 160px', marginBottom: 8 }}>
                        <Input
                          maxLength={30}
                          aria-label={`${p.name}的联系电话`}
                          placeholder={p.phoneMasked ? `${p.phoneMasked}（不改留空）` : '联系电话'}
                        />
                      </Form.Item>
                      <Form.Item name={[row.name, 'address']} style={{ flex: '2 1 220px', marginBottom: 8 }}>
                        <Input maxLength={200} aria-label={`${p.name}的住址`} placeholder="住址" />
                      </Form.Item>
                    </div>
                  );
                })
              }
            </Form.List>
          </Card>
        )}
        {problem && <Alert type="error" showIcon title={problem} style={{ marginTop: 12 }} />}
      </Form>
    </Modal>
  );
}

/** The 修改基本信息 button: for whoever may write the case, while it has not ended. */
export function EditBasicInfoButton({ c, type }: { c: CaseDetail; type: CaseTypeView | undefined }) {
  const [open, setOpen] = useState(false);
  if (!c.canWrite || c.terminal || !type) return null;
  return (
    <>
      <Button icon={<EditOutlined />} onClick={() => setOpen(true)} data-testid="case-edit">
        修改基本信息
      </Button>
      {open && <EditModal c={c} type={type} onClose={() => setOpen(false)} />}
    </>
  );
}
