import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { CaseTypeView, PartyInput } from '@fazhi/domain';
import { Button, Card, Col, Form, Input, Row, Select, Space, Typography } from 'antd';
import { PARTY_KIND_LABELS } from './caseUi.tsx';

type Role = CaseTypeView['partyRoles'][number];

/** One empty row per required role, so the clerk sees at once who must be entered. */
export function initialParties(roles: readonly Role[]): Partial<PartyInput>[] {
  return roles.filter((r) => r.required).map((r) => ({ role: r.key, kind: 'person' }));
}

/** Blank optional strings left out: the server checks '' as a value (an empty ID number is not valid). */
export function cleanParties(list: unknown): PartyInput[] {
  if (!Array.isArray(list)) return [];
  return list
    .filter((p): p is Record<string, unknown> => typeof p === 'object' && p !== null)
    .map((p) => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(p)) {
        if (v === undefined || v === null) continue;
        if (typeof v === 'string') {
          if (v.trim() !== '') out[k] = v.trim();
        } else out[k] = v;
      }
      return out as unknown as PartyInput;
    });
}

/** 当事人 rows of a create form, under the form name `parties`. */
export function PartiesEditor({ roles }: { roles: readonly Role[] }) {
  const form = Form.useFormInstance();
  const required = roles.filter((r) => r.required);
  const roleOptions = roles.map((r) => ({ value: r.key, label: r.required ? `${r.label}（必填）` : r.label }));
  return (
    <Form.List
      name="parties"
      rules={[
        {
          validator: async (_, value: Partial<PartyInput>[] | undefined) => {
            const have = new Set((value ?? []).map((p) => p?.role));
            const missing = required.filter((r) => !have.has(r.key)).map((r) => r.label);
            if (missing.length > 0) throw new Error(`请添加${missing.join('、')}`);
          },
        },
      ]}
    >
      {(fields, { add, remove }, { errors }) => (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          {fields.length === 0 && <Typography.Text type="secondary">尚未添加当事人</Typography.Text>}
          {fields.map((f, i) => (
            <Card
              key={f.key}
              size="small"
              data-testid={`party-row-${i}`}
              title={`当事人 ${i + 1}`}
              extra={
                <Button
                  type="text"
                  danger
                  size="small"
                  icon={<DeleteOutlined />}
                  onClick={() => remove(f.name)}
                  aria-label={`删除当事人 ${i + 1}`}
                >
                  删除
                </Button>
              }
            >
              <Row gutter={12}>
                <Col xs={24} sm={12} lg={6}>
                  <Form.Item label="身份" name={[f.name, 'role']} rules={[{ required: true, message: '请选择身份' }]}>
                    <Select options={roleOptions} placeholder="请选择" />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12} lg={6}>
                  <Form.Item label="类型" name={[f.name, 'kind']} initialValue="person">
                    <Select
                      options={(Object.keys(PARTY_KIND_LABELS) as (keyof typeof PARTY_KIND_LABELS)[]).map((k) => ({
                        value: k,
                        label: PARTY_KIND_LABELS[k],
                      }))}
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12} lg={12}>
                  <Form.Item
                    label="姓名（名称）"
                    name={[f.name, 'name']}
                    rules={[{ required: true, whitespace: true, message: '请填写姓名或名称' }]}
                  >
                    <Input maxLength={100} />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12} lg={8}>
                  <Form.Item noStyle shouldUpdate={(a, b) => a.parties?.[f.name]?.kind !== b.parties?.[f.name]?.kind}>
                    {({ getFieldValue }) => (
                      <Form.Item
                        label="证件号码"
                        name={[f.name, 'idNumber']}
                        tooltip={
                          getFieldValue(['parties', f.name, 'kind']) === 'org' ? '统一社会信用代码' : '居民身份证号码'
                        }
                      >
                        <Input maxLength={30} autoComplete="off" />
                      </Form.Item>
                    )}
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12} lg={6}>
                  <Form.Item label="联系电话" name={[f.name, 'phone']}>
                    <Input maxLength={30} autoComplete="off" />
                  </Form.Item>
                </Col>
                <Col xs={24} lg={10}>
                  <Form.Item label="住址" name={[f.name, 'address']}>
                    <Input maxLength={200} />
                  </Form.Item>
                </Col>
                <Form.Item noStyle shouldUpdate={(a, b) => a.parties?.[f.name]?.kind !== b.parties?.[f.name]?.kind}>
                  {({ getFieldValue }) =>
                    getFieldValue(['parties', f.name, 'kind']) === 'org' ? null : (
                      <>
                        <Col xs={12} sm={6} lg={4}>
                          <Form.Item label="民族" name={[f.name, 'ethnicity']} tooltip="选填，印在调解协议书等文书上">
                            <Input maxLength={20} placeholder="如：汉族" data-testid={`party-ethnicity-${i}`} />
                          </Form.Item>
                        </Col>
                        <Col xs={12} sm={10} lg={8}>
                          <Form.Item label="职业" name={[f.name, 'occupation']} tooltip="选填">
                            <Input maxLength={50} data-testid={`party-occupation-${i}`} />
                          </Form.Item>
                        </Col>
                      </>
                    )
                  }
                </Form.Item>
              </Row>
            </Card>
          ))}
          <Button
            type="dashed"
            block
            icon={<PlusOutlined />}
            onClick={() => {
              // Offer the first required role still missing, else the first optional one.
              const have = new Set(
                ((form.getFieldValue('parties') ?? []) as Partial<PartyInput>[]).map((p) => p?.role),
              );
              const role = required.find((r) => !have.has(r.key)) ?? roles.find((r) => !r.required) ?? roles[0];
              add({ role: role?.key, kind: 'person' });
            }}
            disabled={fields.length >= 50}
            data-testid="party-add"
          >
            添加当事人
          </Button>
          <Form.ErrorList errors={errors} />
        </Space>
      )}
    </Form.List>
  );
}
