import { ArrowLeftOutlined } from '@ant-design/icons';
import type { CaseDetail, CaseTypeView, CreateCaseBody } from '@fazhi/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Empty, Form, Input, Result, Row, Space, Spin } from 'antd';
import { type ReactNode, Suspense, useMemo } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, errorMessage, isApiError } from '../../api.ts';
import { useCurrentUser } from '../../app/auth.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { OrgUnitSelect } from '../../components/OrgUnitSelect.tsx';
import { caseSlots } from '../../modules.ts';
import { CASES_KEY, caseKey, useCaseType } from './casesApi.ts';
import { NO_VILLAGE_WARNING } from './EditBasicInfo.tsx';
import { placeFieldErrors, underPrefix } from './formErrors.ts';
import { cleanParties, initialParties, PartiesEditor } from './PartiesEditor.tsx';
import { cleanValues, objectProps, SchemaFields, schemaDefaults } from './SchemaForm.tsx';

interface CreateValues {
  title?: string;
  unitId?: number;
  fields?: Record<string, unknown>;
  parties?: unknown[];
  note?: string;
}

const TOP_LEVEL = ['title', 'unitId', 'parties', 'note', 'fields'];

/** Without ?type= (or with a type the user may not open): pick one first. */
function TypePicker({ types }: { types: CaseTypeView[] }) {
  const creatable = types.filter((t) => t.canCreate);
  if (creatable.length === 0) {
    return (
      <Result status="403" title="没有可登记的案件类型" subTitle="您的角色不能登记新案件，如需开通请联系系统管理员。" />
    );
  }
  return (
    <Card title="选择要登记的案件类型">
      <Space wrap>
        {creatable.map((t) => (
          <Link key={t.key} to={`/cases/new?type=${encodeURIComponent(t.key)}`}>
            <Button size="large">{t.createLabel || `登记${t.label}`}</Button>
          </Link>
        ))}
      </Space>
    </Card>
  );
}

function CreateForm({ type }: { type: CaseTypeView }) {
  const me = useCurrentUser();
  const [form] = Form.useForm<CreateValues>();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  // The type's registration form, as the server declares it: the rest of its fields are written by actions.
  const intake = type.intakeSchema;
  const schemaKeys = useMemo(() => objectProps(intake).map((p) => p.key), [intake]);
  const initialValues = useMemo<CreateValues>(
    () => ({ fields: schemaDefaults(intake), parties: initialParties(type.partyRoles) }),
    [intake, type.partyRoles],
  );

  const create = useMutation({
    mutationFn: (body: CreateCaseBody) => api.post<CaseDetail>('/api/cases', body),
    onSuccess: (c) => {
      qc.setQueryData(caseKey(c.id), c);
      void qc.invalidateQueries({ queryKey: [CASES_KEY] });
      void message.success(`已登记，案号 ${c.number}`);
      navigate(`/cases/${c.id}`, { replace: true });
    },
    onError: (e) => {
      const unplaced = placeFieldErrors(form, e, underPrefix('fields', schemaKeys, TOP_LEVEL));
      const placedAll = isApiError(e) && e.fields.length > 0 && unplaced.length === 0;
      void message.error(placedAll ? '填写有误，请按标红处的提示修改' : unplaced.join('；') || errorMessage(e));
    },
  });

  const submit = (v: CreateValues) => {
    create.mutate({
      type: type.key,
      title: (v.title ?? '').trim(),
      unitId: v.unitId == null ? undefined : String(v.unitId),
      fields: cleanValues(intake, v.fields),
      parties: cleanParties(v.parties),
      note: v.note?.trim() || undefined,
    });
  };

  const unitId = Form.useWatch('unitId', form);
  const hasFields = schemaKeys.length > 0;
  const hints = caseSlots(type.key, me.menu).createHints;

  return (
    <Form<CreateValues>
      form={form}
      name="caseCreate"
      layout="vertical"
      initialValues={initialValues}
      onFinish={submit}
      onFinishFailed={({ errorFields }) => {
        const first = errorFields[0];
        if (first) form.scrollToField(first.name, { block: 'center' });
      }}
      scrollToFirstError={false}
      data-testid="case-create-form"
    >
      <Row gutter={[16, 16]}>
        <Col span={24}>
          <Card title="基本情况" size="small">
            <Row gutter={16}>
              <Col xs={24} lg={14}>
                <Form.Item
                  label="标题"
                  name="title"
                  rules={[
                    { required: true, whitespace: true, message: '请填写标题' },
                    { max: 200, message: '标题不超过 200 个字' },
                  ]}
                >
                  <Input
                    maxLength={200}
                    placeholder={type.titleExample ? `简要概括，如“${type.titleExample}”` : '简要概括案件'}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} lg={10}>
                <Form.Item label="所属村（社区）或部门" name="unitId" tooltip="不选择则归属您所在的单位">
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
              </Col>
            </Row>
          </Card>
        </Col>
        {hasFields && (
          <Col span={24}>
            <Card title={`${type.label}信息`} size="small">
              <SchemaFields schema={intake} name={['fields']} grid />
            </Card>
          </Col>
        )}
        {type.partyRoles.length > 0 && (
          <Col span={24}>
            <Card title="当事人" size="small">
              <PartiesEditor roles={type.partyRoles} />
            </Card>
          </Col>
        )}
        <Col span={24}>
          <Card size="small">
            <Form.Item label="备注" name="note">
              <Input.TextArea maxLength={500} showCount autoSize={{ minRows: 2, maxRows: 6 }} />
            </Form.Item>
            {/* The type's own hints (its module's caseSlots), advisory: they never block submission. */}
            <Suspense fallback={null}>
              {hints.map((Hint, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the list is fixed per type
                <Hint key={i} form={form} type={type} />
              ))}
            </Suspense>
            <Space>
              <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="case-create-submit">
                提交登记
              </Button>
              <Button onClick={() => navigate(-1)}>取消</Button>
            </Space>
          </Card>
        </Col>
      </Row>
    </Form>
  );
}

/** 登记案件 (/cases/new?type=…): the type's own form, drawn from its intake schema. */
export function CaseCreatePage() {
  const [params] = useSearchParams();
  const key = params.get('type');
  const { type, types, isPending, error, refetch } = useCaseType(key);

  let body: ReactNode;
  if (isPending) body = <Spin style={{ display: 'block', margin: '80px auto' }} />;
  else if (error) body = <ErrorResult error={error} onRetry={refetch} />;
  else if (!key) body = <TypePicker types={types} />;
  else if (!type) body = <Empty description="未找到该案件类型" />;
  else if (!type.canCreate) {
    body = (
      <Result status="403" title="没有权限" subTitle={`您的角色不能${type.createLabel || `登记${type.label}`}。`} />
    );
  } else body = <CreateForm key={type.key} type={type} />;

  return (
    <div>
      <Space style={{ marginBottom: 16 }} align="center">
        <Link to="/cases">
          <Button type="text" icon={<ArrowLeftOutlined />} aria-label="返回案件列表" />
        </Link>
        <h1 className="fz-page-title" style={{ margin: 0 }}>
          {type ? type.createLabel || `登记${type.label}` : '登记案件'}
        </h1>
      </Space>
      {body}
    </div>
  );
}
