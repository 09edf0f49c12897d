/**
 * 安排会议 / 修改会议安排: kind, title, date, place, chair, the chief (who speaks last, 条例 art
 * 30) and who should attend, each a member (counted for the quorum) or an observer (列席).
 */
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { MeetingCreateBody, MeetingDetail } from '@fazhi/domain/api/decisions-meetings';
import { ATTENDEE_ROLE_LABELS, MEETING_KIND_LABELS } from '@fazhi/domain/decisions/meetings';
import { useMutation } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Form, Input, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useNavigate, useParams } from 'react-router';
import { api, errorMessage } from '../../../api.ts';
import { ErrorResult } from '../../../components/ErrorResult.tsx';
import { applyFieldErrors } from '../../../components/forms.ts';
import { useMeeting, useMeetingsRefresh } from './meetingsApi.ts';

interface Values {
  kind: MeetingCreateBody['kind'];
  title: string;
  heldOn: Dayjs;
  place?: string;
  chairName?: string;
  chiefName: string;
  recorderName?: string;
  attendees: { name: string; post?: string; role: 'member' | 'observer' }[];
}

const FIELDS = ['kind', 'title', 'heldOn', 'place', 'chairName', 'chiefName', 'recorderName', 'attendees'];

function toBody(v: Values) {
  return {
    kind: v.kind,
    title: v.title,
    heldOn: v.heldOn.format('YYYY-MM-DD'),
    place: v.place?.trim() || null,
    chairName: v.chairName?.trim() || null,
    chiefName: v.chiefName,
    recorderName: v.recorderName?.trim() || null,
    attendees: v.attendees.map((a) => ({ name: a.name, post: a.post?.trim() || null, role: a.role })),
  };
}

export function MeetingFormPage() {
  const { id } = useParams();
  const existing = useMeeting(id);
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const refresh = useMeetingsRefresh();
  const attendees = Form.useWatch('attendees', form) ?? [];

  useEffect(() => {
    const d = existing.data;
    if (!d) return;
    form.setFieldsValue({
      kind: d.kind,
      title: d.title,
      heldOn: dayjs(d.heldOn),
      place: d.place ?? '',
      chairName: d.chairName ?? '',
      chiefName: d.chiefName ?? '',
      recorderName: d.recorderName ?? '',
      attendees: d.attendees.map((a) => ({ name: a.name, post: a.post ?? '', role: a.role })),
    });
  }, [existing.data, form]);

  const save = useMutation({
    mutationFn: (v: Values) =>
      id
        ? api.patch<MeetingDetail>(`/api/meetings/${id}`, { ...toBody(v), version: existing.data!.version })
        : api.post<MeetingDetail>('/api/meetings', toBody(v)),
    onSuccess: (d) => {
      void refresh();
      message.success(id ? '已保存会议安排' : '已安排会议，请添加议题');
      navigate(`/meetings/${d.id}`);
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e, FIELDS)) message.error(errorMessage(e));
    },
  });

  if (id && existing.isError) return <ErrorResult error={existing.error} onRetry={() => existing.refetch()} />;
  if (id && !existing.data) return <Card loading />;
  const memberNames = attendees.filter((a) => a?.role === 'member' && a.name?.trim()).map((a) => a.name.trim());

  return (
    <Card title={id ? '修改会议安排' : '安排会议'} style={{ maxWidth: 860 }}>
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          kind: 'joint',
          heldOn: dayjs().add(1, 'day'),
          attendees: [{ name: '', post: '', role: 'member' }],
        }}
        onFinish={(v) => save.mutate(v)}
      >
        <Space wrap align="start">
          <Form.Item name="kind" label="会议类型" rules={[{ required: true, message: '请选择会议类型' }]}>
            <Select
              style={{ width: 160 }}
              options={Object.entries(MEETING_KIND_LABELS).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Form.Item name="heldOn" label="会议日期" rules={[{ required: true, message: '请选择会议日期' }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="place" label="会议地点">
            <Input style={{ width: 240 }} maxLength={100} placeholder="如：镇政府三楼会议室" />
          </Form.Item>
        </Space>
        <Form.Item name="title" label="会议名称" rules={[{ required: true, message: '请填写会议名称' }]}>
          <Input maxLength={100} placeholder="如：2026年第三次党政联席会议" />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="chairName" label="主持人">
            <Input style={{ width: 160 }} maxLength={50} />
          </Form.Item>
          <Form.Item
            name="chiefName"
            label="行政首长"
            tooltip="在集体讨论的基础上作出决定，最后发表意见（重大行政决策程序暂行条例第三十条）"
            rules={[{ required: true, message: '请选择行政首长' }]}
          >
            <Select
              style={{ width: 160 }}
              placeholder="从应出席人员中选择"
              options={memberNames.map((n) => ({ value: n, label: n }))}
            />
          </Form.Item>
          <Form.Item name="recorderName" label="记录人">
            <Input style={{ width: 160 }} maxLength={50} />
          </Form.Item>
        </Space>
        <div>
          <Typography.Text strong>参会人员</Typography.Text>
        </div>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          应出席人员计入法定人数（到会须超过半数）；列席人员不计入。
        </Typography.Paragraph>
        <Form.List name="attendees">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} wrap align="start">
                  <Form.Item name={[f.name, 'name']} rules={[{ required: true, message: '请填写姓名' }]}>
                    <Input placeholder="姓名" style={{ width: 140 }} maxLength={50} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'post']}>
                    <Input placeholder="职务" style={{ width: 220 }} maxLength={50} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'role']}>
                    <Select
                      style={{ width: 110 }}
                      options={Object.entries(ATTENDEE_ROLE_LABELS).map(([value, label]) => ({ value, label }))}
                    />
                  </Form.Item>
                  <Button
                    type="text"
                    aria-label="删除"
                    icon={<MinusCircleOutlined />}
                    onClick={() => remove(f.name)}
                    disabled={fields.length === 1}
                  />
                </Space>
              ))}
              <Form.Item>
                <Button icon={<PlusOutlined />} onClick={() => add({ name: '', post: '', role: 'member' })}>
                  添加参会人员
                </Button>
              </Form.Item>
            </>
          )}
        </Form.List>
        <Space>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            保存
          </Button>
          <Button onClick={() => navigate(id ? `/meetings/${id}` : '/meetings')}>取消</Button>
        </Space>
      </Form>
    </Card>
  );
}
