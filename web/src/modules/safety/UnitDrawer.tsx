import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { UnitView } from '@fazhi/domain/api/safety-units';
import { App, Button, DatePicker, Drawer, Form, Input, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, errorMessage } from '../../api.ts';
import { applyFieldErrors } from '../../components/forms.ts';
import { INDUSTRY_OPTIONS, RISK_OPTIONS, SIZE_OPTIONS, shortVillage } from './labels.ts';

interface UnitForm {
  name: string;
  creditCode: string;
  villageId?: string | null;
  address: string;
  industry: string;
  size: string;
  riskClass: string;
  principalName: string;
  principalPhone?: string;
  safetyOfficerName?: string;
  safetyOfficerPhone?: string;
  licences?: { name: string; no: string; validUntil?: Dayjs | null }[];
}

const FORM_FIELDS = [
  'name',
  'creditCode',
  'villageId',
  'address',
  'industry',
  'size',
  'riskClass',
  'principalName',
  'principalPhone',
  'safetyOfficerName',
  'safetyOfficerPhone',
  'licences',
];

/** 登记 / 编辑 a unit: the contract's fields, the server's messages placed on their fields. */
export function UnitDrawer(props: {
  unit: UnitView | null;
  townId: string;
  villages: readonly { id: string; name: string }[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { unit } = props;
  const [form] = Form.useForm<UnitForm>();
  const { message } = App.useApp();
  const [saving, setSaving] = useState(false);
  const submit = async (v: UnitForm) => {
    const body = {
      name: v.name,
      creditCode: v.creditCode,
      villageId: v.villageId ?? null,
      address: v.address,
      industry: v.industry,
      size: v.size,
      riskClass: v.riskClass,
      principalName: v.principalName,
      // Writers see the full numbers, so what the form holds is what is stored.
      principalPhone: v.principalPhone ?? '',
      safetyOfficerName: v.safetyOfficerName ?? '',
      safetyOfficerPhone: v.safetyOfficerPhone ?? '',
      licences: (v.licences ?? []).map((l) => ({
        name: l.name,
        no: l.no,
        validUntil: l.validUntil ? l.validUntil.format('YYYY-MM-DD') : null,
      })),
    };
    setSaving(true);
    try {
      if (unit) await api.put(`/api/safety/units/${unit.id}`, { ...body, version: unit.version });
      else await api.post('/api/safety/units', { ...body, townId: props.townId });
      message.success(unit ? '已保存' : '已登记');
      props.onSaved();
    } catch (e) {
      if (!applyFieldErrors(form, e, FORM_FIELDS)) message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Drawer
      open
      width={600}
      title={unit ? `编辑单位 · ${unit.name}` : '登记生产经营单位'}
      onClose={props.onClose}
      extra={
        <Button type="primary" loading={saving} onClick={() => form.submit()}>
          保存
        </Button>
      }
    >
      <Form<UnitForm>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={
          unit
            ? {
                name: unit.name,
                creditCode: unit.creditCode,
                villageId: unit.villageId,
                address: unit.address,
                industry: unit.industry,
                size: unit.size,
                riskClass: unit.riskClass,
                principalName: unit.principalName,
                principalPhone: unit.principalPhone ?? '',
                safetyOfficerName: unit.safetyOfficerName ?? '',
                safetyOfficerPhone: unit.safetyOfficerPhone ?? '',
                licences: unit.licences.map((l) => ({
                  name: l.name,
                  no: l.no,
                  validUntil: l.validUntil ? dayjs(l.validUntil) : null,
                })),
              }
            : { riskClass: 'general', licences: [] }
        }
      >
        <Form.Item name="name" label="单位名称" rules={[{ required: true, message: '请填写单位名称' }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="creditCode"
          label="统一社会信用代码"
          rules={[{ required: true, message: '请填写统一社会信用代码' }]}
          normalize={(v: string) => v?.toUpperCase()}
        >
          <Input maxLength={18} style={{ fontFamily: 'monospace' }} />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="villageId" label="所在村（社区）" style={{ width: '40%' }}>
            <Select
              allowClear
              placeholder="镇区"
              options={props.villages.map((v) => ({ value: v.id, label: shortVillage(v.name) }))}
            />
          </Form.Item>
          <Form.Item
            name="address"
            label="地址"
            style={{ width: '60%' }}
            rules={[{ required: true, message: '请填写地址' }]}
          >
            <Input maxLength={200} />
          </Form.Item>
        </Space.Compact>
        <Space style={{ display: 'flex' }} align="start">
          <Form.Item name="industry" label="行业" rules={[{ required: true, message: '请选择行业' }]}>
            <Select style={{ width: 150 }} options={INDUSTRY_OPTIONS} />
          </Form.Item>
          <Form.Item name="size" label="规模" rules={[{ required: true, message: '请选择规模' }]}>
            <Select style={{ width: 130 }} options={SIZE_OPTIONS} />
          </Form.Item>
          <Form.Item name="riskClass" label="风险等级" rules={[{ required: true, message: '请选择风险等级' }]}>
            <Select style={{ width: 100 }} options={RISK_OPTIONS} />
          </Form.Item>
        </Space>
        <Space style={{ display: 'flex' }} align="start">
          <Form.Item name="principalName" label="主要负责人" rules={[{ required: true, message: '请填写主要负责人' }]}>
            <Input maxLength={50} style={{ width: 150 }} />
          </Form.Item>
          <Form.Item name="principalPhone" label="主要负责人电话">
            <Input maxLength={20} style={{ width: 200 }} />
          </Form.Item>
        </Space>
        <Space style={{ display: 'flex' }} align="start">
          <Form.Item name="safetyOfficerName" label="安全管理人员">
            <Input maxLength={50} style={{ width: 150 }} />
          </Form.Item>
          <Form.Item name="safetyOfficerPhone" label="安全管理人员电话">
            <Input maxLength={20} style={{ width: 200 }} />
          </Form.Item>
        </Space>
        <Form.Item label="许可证照" extra="到期前30日起在列表和单位详情中提示">
          <Form.List name="licences">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline" style={{ display: 'flex' }}>
                    <Form.Item name={[f.name, 'name']} rules={[{ required: true, message: '证照名称' }]}>
                      <Input placeholder="证照名称" maxLength={50} style={{ width: 150 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'no']} rules={[{ required: true, message: '证照编号' }]}>
                      <Input placeholder="编号" maxLength={60} style={{ width: 150 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'validUntil']}>
                      <DatePicker placeholder="有效期至" style={{ width: 130 }} />
                    </Form.Item>
                    <MinusCircleOutlined aria-label="删除证照" onClick={() => remove(f.name)} />
                  </Space>
                ))}
                <Button type="dashed" onClick={() => add({ name: '', no: '' })} icon={<PlusOutlined />}>
                  添加证照
                </Button>
              </>
            )}
          </Form.List>
        </Form.Item>
      </Form>
    </Drawer>
  );
}
