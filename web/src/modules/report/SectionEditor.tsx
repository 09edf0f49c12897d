/**
 * The section editor: a list of blocks (正文 paragraph, 二级标题 「（一）」, 三级标题 「1.」), each a
 * plain text area in which a figure is a token 「{mediation.accepted}」, with a live preview
 * underneath that shows every token as its current value + unit, linked to its records.
 *
 * Why not TipTap/ProseMirror: the report needs paragraphs, two heading levels and one inline
 * node, nothing else (no marks, lists, images, tables). A block list of text areas covers that
 * with antd alone: no new dependency in a lock file four people share, nothing added to the
 * bundle, and text areas behave predictably with Chinese IMEs and on a phone. The narrative is
 * stored as ProseMirror-shaped JSON (domain/api/reports.ts), so a TipTap editor with a custom
 * inline `fact` node can replace this component later without a data migration.
 */
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, FunctionOutlined, PlusOutlined } from '@ant-design/icons';
import {
  inlinesFromText,
  inlinesToText,
  type Narrative,
  type NarrativeBlock,
  type ReportDetail,
  type ReportFact,
} from '@fazhi/domain/api/reports';
import { Alert, App, Button, Card, Collapse, Drawer, Empty, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { api, errorMessage } from '../../api.ts';
import { useReportFacts, useReportRefresh } from './reportsApi.ts';
import { NarrativeView } from './reportUi.tsx';

type Kind = 'paragraph' | 'h2' | 'h3';
interface EditBlock {
  id: number;
  kind: Kind;
  text: string;
}

let nextId = 1;
const KIND_OPTIONS = [
  { value: 'paragraph', label: '正文' },
  { value: 'h2', label: '二级标题（一）' },
  { value: 'h3', label: '三级标题 1.' },
];

function toBlocks(n: Narrative): EditBlock[] {
  const blocks = n.content.map((b) => ({
    id: nextId++,
    kind: (b.type === 'heading' ? (b.attrs.level === 2 ? 'h2' : 'h3') : 'paragraph') as Kind,
    text: inlinesToText(b.content),
  }));
  return blocks.length > 0 ? blocks : [{ id: nextId++, kind: 'paragraph', text: '' }];
}

function toNarrative(blocks: EditBlock[]): Narrative {
  const content: NarrativeBlock[] = [];
  for (const b of blocks) {
    const text = b.text.replace(/\r?\n+/g, '').trim();
    if (!text) continue;
    const inl = inlinesFromText(text);
    content.push(
      b.kind === 'paragraph'
        ? { type: 'paragraph', content: inl }
        : { type: 'heading', attrs: { level: b.kind === 'h2' ? 2 : 3 }, content: inl },
    );
  }
  return { type: 'doc', content };
}

export function SectionEditor({
  report,
  sectionKey,
  onClose,
}: {
  report: ReportDetail;
  sectionKey: string | null;
  onClose: () => void;
}) {
  const section = report.sections.find((s) => s.key === sectionKey);
  return (
    <Drawer
      open={!!section}
      onClose={onClose}
      title={section ? `撰写：${section.title}` : ''}
      width="min(960px, 100vw)"
      destroyOnHidden
    >
      {section && (
        <EditorBody
          key={`${section.key}:${section.version}`}
          report={report}
          sectionKey={section.key}
          onClose={onClose}
        />
      )}
    </Drawer>
  );
}

function EditorBody({
  report,
  sectionKey,
  onClose,
}: {
  report: ReportDetail;
  sectionKey: string;
  onClose: () => void;
}) {
  const { message } = App.useApp();
  const section = report.sections.find((s) => s.key === sectionKey)!;
  const [blocks, setBlocks] = useState<EditBlock[]>(() => toBlocks(section.narrative));
  const [saving, setSaving] = useState(false);
  const [picker, setPicker] = useState(false);
  const focus = useRef<{ id: number; start: number; end: number } | null>(null);
  const refs = useRef(new Map<number, HTMLTextAreaElement>());
  const catalogue = useReportFacts(report.id, true);
  const refresh = useReportRefresh();

  const facts = useMemo(() => {
    const all: Record<string, ReportFact> = { ...report.facts };
    for (const m of catalogue.data?.modules ?? []) for (const f of m.facts) all[f.key] = f;
    return all;
  }, [catalogue.data, report.facts]);
  const narrative = useMemo(() => toNarrative(blocks), [blocks]);
  const unknown = useMemo(() => {
    if (!catalogue.data) return [];
    const keys = new Set<string>();
    for (const b of narrative.content)
      for (const n of b.content ?? []) if (n.type === 'fact' && !facts[n.attrs.key]) keys.add(n.attrs.key);
    return [...keys];
  }, [narrative, facts, catalogue.data]);

  const update = (id: number, patch: Partial<EditBlock>) =>
    setBlocks((bs) => bs.map((b) => (b.id === id ? { ...b, ...patch } : b)));
  const move = (i: number, d: -1 | 1) =>
    setBlocks((bs) => {
      const j = i + d;
      if (j < 0 || j >= bs.length) return bs;
      const copy = [...bs];
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
      return copy;
    });
  const addAfter = (i: number) =>
    setBlocks((bs) => [...bs.slice(0, i + 1), { id: nextId++, kind: 'paragraph', text: '' }, ...bs.slice(i + 1)]);

  /** Puts 「{key}」 at the cursor of the last focused block (or at the end of the last block). */
  const insert = (key: string) => {
    const token = `{${key}}`;
    const at = focus.current ?? { id: blocks.at(-1)!.id, start: Number.MAX_SAFE_INTEGER, end: Number.MAX_SAFE_INTEGER };
    const b = blocks.find((x) => x.id === at.id) ?? blocks.at(-1)!;
    // The block's own caret, which it keeps after losing focus to the picker: the last `select`
    // event may not have arrived for the last keystroke typed before the click.
    const el = focus.current ? refs.current.get(b.id) : undefined;
    const start = Math.min(el?.selectionStart ?? at.start, b.text.length);
    const end = Math.min(el?.selectionEnd ?? at.end, b.text.length);
    update(b.id, { text: b.text.slice(0, start) + token + b.text.slice(end) });
    focus.current = { id: b.id, start: start + token.length, end: start + token.length };
    setPicker(false);
    requestAnimationFrame(() => {
      const el = refs.current.get(b.id);
      if (el) {
        el.focus();
        el.setSelectionRange(start + token.length, start + token.length);
      }
    });
  };

  const save = async (submitAfter: boolean) => {
    setSaving(true);
    try {
      let d = await api.put<ReportDetail>(`/api/reports/${report.id}/sections/${encodeURIComponent(sectionKey)}`, {
        version: section.version,
        narrative,
      });
      if (submitAfter) {
        const v = d.sections.find((s) => s.key === sectionKey)!.version;
        d = await api.post<ReportDetail>(
          `/api/reports/${report.id}/sections/${encodeURIComponent(sectionKey)}/submit`,
          {
            version: v,
            submitted: true,
          },
        );
      }
      refresh(d);
      message.success(submitAfter ? '已保存并提交本节' : '已保存');
      onClose();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12}>
      <Alert
        type="info"
        showIcon
        title="段首编号请自行填写，如“（一）”“1.”；数据请点“插入数据”，文中显示为 {数据项}，预览中为当前数值，点击可查看对应案件。"
      />
      <Space wrap>
        <Button icon={<FunctionOutlined />} onClick={() => setPicker(true)} data-testid="insert-fact">
          插入数据
        </Button>
        <Typography.Text type="secondary">承办科室：{section.unitName}</Typography.Text>
      </Space>
      {blocks.map((b, i) => (
        <div key={b.id} style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }} data-testid="editor-block">
          <Select
            aria-label="段落类型"
            size="small"
            style={{ width: 128, flex: 'none' }}
            value={b.kind}
            options={KIND_OPTIONS}
            onChange={(kind: Kind) => update(b.id, { kind })}
          />
          <Input.TextArea
            ref={(el) => {
              const ta = el?.resizableTextArea?.textArea;
              if (ta) refs.current.set(b.id, ta);
              else refs.current.delete(b.id);
            }}
            aria-label={`第${i + 1}段`}
            autoSize={{ minRows: b.kind === 'paragraph' ? 2 : 1, maxRows: 12 }}
            value={b.text}
            style={b.kind !== 'paragraph' ? { fontWeight: 600 } : undefined}
            onChange={(e) => update(b.id, { text: e.target.value })}
            onSelect={(e) => {
              const t = e.currentTarget;
              focus.current = { id: b.id, start: t.selectionStart, end: t.selectionEnd };
            }}
            onKeyDown={(e) => {
              // Enter starts a new paragraph, as in a word processor; Shift+Enter is ignored (one line per block).
              if (e.key === 'Enter' && !e.nativeEvent.isComposing) {
                e.preventDefault();
                addAfter(i);
              }
            }}
          />
          <Space.Compact direction="vertical" size="small" style={{ flex: 'none' }}>
            <Button size="small" icon={<ArrowUpOutlined />} aria-label="上移" onClick={() => move(i, -1)} />
            <Button size="small" icon={<ArrowDownOutlined />} aria-label="下移" onClick={() => move(i, 1)} />
            <Button
              size="small"
              icon={<DeleteOutlined />}
              aria-label="删除本段"
              disabled={blocks.length === 1}
              onClick={() => setBlocks((bs) => bs.filter((x) => x.id !== b.id))}
            />
          </Space.Compact>
        </div>
      ))}
      <Button icon={<PlusOutlined />} type="dashed" block onClick={() => addAfter(blocks.length - 1)}>
        添加段落
      </Button>
      {unknown.length > 0 && (
        <Alert type="error" showIcon title={`以下数据项不存在，请删除或改正：${unknown.join('、')}`} />
      )}
      <Card size="small" title="预览（数据为当前数值）" data-testid="editor-preview">
        <NarrativeView narrative={narrative} facts={facts} year={report.year} townId={report.townId} />
      </Card>
      <Space wrap style={{ justifyContent: 'flex-end', width: '100%' }}>
        <Button onClick={onClose}>取消</Button>
        <Button loading={saving} onClick={() => void save(false)} data-testid="section-save">
          保存
        </Button>
        <Button
          type="primary"
          loading={saving}
          disabled={narrative.content.length === 0 || unknown.length > 0}
          onClick={() => void save(true)}
          data-testid="section-save-submit"
        >
          保存并提交本节
        </Button>
      </Space>
      <FactPicker open={picker} reportId={report.id} onPick={insert} onClose={() => setPicker(false)} />
    </Space>
  );
}

/** 「插入数据」: the town's figures for the year, by module, with their current values. */
function FactPicker({
  open,
  reportId,
  onPick,
  onClose,
}: {
  open: boolean;
  reportId: string;
  onPick: (key: string) => void;
  onClose: () => void;
}) {
  const q = useReportFacts(reportId, open);
  const [filter, setFilter] = useState('');
  const modules = (q.data?.modules ?? [])
    .map((m) => ({ ...m, facts: m.facts.filter((f) => !filter || f.label.includes(filter) || f.key.includes(filter)) }))
    .filter((m) => m.facts.length > 0);
  return (
    <Drawer open={open} onClose={onClose} title="插入数据" width="min(560px, 100vw)">
      <div data-testid="fact-picker">
        <Input.Search
          placeholder="按名称查找，如“受理”"
          allowClear
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          style={{ marginBottom: 12 }}
        />
        {q.isPending ? null : modules.length === 0 ? (
          <Empty description="暂无可插入的数据" />
        ) : (
          <Collapse
            defaultActiveKey={modules.map((m) => m.module)}
            items={modules.map((m) => ({
              key: m.module,
              label: m.moduleLabel,
              children: (
                <Table<ReportFact>
                  rowKey="key"
                  size="small"
                  pagination={false}
                  showHeader={false}
                  dataSource={m.facts}
                  onRow={(f) => ({ onClick: () => onPick(f.key), style: { cursor: 'pointer' } })}
                  columns={[
                    { dataIndex: 'label', render: (v: string) => <span data-testid="fact-option">{v}</span> },
                    {
                      dataIndex: 'display',
                      width: 150,
                      align: 'right',
                      render: (v: string, f) => (
                        <Space size={4}>
                          <strong>{v}</strong>
                          {f.origin === 'manual' && <Tag color="orange">手填</Tag>}
                        </Space>
                      ),
                    },
                  ]}
                />
              ),
            }))}
          />
        )}
      </div>
    </Drawer>
  );
}
