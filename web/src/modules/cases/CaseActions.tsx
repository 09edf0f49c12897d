import type { ActionBody, AllowedActionView, CaseDetail, CaseTypeView } from '@fazhi/domain';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Space, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { api, errorMessage, isApiError } from '../../api.ts';
import { placeFieldErrors, underPrefix } from './formErrors.ts';
import { cleanValues, type JsonSchema, objectProps, SchemaFields } from './SchemaForm.tsx';
import { useCaseWrite } from './useCaseWrite.ts';

/** What approve/reject take (engine ApprovalDecisionInput): an opinion, required to reject. */
function opinionSchema(required: boolean): JsonSchema {
  return {
    type: 'object',
    properties: { opinion: { type: 'string', maxLength: 500, description: required ? '驳回理由' : '审批意见' } },
    required: required ? ['opinion'] : [],
  };
}

/**
 * The form for an allowed step: approve/reject take an opinion; a request for approval
 * proposes the action's own input; a plain action takes its input. An approved action
 * runs with the approved input, so it has none (hasInput is false).
 */
export function inputSchemaFor(a: AllowedActionView, type: CaseTypeView | undefined): JsonSchema | null {
  if (!a.hasInput) return null;
  const exact = type?.actions.find((x) => x.key === a.key)?.inputSchema;
  if (exact) return exact;
  if (a.kind === 'approve') return opinionSchema(false);
  if (a.kind === 'reject') return opinionSchema(true);
  return type?.actions.find((x) => x.key === a.action)?.inputSchema ?? null;
}

function actionPath(caseId: string, key: string): string {
  // Keys are 'accept' or 'approve:extend': a colon is legal in a path segment, so it stays readable.
  const safe = /^[A-Za-z0-9_:-]+$/.test(key) ? key : encodeURIComponent(key);
  return `/api/cases/${encodeURIComponent(caseId)}/actions/${safe}`;
}

interface ActionValues {
  input?: Record<string, unknown>;
  note?: string;
}

function ActionModal({
  c,
  action,
  type,
  onClose,
}: {
  c: CaseDetail;
  action: AllowedActionView;
  type: CaseTypeView | undefined;
  onClose: () => void;
}) {
  const [form] = Form.useForm<ActionValues>();
  const { message } = App.useApp();
  const { applied, conflict } = useCaseWrite(c.id);
  const [problem, setProblem] = useState<string | null>(null);
  const schema = inputSchemaFor(action, type);
  const schemaKeys = useMemo(() => objectProps(schema).map((p) => p.key), [schema]);

  const run = useMutation({
    mutationFn: (body: ActionBody) => api.post<CaseDetail>(actionPath(c.id, action.key), body),
    onSuccess: (next) => {
      applied(next);
      void message.success(`已${action.label}`);
      onClose();
    },
    onError: (e) => {
      if (conflict(e)) {
        onClose();
        return;
      }
      const unplaced = placeFieldErrors(form, e, underPrefix('input', schemaKeys, ['note']));
      const placedAll = isApiError(e) && e.fields.length > 0 && unplaced.length === 0;
      setProblem(placedAll ? null : unplaced.join('；') || errorMessage(e));
    },
  });

  const submit = (v: ActionValues) => {
    setProblem(null);
    run.mutate({
      version: c.version,
      input: schema ? cleanValues(schema, v.input) : undefined,
      note: v.note?.trim() || undefined,
    });
  };

  const isDecision = action.kind === 'approve' || action.kind === 'reject';
  return (
    <Modal
      open
      title={action.label}
      onCancel={onClose}
      destroyOnHidden
      mask={{ closable: false }}
      footer={[
        <Button key="cancel" onClick={onClose} disabled={run.isPending}>
          取消
        </Button>,
        <Button
          key="ok"
          type="primary"
          danger={action.kind === 'reject'}
          loading={run.isPending}
          onClick={() => form.submit()}
          data-testid="action-modal-ok"
        >
          确定
        </Button>,
      ]}
    >
      <Form<ActionValues>
        form={form}
        name="caseAction"
        layout="vertical"
        onFinish={submit}
        preserve={false}
        initialValues={action.prefill ? { input: action.prefill.values } : undefined}
      >
        {action.prefill && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="action-prefill"
            title={`已按《${action.prefill.title}》${action.prefill.number ? `（${action.prefill.number}）` : ''}填写${Object.keys(action.prefill.values).length}项`}
            description="这些内容须与已出具的文书一致；如需更改，请先作废该文书并出具更正文书。"
          />
        )}
        {!schema && (
          <Typography.Paragraph>
            确定对案件「{c.title}」执行「{action.label}」吗？
          </Typography.Paragraph>
        )}
        {action.kind === 'request_approval' && (
          <Typography.Paragraph type="secondary">提交后由有审批权限的领导审批，通过后方可执行。</Typography.Paragraph>
        )}
        {schema && <SchemaFields schema={schema} name={['input']} />}
        {!isDecision && (
          <Form.Item label="备注" name="note">
            <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 5 }} placeholder="选填" />
          </Form.Item>
        )}
        {problem && <Alert type="error" showIcon title={problem} />}
      </Form>
    </Modal>
  );
}

/** The steps this user may take now; disabled ones say why on hover (and on tap, for phones). */
export function CaseActions({ c, type }: { c: CaseDetail; type: CaseTypeView | undefined }) {
  const [open, setOpen] = useState<AllowedActionView | null>(null);
  if (c.actions.length === 0) return null;
  return (
    <>
      <Space wrap size={[8, 8]}>
        {c.actions.map((a) => {
          const button = (
            <Button
              key={a.key}
              type={a.kind === 'approve' ? 'primary' : 'default'}
              danger={a.kind === 'reject'}
              disabled={!a.enabled || !c.canWrite}
              onClick={() => setOpen(a)}
              data-testid={`action-${a.key}`}
            >
              {a.label}
            </Button>
          );
          const reason = !a.enabled ? a.reason : !c.canWrite ? '您对本案只有查看权限' : undefined;
          return reason ? (
            <Tooltip key={a.key} title={reason} trigger={['hover', 'click']}>
              <span style={{ display: 'inline-block' }}>{button}</span>
            </Tooltip>
          ) : (
            button
          );
        })}
      </Space>
      {open && <ActionModal c={c} action={open} type={type} onClose={() => setOpen(null)} />}
    </>
  );
}
