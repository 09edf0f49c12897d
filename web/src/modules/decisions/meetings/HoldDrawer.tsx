/**
 * 记录会议召开: who came (an absent member with the reason), then per agenda item each view in
 * the order said with the chief's last (重大行政决策程序暂行条例 art 30), the conclusion, the
 * dissent as said, and the reason when the chief decides against the majority. The server checks
 * the quorum and art 30 and names the fields it refuses.
 */
import { ArrowDownOutlined, ArrowUpOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { MeetingDetail, MeetingHoldBody } from '@fazhi/domain/api/decisions-meetings';
import {
  chiefDiffers,
  MEETING_CONCLUSION_LABELS,
  MEETING_VIEW_LABELS,
  type MeetingConclusion,
  type MeetingViewKind,
  quorumOf,
} from '@fazhi/domain/decisions/meetings';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Divider, Drawer, Form, Input, Select, Space, Tag, Typography } from 'antd';
import { api, errorMessage } from '../../../api.ts';
import { applyFieldErrors } from '../../../components/forms.ts';

interface Values {
  minutesNo?: string;
  recorderName?: string;
  attendance: { name: string; present: boolean; absenceReason?: string }[];
  items: {
    id: number;
    views: { name: string; view: MeetingViewKind; words?: string }[];
    conclusion?: MeetingConclusion;
    conclusionText?: string;
    dissent?: string;
    chiefDiffersReason?: string;
  }[];
}

export function HoldDrawer({ d, onClose, onDone }: { d: MeetingDetail; onClose: () => void; onDone: () => void }) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const chief = d.chiefName ?? '';
  const attendance = Form.useWatch('attendance', form) ?? [];
  const items = Form.useWatch('items', form) ?? [];
  const attendees = d.attendees.map((a, i) => ({ ...a, present: attendance[i]?.present ?? true }));
  const quorum = quorumOf(attendees);
  const speakers = attendees.filter((a) => a.present).map((a) => a.name);
  // Members first in the list's order, the chief last: the order most meetings speak in.
  const defaultViews = d.attendees
    .filter((a) => a.role === 'member' && a.name !== chief)
    .map((a) => ({ name: a.name, view: 'agree' as const, words: '' }))
    .concat(chief ? [{ name: chief, view: 'agree' as const, words: '' }] : []);

  const hold = useMutation({
    mutationFn: (v: Values) => {
      const body: MeetingHoldBody = {
        minutesNo: v.minutesNo?.trim() || null,
        recorderName: v.recorderName?.trim() || null,
        attendance: v.attendance.map((a) => ({
          name: a.name,
          present: a.present,
          absenceReason: a.present ? null : a.absenceReason?.trim() || null,
        })),
        items: v.items.map((it) => ({
          id: it.id,
          views: (it.views ?? []).map((x) => ({ name: x.name, view: x.view, words: x.words?.trim() || '' })),
          conclusion: it.conclusion!,
          conclusionText: it.conclusionText ?? '',
          dissent: it.dissent?.trim() || null,
          chiefDiffersReason: it.chiefDiffersReason?.trim() || null,
        })),
        version: d.version,
      };
      return api.post<MeetingDetail>(`/api/meetings/${d.id}/hold`, body);
    },
    onSuccess: () => {
      message.success('已记录会议召开');
      onDone();
    },
    // The fields refused are marked, and the whole message shown: a quorum or order problem
    // concerns a list rather than one input.
    onError: (e) => {
      applyFieldErrors(form, e, ['attendance', 'items', 'minutesNo', 'recorderName']);
      message.error(errorMessage(e));
    },
  });

  return (
    <Drawer
      open
      width={Math.min(920, window.innerWidth)}
      title={`记录会议召开：${d.title}`}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Button type="primary" loading={hold.isPending} onClick={() => form.submit()}>
          保存会议记录
        </Button>
      }
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          minutesNo: d.minutesNo ?? '',
          recorderName: d.recorderName ?? '',
          attendance: d.attendees.map((a) => ({ name: a.name, present: true, absenceReason: '' })),
          items: d.items.map((it) => ({ id: Number(it.id), views: defaultViews, conclusion: undefined })),
        }}
        // Someone marked absent said nothing: their views leave every item's list.
        onValuesChange={(changed: Partial<Values>, all: Values) => {
          if (!changed.attendance) return;
          const absent = new Set(all.attendance.filter((a) => a && !a.present).map((a) => a.name));
          if (absent.size === 0) return;
          form.setFieldValue(
            'items',
            all.items.map((it) => ({ ...it, views: (it.views ?? []).filter((x) => !x || !absent.has(x.name)) })),
          );
        }}
        onFinish={(v) => hold.mutate(v)}
      >
        <Space wrap>
          <Form.Item name="minutesNo" label="纪要编号">
            <Input placeholder="如：〔2026〕3号" maxLength={40} />
          </Form.Item>
          <Form.Item name="recorderName" label="记录人">
            <Input maxLength={50} />
          </Form.Item>
        </Space>
        <Divider titlePlacement="start">出席情况</Divider>
        <Alert
          type={quorum.met ? 'success' : 'error'}
          showIcon
          style={{ marginBottom: 12 }}
          message={`应出席${quorum.members}人，实到${quorum.present}人${
            quorum.met ? '，超过半数' : `，未超过半数（至少应到${quorum.required}人），会议不能作出决定`
          }`}
        />
        {d.attendees.map((a, i) => (
          <Space key={a.name} wrap align="start" style={{ display: 'flex' }}>
            <Form.Item name={['attendance', i, 'name']} hidden>
              <Input />
            </Form.Item>
            <Form.Item name={['attendance', i, 'present']} valuePropName="checked" style={{ marginBottom: 8 }}>
              <Checkbox style={{ width: 260 }}>
                {a.name}
                {a.post ? `（${a.post}）` : ''} {a.role === 'observer' && <Tag>列席</Tag>}
                {a.name === chief && <Tag color="gold">行政首长</Tag>}
              </Checkbox>
            </Form.Item>
            {attendance[i]?.present === false && (
              <Form.Item name={['attendance', i, 'absenceReason']} style={{ marginBottom: 8 }}>
                <Input placeholder="缺席原因" style={{ width: 240 }} maxLength={100} />
              </Form.Item>
            )}
          </Space>
        ))}
        <Form.List name="items">
          {(fields) =>
            fields.map((f, idx) => {
              const it = d.items[idx]!;
              const rec = items[idx];
              const views = (rec?.views ?? []).filter(Boolean);
              const differs = !!rec?.conclusion && chiefDiffers(rec.conclusion, views as never[], attendees, chief);
              return (
                <div key={f.key}>
                  <Divider titlePlacement="start">
                    第{it.seq}项：{it.subject}
                  </Divider>
                  <Form.Item name={[f.name, 'id']} hidden>
                    <Input />
                  </Form.Item>
                  <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                    按发言顺序记录，行政首长{chief}最后发表意见（条例第三十条）。
                  </Typography.Paragraph>
                  <Form.List name={[f.name, 'views']}>
                    {(vf, { add, remove, move }) => (
                      <>
                        {vf.map((v, vi) => (
                          <Space key={v.key} wrap align="start">
                            <span style={{ display: 'inline-block', width: 20, lineHeight: '32px' }}>{vi + 1}.</span>
                            <Form.Item name={[v.name, 'name']} rules={[{ required: true, message: '请选择发言人' }]}>
                              <Select style={{ width: 120 }} options={speakers.map((n) => ({ value: n, label: n }))} />
                            </Form.Item>
                            <Form.Item name={[v.name, 'view']}>
                              <Select
                                style={{ width: 110 }}
                                options={Object.entries(MEETING_VIEW_LABELS).map(([value, label]) => ({
                                  value,
                                  label,
                                }))}
                              />
                            </Form.Item>
                            <Form.Item name={[v.name, 'words']}>
                              <Input placeholder="发言要点（如实记录）" style={{ width: 320 }} maxLength={1000} />
                            </Form.Item>
                            <Button
                              type="text"
                              aria-label="上移"
                              icon={<ArrowUpOutlined />}
                              disabled={vi === 0}
                              onClick={() => move(vi, vi - 1)}
                            />
                            <Button
                              type="text"
                              aria-label="下移"
                              icon={<ArrowDownOutlined />}
                              disabled={vi === vf.length - 1}
                              onClick={() => move(vi, vi + 1)}
                            />
                            <Button
                              type="text"
                              aria-label="删除发言"
                              icon={<MinusCircleOutlined />}
                              onClick={() => remove(v.name)}
                            />
                          </Space>
                        ))}
                        <Form.Item>
                          <Button
                            size="small"
                            icon={<PlusOutlined />}
                            onClick={() =>
                              add({ name: undefined, view: 'agree', words: '' }, Math.max(vf.length - 1, 0))
                            }
                          >
                            添加发言（行政首长之前）
                          </Button>
                        </Form.Item>
                      </>
                    )}
                  </Form.List>
                  <Space wrap align="start">
                    <Form.Item
                      name={[f.name, 'conclusion']}
                      label="会议结论"
                      rules={[{ required: true, message: '请选择会议结论' }]}
                    >
                      <Select
                        style={{ width: 150 }}
                        options={Object.entries(MEETING_CONCLUSION_LABELS).map(([value, label]) => ({ value, label }))}
                      />
                    </Form.Item>
                  </Space>
                  <Form.Item
                    name={[f.name, 'conclusionText']}
                    label="决定事项"
                    rules={[{ required: true, message: '请填写决定事项' }]}
                  >
                    <Input.TextArea rows={2} maxLength={2000} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'dissent']} label="不同意见（如实载明）">
                    <Input.TextArea rows={2} maxLength={2000} placeholder="无不同意见的可不填" />
                  </Form.Item>
                  {differs && (
                    <Form.Item
                      name={[f.name, 'chiefDiffersReason']}
                      label="行政首长决定与多数意见不一致的理由"
                      extra="行政首长拟作出的决定与会议组成人员多数人的意见不一致的，应当在会上说明理由（条例第三十条）"
                      rules={[{ required: true, message: '请填写理由' }]}
                    >
                      <Input.TextArea rows={2} maxLength={2000} />
                    </Form.Item>
                  )}
                </div>
              );
            })
          }
        </Form.List>
      </Form>
    </Drawer>
  );
}
