/**
 * 现场检查 on a phone (375 px): the unit, the checklist ticked item by item with big toggles,
 * what was found and done, the inspectors, the principal's signature or the refusal noted
 * (安全生产法 art 68), the hazards with their photos. The draft is kept on the phone as it is
 * typed; a submission without network waits on the phone and is sent when the network returns
 * (./offline.ts), the same record however often it is resent.
 */
import { CameraOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { HAZARD_LEVEL_LABELS, SAFETY_INSPECTION_KIND_LABELS, SAFETY_RESULT_LABELS } from '@fazhi/domain/api/safety';
import { Alert, Button, Card, Input, Radio, Segmented, Select, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../api.ts';
import { type LookupSource, useLookups } from '../../app/lookups.tsx';
import { useInspectionOptions } from './inspectionApi.ts';
import {
  clearDraft,
  compressPhoto,
  type Draft,
  type DraftHazard,
  dequeue,
  enqueue,
  flush,
  getPhotoBlob,
  isOffline,
  type LocalPhoto,
  loadDraft,
  newDraft,
  putPhotoBlob,
  type QueuedInspection,
  queued,
  readPhotoExif,
  saveDraft,
  send,
  uuid,
} from './offline.ts';

const NO_LOOKUP: LookupSource = { useOptions: () => ({ options: [], loading: false }) };
const big = { size: 'large' as const };

function shanghaiToday(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

export function InspectionFormPage() {
  const navigate = useNavigate();
  const options = useInspectionOptions();
  const officers = (useLookups()['enforcement-officers'] ?? NO_LOOKUP).useOptions();
  const [draft, setDraft] = useState<Draft>(() => loadDraft() ?? newDraft(shanghaiToday()));
  const [savedAt, setSavedAt] = useState<string | null>(draft.savedAt ?? null);
  const [waiting, setWaiting] = useState<QueuedInspection[]>([]);
  const [online, setOnline] = useState(navigator.onLine);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  // Every change is on the phone at once: a dead battery or a closed tab loses nothing.
  const update = useCallback((change: Partial<Draft>) => {
    setDraft((d) => {
      const next = { ...d, ...change };
      saveDraft(next);
      setSavedAt(new Date().toISOString());
      return next;
    });
  }, []);

  const refreshQueue = useCallback(async () => setWaiting(await queued()), []);
  const sendWaiting = useCallback(async () => {
    const r = await flush();
    await refreshQueue();
    if (r.sent > 0) setNotice(`已上传 ${r.sent} 份待上传的检查记录`);
  }, [refreshQueue]);

  useEffect(() => {
    void sendWaiting();
    const on = () => {
      setOnline(true);
      void sendWaiting();
    };
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, [sendWaiting]);

  const units = options.data?.units ?? [];
  const unit = units.find((u) => u.id === draft.unitId);
  const lists = options.data?.checklists ?? [];
  const suited = unit
    ? [...lists].sort((a, b) => Number(b.industry === unit.industry) - Number(a.industry === unit.industry))
    : lists;

  const pickChecklist = (id: string | undefined) => {
    const cl = lists.find((c) => c.id === id);
    update({
      checklistId: id,
      results: (cl?.items ?? []).map((i) => ({ code: i.code, text: i.text, basis: i.basis, result: 'ok' as const })),
    });
  };

  const addPhotos = async (files: FileList | null, hazard: number | null) => {
    if (!files) return;
    const added: LocalPhoto[] = [];
    for (const file of [...files]) {
      const exif = await readPhotoExif(file);
      const blob = await compressPhoto(file);
      const key = uuid();
      await putPhotoBlob(key, blob);
      added.push({ key, name: file.name.replace(/\.[^.]+$/, '') + '.jpg', ...exif });
    }
    setDraft((d) => {
      const next =
        hazard === null
          ? { ...d, photos: [...d.photos, ...added] }
          : { ...d, hazards: d.hazards.map((h, i) => (i === hazard ? { ...h, photos: [...h.photos, ...added] } : h)) };
      saveDraft(next);
      setSavedAt(new Date().toISOString());
      return next;
    });
  };

  const setHazard = (i: number, change: Partial<DraftHazard>) =>
    update({ hazards: draft.hazards.map((h, j) => (j === i ? { ...h, ...change } : h)) });

  const localProblem = (): string | null => {
    if (!draft.unitId) return '请选择被检查单位';
    if (!draft.place.trim()) return '请填写检查场所';
    if (new Set(draft.officerIds).size < 2) return '检查人员不得少于2人';
    if (!draft.principalSigned && !draft.refusalNote.trim()) return '负责人拒绝签字的，请记录拒签情况';
    const h = draft.hazards.findIndex((x) => !x.description.trim() || !x.location.trim());
    if (h >= 0) return `请填写第 ${h + 1} 项隐患的描述和部位`;
    return null;
  };

  const submit = async () => {
    const p = localProblem();
    setProblem(p);
    setNotice(null);
    if (p) return;
    setBusy(true);
    const d = draft;
    try {
      await enqueue(d);
      clearDraft();
      setDraft(newDraft(shanghaiToday()));
      setSavedAt(null);
      const q = (await queued()).find((x) => x.clientId === d.clientId)!;
      const r = await send(q);
      await refreshQueue();
      if (r) navigate(`/safety/inspections/${r.id}`);
      else setNotice('当前无网络：检查记录已保存在本机，联网后自动上传');
    } catch (e) {
      // Refused by the server (not a dead zone): straight back into the form to be corrected.
      const back = (await queued()).find((x) => x.clientId === d.clientId);
      if (back && !isOffline(e)) await reopen({ ...back, error: `上传被退回：${errorMessage(e)}` });
      else await refreshQueue();
    } finally {
      setBusy(false);
    }
  };

  /** A refused inspection back into the form, to be corrected and sent again (same clientId). */
  const reopen = async (q: QueuedInspection) => {
    await dequeue(q.clientId);
    const { error: _e, ...rest } = q;
    saveDraft(rest.draft);
    setDraft(rest.draft);
    setProblem(q.error ?? null);
    await refreshQueue();
  };

  return (
    <div className="safety-form" style={{ maxWidth: 640, margin: '0 auto' }}>
      <Card
        size="small"
        title="现场检查"
        extra={
          <Space size={4} wrap>
            {!online && <Tag color="orange">离线</Tag>}
            {savedAt && (
              <Tag color="green" data-testid="draft-saved">
                已保存草稿
              </Tag>
            )}
            {waiting.length > 0 && (
              <Tag color="gold" data-testid="queue-waiting">
                待上传 {waiting.length}
              </Tag>
            )}
          </Space>
        }
        styles={{ body: { display: 'flex', flexDirection: 'column', gap: 12 } }}
      >
        {notice && <Alert type="success" showIcon message={notice} />}
        {waiting
          .filter((q) => q.error)
          .map((q) => (
            <Alert
              key={q.clientId}
              type="error"
              showIcon
              message={`有一份检查记录被退回：${q.error}`}
              action={
                <Button size="small" onClick={() => void reopen(q)}>
                  退回修改
                </Button>
              }
            />
          ))}
        {options.isError && !options.data && (
          <Alert type="warning" showIcon message="无法读取单位和检查表，请联网后重新打开本页" />
        )}

        <Field label="被检查单位">
          <Select
            {...big}
            showSearch
            optionFilterProp="label"
            placeholder="选择单位"
            loading={options.isLoading}
            value={draft.unitId}
            onChange={(v: string) => {
              const u = units.find((x) => x.id === v);
              update({ unitId: v, ...(draft.place ? {} : { place: u?.address ?? '' }) });
            }}
            options={units.map((u) => ({
              value: u.id,
              label: `${u.name}${u.villageName ? `（${u.villageName}）` : ''}`,
            }))}
            aria-label="被检查单位"
          />
        </Field>
        <Field label="检查类型">
          {/* One row of four equal parts at 375 px, so the words are short (综合, 专项…): the full
              labels wrapped, leaving 复查 alone on a line, or were cut in a row. */}
          <Segmented
            block
            size="large"
            aria-label="检查类型"
            value={draft.kind}
            onChange={(v) => update({ kind: v as typeof draft.kind })}
            options={Object.entries(SAFETY_INSPECTION_KIND_LABELS).map(([value, label]) => ({
              value,
              label: label.replace(/检查$/, ''),
              title: label,
            }))}
          />
        </Field>
        <Field label="检查日期">
          <Input
            {...big}
            type="date"
            max={options.data?.today ?? shanghaiToday()}
            value={draft.inspectedOn}
            onChange={(e) => update({ inspectedOn: e.target.value })}
            aria-label="检查日期"
          />
        </Field>
        <Field label="检查场所">
          <Input
            {...big}
            value={draft.place}
            onChange={(e) => update({ place: e.target.value })}
            aria-label="检查场所"
          />
        </Field>

        <Field label="检查表">
          <Select
            {...big}
            allowClear
            placeholder="选择检查表（可不选）"
            value={draft.checklistId}
            onChange={(v: string | undefined) => pickChecklist(v)}
            options={suited.map((c) => ({ value: c.id, label: c.title }))}
            aria-label="检查表"
          />
        </Field>
        {draft.results.map((r, i) => (
          <div key={r.code} className="safety-item" style={{ borderBottom: '1px solid #f0f0f0', paddingBottom: 8 }}>
            <Typography.Text>
              {i + 1}. {r.text}
            </Typography.Text>
            {r.basis && (
              <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                {r.basis}
              </Typography.Text>
            )}
            <Segmented
              block
              size="large"
              style={{ marginTop: 6 }}
              value={r.result}
              onChange={(v) =>
                update({ results: draft.results.map((x, j) => (j === i ? { ...x, result: v as typeof r.result } : x)) })
              }
              options={Object.entries(SAFETY_RESULT_LABELS).map(([value, label]) => ({ value, label }))}
            />
            {r.result === 'problem' && (
              <Input
                style={{ marginTop: 6 }}
                placeholder="问题说明"
                value={r.note ?? ''}
                onChange={(e) =>
                  update({ results: draft.results.map((x, j) => (j === i ? { ...x, note: e.target.value } : x)) })
                }
              />
            )}
          </div>
        ))}

        <Field label="检查情况">
          <Input.TextArea
            rows={3}
            value={draft.findings}
            onChange={(e) => update({ findings: e.target.value })}
            aria-label="检查情况"
          />
        </Field>
        <Field label="处理情况">
          <Input.TextArea
            rows={2}
            value={draft.actionTaken}
            onChange={(e) => update({ actionTaken: e.target.value })}
            aria-label="处理情况"
          />
        </Field>
        <Field label="现场照片">
          <Photos
            photos={draft.photos}
            onAdd={(f) => void addPhotos(f, null)}
            onRemove={(k) => update({ photos: draft.photos.filter((p) => p.key !== k) })}
            testId="photos-main"
          />
        </Field>

        <Field label="检查人员（不少于2人，持安全生产执法证）">
          <Select
            {...big}
            mode="multiple"
            placeholder="选择检查人员"
            loading={officers.loading}
            value={draft.officerIds}
            onChange={(v: number[]) => update({ officerIds: v })}
            options={officers.options.map((o) => ({
              value: Number(o.value),
              label: o.label,
              disabled: o.disabled ?? false,
            }))}
            aria-label="检查人员"
          />
        </Field>

        <Field label="被检查单位负责人签字">
          <Radio.Group
            {...big}
            optionType="button"
            value={draft.principalSigned}
            onChange={(e) => update({ principalSigned: e.target.value })}
            options={[
              { value: true, label: '已签字' },
              { value: false, label: '拒绝签字' },
            ]}
          />
        </Field>
        {!draft.principalSigned && (
          <Field label="拒签情况（安全生产法第六十八条第二款）">
            <Input.TextArea
              rows={2}
              value={draft.refusalNote}
              onChange={(e) => update({ refusalNote: e.target.value })}
              aria-label="拒签情况"
            />
          </Field>
        )}

        <Typography.Title level={5} style={{ margin: '8px 0 0' }}>
          发现的隐患（{draft.hazards.length}）
        </Typography.Title>
        {draft.hazards.map((h, i) => (
          <Card
            key={h.key}
            size="small"
            type="inner"
            title={`隐患 ${i + 1}`}
            extra={
              <Button
                type="text"
                danger
                icon={<DeleteOutlined />}
                aria-label={`删除隐患 ${i + 1}`}
                onClick={() => update({ hazards: draft.hazards.filter((_, j) => j !== i) })}
              />
            }
            styles={{ body: { display: 'flex', flexDirection: 'column', gap: 8 } }}
          >
            <Input.TextArea
              rows={2}
              placeholder="隐患描述"
              aria-label={`隐患 ${i + 1} 描述`}
              value={h.description}
              onChange={(e) => setHazard(i, { description: e.target.value })}
            />
            <Input
              placeholder="隐患部位"
              aria-label={`隐患 ${i + 1} 部位`}
              value={h.location}
              onChange={(e) => setHazard(i, { location: e.target.value })}
            />
            <Segmented
              block
              size="large"
              value={h.level}
              onChange={(v) => setHazard(i, { level: v as DraftHazard['level'] })}
              options={Object.entries(HAZARD_LEVEL_LABELS).map(([value, label]) => ({ value, label }))}
            />
            <Input
              placeholder="违反的规定（可不填）"
              value={h.basis}
              onChange={(e) => setHazard(i, { basis: e.target.value })}
            />
            <Input
              placeholder="整改措施"
              value={h.measure}
              onChange={(e) => setHazard(i, { measure: e.target.value })}
            />
            <Space.Compact block>
              <Input
                type="date"
                aria-label={`隐患 ${i + 1} 整改期限`}
                value={h.rectifyDeadline}
                onChange={(e) => setHazard(i, { rectifyDeadline: e.target.value })}
              />
              <Input
                placeholder="整改责任人"
                value={h.responsiblePerson}
                onChange={(e) => setHazard(i, { responsiblePerson: e.target.value })}
              />
            </Space.Compact>
            <Photos
              photos={h.photos}
              onAdd={(f) => void addPhotos(f, i)}
              onRemove={(k) => setHazard(i, { photos: h.photos.filter((p) => p.key !== k) })}
              testId={`photos-hazard-${i}`}
            />
          </Card>
        ))}
        <Button
          {...big}
          block
          icon={<PlusOutlined />}
          onClick={() =>
            update({
              hazards: [
                ...draft.hazards,
                {
                  key: uuid(),
                  description: '',
                  location: '',
                  level: 'general',
                  basis: '',
                  measure: '',
                  rectifyDeadline: '',
                  responsiblePerson: '',
                  photos: [],
                },
              ],
            })
          }
        >
          添加隐患
        </Button>

        {problem && <Alert type="error" showIcon message={problem} />}
        <Button type="primary" size="large" block loading={busy} onClick={() => void submit()}>
          提交检查记录
        </Button>
      </Card>
    </div>
  );
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
      <Typography.Text strong>{label}</Typography.Text>
      {children}
    </div>
  );
}

function Photos(props: {
  photos: LocalPhoto[];
  onAdd: (files: FileList | null) => void;
  onRemove: (key: string) => void;
  testId: string;
}) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
      {props.photos.map((p) => (
        <Thumb key={p.key} photo={p} onRemove={() => props.onRemove(p.key)} />
      ))}
      <input
        ref={input}
        type="file"
        accept="image/*"
        capture="environment"
        multiple
        hidden
        data-testid={props.testId}
        onChange={(e) => {
          props.onAdd(e.target.files);
          e.target.value = '';
        }}
      />
      <Button style={{ width: 72, height: 72 }} icon={<CameraOutlined />} onClick={() => input.current?.click()}>
        拍照
      </Button>
    </div>
  );
}

function Thumb({ photo, onRemove }: { photo: LocalPhoto; onRemove: () => void }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let made: string | null = null;
    void getPhotoBlob(photo.key).then((b) => {
      if (b) {
        made = URL.createObjectURL(b);
        setUrl(made);
      }
    });
    return () => {
      if (made) URL.revokeObjectURL(made);
    };
  }, [photo.key]);
  return (
    <div style={{ position: 'relative', width: 72, height: 72 }}>
      {url && <img src={url} alt={photo.name} style={{ width: 72, height: 72, objectFit: 'cover', borderRadius: 6 }} />}
      <Button
        size="small"
        shape="circle"
        danger
        icon={<DeleteOutlined />}
        aria-label="删除照片"
        onClick={onRemove}
        style={{ position: 'absolute', top: -6, right: -6 }}
      />
      {photo.takenAt && (
        <span
          style={{
            position: 'absolute',
            bottom: 0,
            left: 0,
            right: 0,
            fontSize: 10,
            background: 'rgba(0,0,0,.5)',
            color: '#fff',
            textAlign: 'center',
          }}
        >
          {new Date(photo.takenAt).toLocaleTimeString('zh-CN', { hour: '2-digit', minute: '2-digit' })}
        </span>
      )}
    </div>
  );
}
