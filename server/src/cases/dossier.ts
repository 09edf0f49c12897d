/**
 * 卷宗 (case file) export, for every case type: the cover, the index and the record of
 * handling built as .docx on the GB/T 9704 form layout, then every issued document and
 * every attachment, numbered as the index numbers them.
 *
 * - zip: `00 卷宗目录.docx` first, then `01 卷宗封面`, `02 办理过程记录`, the documents (each
 *   .docx, and its PDF when LibreOffice is installed) and the attachments as uploaded.
 * - pdf: one merged PDF (cover, index, record, documents, and the attachments that are PDFs
 *   or JPEG/PNG images); needs LibreOffice, else a 422 saying so.
 *
 * Visibility is the case detail's (`findVisible`: 404 outside scope); the route audits it.
 */
import { type AnyCaseType, AppError, choiceLabel, INT4_MAX, labelAt, shanghaiDate } from '@fazhi/domain';
import type { PDFDocument } from 'pdf-lib';
import type { Db } from '../db/index.ts';
import { toBuffer } from '../documents/build.ts';
import {
  type DossierEvent,
  type DossierIndexRow,
  dossierCover,
  dossierIndex,
  dossierTimeline,
} from '../documents/dossier.ts';
import type { BlobStore } from '../platform/blobs.ts';
import { loadJsZip, loadPdfLib } from '../platform/lazy-libs.ts';
import type { CaseAccess } from './access.ts';
import type { CaseRegistry } from './registry.ts';
import {
  caseAttachmentFiles,
  caseDocumentFiles,
  casePartiesMasked,
  findVisible,
  loadEvents,
  townInfo,
  unitName,
  userNames as userNamesById,
} from './repository.ts';
import { formatShanghai } from './service.ts';
import { actionLabel, basicInfoText } from './views.ts';

export type DossierFormat = 'zip' | 'pdf';

export interface DossierDeps {
  db: Db;
  registry: CaseRegistry;
  blobs: BlobStore;
  /** Overridable for tests; defaults to documents/render.ts. */
  render?: {
    hasLibreOffice(): Promise<boolean>;
    docxToPdfMany(docxs: readonly Buffer[]): Promise<Buffer[]>;
  };
}

export interface Dossier {
  fileName: string;
  mime: string;
  data: Buffer;
  number: string;
  /** Materials listed in the index. */
  materials: number;
}

const PDF_MIME = 'application/pdf';
const ZIP_MIME = 'application/zip';
/** Formats that are compressed already: stored as they are in the zip. */
const STORED = /^(image\/(jpeg|png|gif|webp)|application\/(zip|pdf|x-7z|vnd\.openxmlformats))/;

/** Characters Windows and macOS refuse in a file name, and control characters. */
function safeName(name: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed.
  return name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').trim() || '未命名';
}

function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes}B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)}KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)}MB`;
}

async function pageCount(pdf: Buffer): Promise<number | null> {
  try {
    const { PDFDocument } = await loadPdfLib();
    return (await PDFDocument.load(pdf, { ignoreEncryption: true, updateMetadata: false })).getPageCount();
  } catch {
    return null;
  }
}

interface Material {
  name: string;
  number: string | null;
  date: string;
  note: string;
  kind: 'sheet' | 'document' | 'attachment';
  /** .docx of a sheet or document; an attachment's bytes. */
  data: Buffer;
  mime: string;
  /** File name in the zip without the number prefix and (for docx) the extension. */
  base: string;
  pdf?: Buffer | undefined;
  pages?: number | null | undefined;
}

export async function buildDossier(
  deps: DossierDeps,
  access: CaseAccess,
  caseId: number,
  format: DossierFormat,
  now: Date,
): Promise<Dossier> {
  const { db } = deps;
  const row = await findVisible(db, access, caseId);
  if (!row) throw AppError.notFound('案件');
  const render = deps.render ?? (await import('../documents/render.ts'));
  const withPdf = await render.hasLibreOffice();
  if (format === 'pdf' && !withPdf) {
    throw new AppError(
      'UNPROCESSABLE',
      '服务器未安装 LibreOffice，无法生成 PDF 卷宗；请导出 zip 卷宗（含全部 .docx 文书）',
    );
  }
  const mod = deps.registry.get(row.type);
  const type = mod.type;
  const [events, documents, attachments, parties, town, unit, people] = await Promise.all([
    loadEvents(db, caseId),
    caseDocumentFiles(db, caseId),
    caseAttachmentFiles(db, caseId),
    casePartiesMasked(db, caseId),
    townInfo(db, row.town_id),
    row.unit_id ? unitName(db, row.unit_id) : Promise.resolve(null),
    userNamesById(db, [row.assignee_id ?? 0, row.owner_leader_id ?? 0]),
  ]);
  const nameOf = (id: number | null) => (id == null ? null : (people.get(id) ?? null));
  const organ = mod.dossierOrgan?.(row.fields, town) ?? town.fullName;
  const today = shanghaiDate(now);

  // 受理: the date the type's accept action recorded, else that action's event.
  const acceptedField = typeof row.fields.acceptedOn === 'string' ? row.fields.acceptedOn : null;
  const acceptEvent = events.find((e) => e.action === 'accept');
  const acceptedOn = acceptedField ?? (acceptEvent ? shanghaiDate(acceptEvent.at) : null);
  // 办结: the first event that took the case into a final state.
  const closing = events.find((e) => e.from_state !== e.to_state && type.states[e.to_state]?.terminal === true);
  const closedOn = row.terminal && closing ? shanghaiDate(closing.at) : null;
  const stateLabel = (s: string) => type.states[s]?.label ?? s;

  const userIds = events.flatMap((e) => {
    const input = ((e.data ?? {}) as { input?: Record<string, unknown> }).input ?? {};
    return Object.entries(input)
      .filter(([k, v]) => USER_FIELD.test(k) && typeof v === 'string' && /^\d+$/.test(v))
      .map(([, v]) => Number(v));
  });
  const userNames = await userNamesOf(db, userIds);
  const timelineEvents: DossierEvent[] = events.map((e) => {
    const notes: string[] = [];
    const data = (e.data ?? {}) as Record<string, unknown>;
    const input = data.input && typeof data.input === 'object' ? (data.input as Record<string, unknown>) : null;
    if (input) {
      const text = inputSummary(type, e.action, input, userNames);
      if (text) notes.push(text);
    }
    if (typeof data.opinion === 'string' && data.opinion) notes.push(`意见：${data.opinion}`);
    if (e.note) notes.push(e.note);
    if (e.action.startsWith('issue:') && typeof data.number === 'string') notes.push(`文号：${data.number}`);
    if (e.action.startsWith('issue:') && typeof data.replacesNumber === 'string') {
      notes.push(`更正并替换${data.replacesNumber}`);
    }
    if (e.action.startsWith('void:') && typeof data.number === 'string') notes.push(`文号：${data.number}`);
    if (e.action.startsWith('void:') && typeof data.reason === 'string') notes.push(`作废原因：${data.reason}`);
    if (e.action === 'attach' && typeof data.name === 'string') notes.push(`文件：${data.name}`);
    const edit = basicInfoText(e.action, data);
    if (edit) notes.push(edit.slice('修改基本信息：'.length));
    return {
      seq: e.seq,
      at: formatShanghai(e.at),
      actor: e.actor_name,
      action: actionLabel(type, e.action),
      transition:
        e.from_state && e.from_state !== e.to_state ? `${stateLabel(e.from_state)} → ${stateLabel(e.to_state)}` : null,
      note: notes.join('；'),
    };
  });

  const materialCount = 2 + documents.length + attachments.length;
  const coverDocx = await toBuffer(
    dossierCover({
      organ,
      typeLabel: type.label,
      number: row.number,
      title: row.title,
      unitName: unit ?? town.name,
      parties: parties.map((p) => {
        const role = type.parties?.roles[p.role] ?? p.role;
        const id = p.id_masked ? `（${p.kind === 'org' ? '统一社会信用代码' : '证件号码'} ${p.id_masked}）` : '';
        return `${role}：${p.name}${id}`;
      }),
      acceptedOn,
      closedOn,
      stateLabel: stateLabel(row.state),
      assigneeName: nameOf(row.assignee_id),
      ownerLeaderName: nameOf(row.owner_leader_id),
      filedBy: access.auth.displayName,
      filedOn: today,
      materials: materialCount,
    }),
  );
  const timelineDocx = await toBuffer(
    dossierTimeline({ organ, number: row.number, title: row.title, events: timelineEvents }),
  );
  const firstEvent = events[0];
  const lastEvent = events.at(-1);

  const materials: Material[] = [
    {
      kind: 'sheet',
      name: '卷宗封面',
      number: null,
      date: today,
      note: '',
      data: coverDocx,
      mime: '',
      base: '卷宗封面',
    },
    {
      kind: 'sheet',
      name: '办理过程记录',
      number: null,
      date: lastEvent ? shanghaiDate(lastEvent.at) : today,
      note: firstEvent ? `共${events.length}项` : '',
      data: timelineDocx,
      mime: '',
      base: '办理过程记录',
    },
  ];
  for (const d of documents) {
    materials.push({
      kind: 'document',
      name: d.title,
      number: d.number,
      date: shanghaiDate(d.issued_at),
      note: `${d.display_name}出具${d.voided_at ? '，已作废' : ''}`,
      data: await deps.blobs.get(d.storage_key),
      mime: '',
      base: `${d.title}${d.number ? `（${d.number}）` : ''}`,
    });
  }
  for (const a of attachments) {
    materials.push({
      kind: 'attachment',
      name: a.name,
      number: null,
      date: shanghaiDate(a.uploaded_at),
      note: '附件',
      data: await deps.blobs.get(a.storage_key),
      mime: a.mime,
      base: a.name,
    });
  }

  // Every .docx to PDF in one LibreOffice run, when it is installed: the index gives pages.
  const docx = materials.filter((m) => m.kind !== 'attachment');
  if (withPdf) {
    const pdfs = await render.docxToPdfMany(docx.map((m) => m.data));
    docx.forEach((m, i) => {
      m.pdf = pdfs[i];
    });
  }
  for (const m of materials) {
    if (m.pdf) m.pages = await pageCount(m.pdf);
    else if (m.mime === PDF_MIME) m.pages = await pageCount(m.data);
  }

  // The merged PDF takes the attachments it can show as pages; the index says the rest are kept apart (原件另附).
  const mergeable = (m: Material) => m.mime === PDF_MIME || m.mime === 'image/jpeg' || m.mime === 'image/png';
  const rows: DossierIndexRow[] = materials.map((m, i) => ({
    seq: i + 1,
    name: m.name,
    number: m.number,
    date: m.date,
    extent: m.pages ? `${m.pages}页` : fileSize(m.data.length),
    note: format === 'pdf' && m.kind === 'attachment' && !mergeable(m) ? '原件另附' : m.note,
  }));
  const indexDocx = await toBuffer(dossierIndex({ organ, number: row.number, title: row.title, rows }));
  const indexPdf = withPdf ? (await render.docxToPdfMany([indexDocx]))[0] : undefined;

  const width = Math.max(2, String(materials.length).length);
  const prefix = (n: number) => String(n).padStart(width, '0');
  const baseName = safeName(`${row.number}卷宗`);

  if (format === 'pdf') {
    const { PDFDocument } = await loadPdfLib();
    const merged = await PDFDocument.create();
    merged.setTitle(`${row.number} ${row.title} 卷宗`);
    merged.setCreator('法治平台');
    merged.setCreationDate(now);
    const append = async (pdf: Buffer) => {
      const src = await PDFDocument.load(pdf, { ignoreEncryption: true });
      for (const p of await merged.copyPages(src, src.getPageIndices())) merged.addPage(p);
    };
    const [cover, timeline, ...rest] = materials;
    await append(cover!.pdf!);
    await append(indexPdf!);
    await append(timeline!.pdf!);
    for (const m of rest) {
      if (m.pdf) await append(m.pdf);
      else if (m.mime === PDF_MIME) await append(m.data).catch(() => undefined);
      else if (m.mime === 'image/jpeg' || m.mime === 'image/png') await appendImage(merged, m).catch(() => undefined);
    }
    const data = Buffer.from(await merged.save());
    return { fileName: `${baseName}.pdf`, mime: PDF_MIME, data, number: row.number, materials: materials.length };
  }

  const JSZip = await loadJsZip();
  const zip = new JSZip();
  const date = new Date(now);
  const add = (name: string, data: Buffer, mime: string) =>
    zip.file(name, data, { date, compression: STORED.test(mime) ? 'STORE' : 'DEFLATE' });
  const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  add(`${prefix(0)} 卷宗目录.docx`, indexDocx, DOCX);
  if (indexPdf) add(`${prefix(0)} 卷宗目录.pdf`, indexPdf, PDF_MIME);
  materials.forEach((m, i) => {
    const p = prefix(i + 1);
    if (m.kind === 'attachment') {
      add(`${p} ${safeName(m.base)}`, m.data, m.mime);
      return;
    }
    add(`${p} ${safeName(m.base)}.docx`, m.data, DOCX);
    if (m.pdf) add(`${p} ${safeName(m.base)}.pdf`, m.pdf, PDF_MIME);
  });
  const data = await zip.generateAsync({ type: 'nodebuffer', compressionOptions: { level: 6 } });
  return { fileName: `${baseName}.zip`, mime: ZIP_MIME, data, number: row.number, materials: materials.length };
}

/** Action inputs that name a user of the town (承办人, 主办调解员, 包案领导): shown by name. */
const USER_FIELD = /^(assigneeId|ownerLeaderId|mediatorId)$/;

/**
 * 打印全部现行文书: every valid (not voided) document of the case, in issue order, as one PDF
 * to print the set at once. Needs LibreOffice (else 422); visibility as the detail's.
 */
export async function currentDocumentsPdf(
  deps: DossierDeps,
  access: CaseAccess,
  caseId: number,
  now: Date,
): Promise<{ fileName: string; data: Buffer; number: string; documents: number }> {
  const { db } = deps;
  const row = await findVisible(db, access, caseId);
  if (!row) throw AppError.notFound('案件');
  const documents = (await caseDocumentFiles(db, caseId)).filter((d) => !d.voided_at);
  if (documents.length === 0) throw new AppError('UNPROCESSABLE', '本案尚无有效文书可打印');
  const render = deps.render ?? (await import('../documents/render.ts'));
  if (!(await render.hasLibreOffice())) {
    throw new AppError('UNPROCESSABLE', '服务器未安装 LibreOffice，无法合并打印；请逐份下载文书');
  }
  const pdfs = await render.docxToPdfMany(await Promise.all(documents.map((d) => deps.blobs.get(d.storage_key))));
  const { PDFDocument } = await loadPdfLib();
  const merged = await PDFDocument.create();
  merged.setTitle(`${row.number} ${row.title} 现行文书`);
  merged.setCreator('法治平台');
  merged.setCreationDate(now);
  for (const pdf of pdfs) {
    const src = await PDFDocument.load(pdf, { ignoreEncryption: true });
    for (const p of await merged.copyPages(src, src.getPageIndices())) merged.addPage(p);
  }
  return {
    fileName: safeName(`${row.number}-现行文书.pdf`),
    data: Buffer.from(await merged.save()),
    number: row.number,
    documents: documents.length,
  };
}

async function userNamesOf(db: Db, ids: number[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)].filter((x) => Number.isSafeInteger(x) && x >= 1 && x <= INT4_MAX);
  if (unique.length === 0) return new Map();
  const names = await userNamesById(db, unique);
  return new Map([...names].map(([id, name]) => [String(id), name]));
}

/**
 * What an action recorded, as the case page's timeline shows it: '分流途径：人民调解；调解组织：…',
 * each field by its Chinese label, choices by their labels, people by name. Structured values
 * (lists of records) are left to the documents that hold them.
 */
function inputSummary(
  type: AnyCaseType,
  action: string,
  input: Record<string, unknown>,
  names: ReadonlyMap<string, string>,
): string {
  const base = action.includes(':') ? action.slice(action.indexOf(':') + 1) : action;
  const schema = type.actions[base]?.input as unknown;
  const fieldSchema = (key: string): unknown => {
    let def = (schema as { _zod?: { def: Record<string, unknown> } } | undefined)?._zod?.def;
    while (def && 'innerType' in def) def = (def.innerType as { _zod?: { def: Record<string, unknown> } })._zod?.def;
    return (def?.shape as Record<string, unknown> | undefined)?.[key];
  };
  const unwrap = (f: unknown): unknown => {
    let node = f as { _zod?: { def: Record<string, unknown> } } | undefined;
    while (node?._zod?.def && 'innerType' in node._zod.def) node = node._zod.def.innerType as typeof node;
    return node;
  };
  const parts: string[] = [];
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined || value === null || value === '') continue;
    const label = labelAt(schema, [key]) ?? key;
    let text: string | null = null;
    if (USER_FIELD.test(key) && typeof value === 'string') text = names.get(value) ?? value;
    else if (typeof value === 'string') text = choiceLabel(unwrap(fieldSchema(key)), value);
    else if (typeof value === 'number') text = String(value);
    else if (typeof value === 'boolean') text = value ? '是' : '否';
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) text = value.join('、');
    if (text) parts.push(`${label}：${text}`);
  }
  return parts.join('；');
}

/** A JPEG or PNG attachment as one A4 page, scaled to fit inside 20 mm margins. */
async function appendImage(merged: PDFDocument, m: Material) {
  const img = m.mime === 'image/png' ? await merged.embedPng(m.data) : await merged.embedJpg(m.data);
  const [w, h] = [595.28, 841.89];
  const margin = 56.7;
  const scale = Math.min((w - 2 * margin) / img.width, (h - 2 * margin) / img.height, 1);
  const page = merged.addPage([w, h]);
  const iw = img.width * scale;
  const ih = img.height * scale;
  page.drawImage(img, { x: (w - iw) / 2, y: h - margin - ih, width: iw, height: ih });
}
