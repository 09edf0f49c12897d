/**
 * The audit log in words (issue 13): an auditor reads 「案件 湾调〔2026〕13号（矛盾纠纷调解）」 and
 * 「受理：已登记 → 已受理」, not `case:136` and `{"to":"accepted"}`. The stored record stays as
 * written (ids and codes: platform/audit.ts hashes it, and issue 11 keeps personal data out of
 * it); this names its objects when the log is read or exported, from the rows they point at and
 * the case types' own labels. Personal data stays out here too: a case is named by its number
 * and type, never its title (titles carry parties' names); a party by its id only.
 *
 * It lives in core/ because it reads the case registry, the facts and the modules' nouns, which
 * the platform layer below them must not import.
 */
import type { CaseRegistry } from '../cases/registry.ts';
import type { Db } from '../db/index.ts';

export interface AuditRowRef {
  target: string | null;
  details: unknown;
}

export interface AuditWords {
  /** The object in words (「案件 湾调〔2026〕13号（矛盾纠纷调解）」), or null when the row names none. */
  targetLabel: string | null;
  /** The details in words (「受理：已登记 → 已受理；编号：…」), or null when there are none. */
  detailsText: string | null;
}

/** Nouns of the core's target prefixes; modules add theirs (ServerModule.auditTargets). */
const CORE_NOUNS: Record<string, string> = {
  case: '案件',
  document: '文书',
  attachment: '附件',
  user: '用户',
  org: '单位',
  report: '年度报告',
  party: '当事人',
  town: '镇',
  calendar: '工作日历',
  fact: '统计数据',
  audit_log: '审计日志',
};

/** Labels of the detail keys the product writes. Unknown keys are shown as they are. */
const KEY_LABELS: Record<string, string> = {
  number: '编号',
  case: '案件',
  kind: '种类',
  type: '类型',
  title: '标题',
  name: '名称',
  size: '大小',
  year: '年度',
  town: '镇',
  section: '章节',
  unit: '单位',
  note: '说明',
  value: '数值',
  source: '来源',
  filters: '筛选条件',
  changes: '修改内容',
  role: '角色',
  roles: '角色',
  username: '用户名',
  reason: '原因',
  code: '错误代码',
  status: '状态码',
  publishedOn: '公开日期',
  where: '公开渠道',
  template: '模板',
  returns: '下发单位数',
  date: '日期',
  workday: '工作日',
  label: '名称',
  scope: '范围',
  outcome: '结果',
  count: '数量',
  rows: '行数',
  link: '关联',
  due: '到期日',
  basis: '依据',
  clock: '时限',
  demo: '演示数据',
  caseIds: '案件',
  visitedOn: '下访日期',
  facts: '引用数据',
  blocks: '段落数',
};

const MAX_TEXT = 400;

export class AuditWordsService {
  readonly #nouns: Record<string, string>;

  constructor(
    private readonly db: Db,
    private readonly registry: CaseRegistry,
    private readonly factLabel: (key: string) => string | undefined,
    moduleNouns: Readonly<Record<string, string>>,
  ) {
    this.#nouns = { ...CORE_NOUNS, ...moduleNouns };
  }

  /** The words of each row, in order; one batched read per kind of object on the page. */
  async describe(rows: readonly AuditRowRef[]): Promise<AuditWords[]> {
    const ids = (prefix: string) => [
      ...new Set(
        rows.flatMap((r) => {
          const m = /^([a-z_-]+):(\d{1,15})$/.exec(r.target ?? '');
          return m && m[1] === prefix ? [Number(m[2])] : [];
        }),
      ),
    ];
    const caseIds = ids('case');
    const docIds = ids('document');
    const attIds = ids('attachment');
    const userIds = ids('user');
    const orgIds = [...new Set([...ids('org'), ...ids('town')])];
    const reportIds = ids('report');
    // Rows that name their case by number in the details (a document's 文号 target): its type
    // gives the labels of the document kind and the action.
    const caseNumbers = [
      ...new Set(rows.flatMap((r) => (isRecord(r.details) && str(r.details.case) ? [str(r.details.case)!] : []))),
    ];
    const db = this.db;
    const [cases, docs, atts, users, orgs, reports, byNumber] = await Promise.all([
      caseIds.length
        ? db.selectFrom('cases').select(['id', 'number', 'type']).where('id', 'in', caseIds).execute()
        : [],
      docIds.length
        ? db
            .selectFrom('documents as d')
            .leftJoin('cases as c', 'c.id', 'd.case_id')
            .select(['d.id', 'd.kind', 'd.number', 'c.number as case_number', 'c.type as case_type'])
            .where('d.id', 'in', docIds)
            .execute()
        : [],
      attIds.length
        ? db
            .selectFrom('attachments as a')
            .innerJoin('cases as c', 'c.id', 'a.case_id')
            .select(['a.id', 'c.number as case_number'])
            .where('a.id', 'in', attIds)
            .execute()
        : [],
      userIds.length
        ? db.selectFrom('users').select(['id', 'display_name', 'username']).where('id', 'in', userIds).execute()
        : [],
      orgIds.length ? db.selectFrom('org_units').select(['id', 'name']).where('id', 'in', orgIds).execute() : [],
      reportIds.length
        ? db
            .selectFrom('reports as r')
            .innerJoin('org_units as u', 'u.id', 'r.town_id')
            .select(['r.id', 'r.year', 'u.name as town'])
            .where('r.id', 'in', reportIds)
            .execute()
        : [],
      caseNumbers.length
        ? db.selectFrom('cases').select(['number', 'type']).where('number', 'in', caseNumbers).execute()
        : [],
    ]);
    const typeByNumber = new Map(byNumber.map((c) => [c.number, c.type]));
    const caseById = new Map(cases.map((c) => [c.id, c]));
    const docById = new Map(docs.map((d) => [d.id, d]));
    const attById = new Map(atts.map((a) => [a.id, a]));
    const userById = new Map(users.map((u) => [u.id, u]));
    const orgById = new Map(orgs.map((o) => [o.id, o]));
    const reportById = new Map(reports.map((r) => [r.id, r]));

    return rows.map((r) => {
      const m = /^([a-z_-]+):(.+)$/.exec(r.target ?? '');
      const prefix = m?.[1] ?? '';
      const rest = m?.[2] ?? '';
      const id = /^\d{1,15}$/.test(rest) ? Number(rest) : null;
      const details = isRecord(r.details) ? r.details : null;
      let caseType: string | null = (details && typeByNumber.get(str(details.case) ?? '')) ?? null;
      let targetLabel: string | null = r.target;
      const noun = this.#nouns[prefix];
      if (prefix === 'case' && id != null) {
        const c = caseById.get(id);
        caseType = c?.type ?? null;
        targetLabel = c
          ? `案件 ${c.number}（${this.registry.find(c.type)?.type.label ?? c.type}）`
          : `案件 ${str(details?.number) ?? `#${id}`}`;
      } else if (prefix === 'document' && id != null) {
        const d = docById.get(id);
        caseType = d?.case_type ?? null;
        // The number, else the kind's name: a title could be worded after a party.
        const kind = d?.case_type ? this.registry.find(d.case_type)?.type.documents[d.kind] : undefined;
        targetLabel = d
          ? `文书 ${d.number ?? kind ?? d.kind}${d.case_number ? `（案件 ${d.case_number}）` : ''}`
          : `文书 #${id}`;
      } else if (prefix === 'attachment' && id != null) {
        const a = attById.get(id);
        targetLabel = a ? `附件 #${id}（案件 ${a.case_number}）` : `附件 #${id}`;
      } else if (prefix === 'user' && id != null) {
        const u = userById.get(id);
        targetLabel = u ? `用户 ${u.display_name}（${u.username}）` : `用户 #${id}`;
      } else if ((prefix === 'org' || prefix === 'town') && id != null) {
        const o = orgById.get(id);
        targetLabel = `${noun} ${o?.name ?? `#${id}`}`;
      } else if (prefix === 'report' && id != null) {
        const rep = reportById.get(id);
        targetLabel = rep ? `年度报告 ${rep.town} ${rep.year}年度` : `年度报告 #${id}`;
      } else if (prefix === 'fact') {
        // fact:<town id>:<year>:<key>
        const [, year, key] = rest.split(':');
        targetLabel = `统计数据 ${(key && this.factLabel(key)) ?? key ?? rest}${year ? `（${year}年）` : ''}`;
      } else if (noun) {
        targetLabel = `${noun} ${id != null ? `#${id}` : rest}`;
      }
      return { targetLabel, detailsText: details ? this.detailsText(details, caseType, targetLabel) : null };
    });
  }

  /** The details in words; a case action's from/to/action in the case type's own labels. */
  private detailsText(d: Record<string, unknown>, caseType: string | null, targetLabel: string | null): string | null {
    const type = caseType ? this.registry.find(caseType)?.type : undefined;
    const parts: string[] = [];
    const done = new Set<string>();
    if (typeof d.action === 'string' && ('from' in d || 'to' in d)) {
      const action = type?.actions[d.action]?.label ?? d.action;
      const state = (s: unknown) => (typeof s === 'string' ? (type?.states[s]?.label ?? s) : '—');
      parts.push(
        d.from === d.to ? `${action}（状态：${state(d.to)}）` : `${action}：${state(d.from)} → ${state(d.to)}`,
      );
      for (const k of ['action', 'from', 'to']) done.add(k);
    }
    for (const [k, v] of Object.entries(d)) {
      if (done.has(k) || v === undefined || v === null || v === '') continue;
      if (Array.isArray(v) && v.length === 0) continue;
      // Already said by the object's name (the case number of a case or document row).
      if (typeof v === 'string' && targetLabel?.includes(v)) continue;
      let value: string;
      if (k === 'kind' && typeof v === 'string' && type?.documents[v]) value = type.documents[v]!;
      else if (k === 'type' && typeof v === 'string' && this.registry.find(v))
        value = this.registry.find(v)!.type.label;
      else if (k === 'size' && typeof v === 'number') value = v >= 1024 ? `${(v / 1024).toFixed(0)} KB` : `${v} 字节`;
      else value = plain(v);
      parts.push(`${KEY_LABELS[k] ?? k}：${value}`);
    }
    if (parts.length === 0) return null;
    const text = parts.join('；');
    return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v ? v : null;
}

function plain(v: unknown): string {
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (Array.isArray(v)) return v.map(plain).join('、');
  if (isRecord(v)) {
    return Object.entries(v)
      .filter(([, x]) => x !== undefined && x !== null && x !== '')
      .map(([k, x]) => `${KEY_LABELS[k] ?? k} ${plain(x)}`)
      .join('，');
  }
  return String(v);
}
