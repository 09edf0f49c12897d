/**
 * Links between cases (issue 12): one generic row, case → case, with a kind
 * (domain/engine/links.ts). Nothing here names a case type: a module that creates one
 * case from another calls `linkCases` inside its own transaction, so the link is written
 * (and rolled back) with the new case.
 *
 * Today no service creates a case from another case: a campaign's screening entry becomes
 * a mediation case (the entry is not a case) and a reception's visitor becomes a petition
 * (the reception is not a case), and those keep their own `case_id` columns. `linkCases`
 * is for the coming modules (a hazard or 图斑 leading to a penalty case, a penalty leading
 * to enforcement) and for any future conversion between case types.
 *
 * Who sees what. A link is listed on a case's page only when the reader may see the case
 * at the other end (`visibleCase`); a link to a case the reader may not see is left out
 * altogether, not shown as a placeholder: even 「一件无权查看的案件」 would tell a 村居干部
 * that, say, a confidential petition exists about their village. Naming the other case in
 * a request (by id or number) answers the same "not found" whether it does not exist or is
 * out of sight.
 *
 * Who writes what. Creating a link needs the right to work the `from` case and sight of
 * both; removing one needs sight of both and the right to work either end (a link that
 * is wrong shows on both pages). Both are audited `case.link` / `case.unlink` with the two
 * case numbers and the kind: never a title or a party's name.
 */
import {
  AppError,
  CASE_LINK_KINDS,
  type CaseLinkKind,
  type CaseLinksResponse,
  type CaseLinkView,
  caseLinkLabel,
  SYMMETRIC_LINK_KINDS,
} from '@fazhi/domain';
import type { Db } from '../db/index.ts';
import type { Auditor } from '../platform/audit.ts';
import { appendAudit } from '../platform/audit.ts';
import { type CaseAccess, type CaseRef, canWriteAt } from './access.ts';
import type { CaseRegistry } from './registry.ts';
import {
  caseEnds,
  deleteLink,
  findLink,
  findVisible,
  findVisibleCaseBy,
  insertLink as insertLinkRow,
  linkOnCase,
  linksOfCase,
  visibleLinkEnds,
} from './repository.ts';

export interface LinkCasesInput {
  fromCaseId: number;
  toCaseId: number;
  kind: CaseLinkKind;
  note?: string | null | undefined;
  /** The user recording the link (the one whose request creates the case). */
  userId: number;
  now: Date;
}

interface CaseEnd {
  id: number;
  town_id: number;
  number: string;
}

/**
 * Records a link inside the caller's transaction. The caller has already checked that its
 * user may see both cases and work the `from` one (a service creating a case from another
 * has); this checks what holds for every link: two different cases of one town, not linked
 * so already (409). Audited `case.link` with both case numbers.
 */
export async function linkCases(trx: Db, input: LinkCasesInput, audit: Auditor): Promise<number> {
  const { fromCaseId, toCaseId } = input;
  if (fromCaseId === toCaseId) throw AppError.validation([{ path: 'toCaseId', message: '关联案件不能是本案件' }]);
  const ends = await caseEnds(trx, [fromCaseId, toCaseId]);
  const from = ends.find((e) => e.id === fromCaseId);
  const to = ends.find((e) => e.id === toCaseId);
  if (!from) throw AppError.notFound('案件');
  if (!to) throw AppError.validation([{ path: 'toCaseId', message: '关联案件不存在' }]);
  return insertLink(trx, from, to, input, audit);
}

async function insertLink(trx: Db, from: CaseEnd, to: CaseEnd, input: LinkCasesInput, audit: Auditor) {
  const { kind } = input;
  if (from.town_id !== to.town_id) {
    throw AppError.validation([{ path: 'toCaseId', message: '关联案件：只能关联本乡镇的案件' }]);
  }
  const label = CASE_LINK_KINDS[kind].label;
  const duplicate = () =>
    new AppError('CONFLICT', `案件 ${from.number} 与 ${to.number} 已有「${label}」关联，不能重复添加`);
  if (SYMMETRIC_LINK_KINDS.includes(kind)) {
    const reverse = await findLink(trx, from.town_id, to.id, from.id, kind);
    if (reverse) throw duplicate();
  }
  // ON CONFLICT settles two clerks adding the same link at once: the second gets the 409.
  const id = await insertLinkRow(trx, {
    town_id: from.town_id,
    from_case_id: from.id,
    to_case_id: to.id,
    kind,
    note: input.note?.trim() || null,
    created_by: input.userId,
    created_at: input.now,
  });
  if (id === undefined) throw duplicate();
  await appendAudit(
    trx,
    audit('case.link', `case:${from.id}`, { link: String(id), from: from.number, to: to.number, kind }),
  );
  return id;
}

function refOf(row: {
  type: string;
  unit_id: number | null;
  unit_path: string;
  created_by: number;
  assignee_id: number | null;
}): CaseRef {
  return {
    type: row.type,
    unitId: row.unit_id,
    unitPath: row.unit_path,
    createdBy: row.created_by,
    assigneeId: row.assignee_id,
  };
}

export type CreateLinkRequest =
  | { toCaseId: number; kind: CaseLinkKind; note?: string | undefined }
  | { toNumber: string; kind: CaseLinkKind; note?: string | undefined };

export class CaseLinkService {
  constructor(private readonly deps: { db: Db; registry: CaseRegistry }) {}

  /** The links of a case the reader may see, both ways, oldest first. */
  async list(access: CaseAccess, caseId: number): Promise<CaseLinksResponse> {
    const db = this.deps.db;
    const row = await findVisible(db, access, caseId);
    if (!row) throw AppError.notFound('案件');
    const links = await linksOfCase(db, row.town_id, caseId);
    const otherIds = [...new Set(links.map((l) => (l.from_case_id === caseId ? l.to_case_id : l.from_case_id)))];
    const others = await visibleLinkEnds(db, access, row.town_id, otherIds);
    const visible = new Map(others.map((o) => [o.id, o]));
    const writesThis = canWriteAt(access, refOf(row));
    const items: CaseLinkView[] = [];
    for (const l of links) {
      const outgoing = l.from_case_id === caseId;
      const other = visible.get(outgoing ? l.to_case_id : l.from_case_id);
      if (!other) continue;
      const type = this.deps.registry.find(other.type)?.type;
      items.push({
        id: String(l.id),
        kind: l.kind,
        direction: outgoing ? 'outgoing' : 'incoming',
        label: caseLinkLabel(l.kind, outgoing ? 'outgoing' : 'incoming'),
        note: l.note,
        createdAt: l.created_at.toISOString(),
        createdByName: l.display_name,
        other: {
          id: String(other.id),
          type: other.type,
          typeLabel: type?.label ?? other.type,
          number: other.number,
          title: other.title,
          state: other.state,
          stateLabel: type?.states[other.state]?.label ?? other.state,
          terminal: other.terminal,
        },
        canDelete: writesThis || canWriteAt(access, refOf(other)),
      });
    }
    return { items, canCreate: writesThis };
  }

  /** Links case `caseId` (the `from` end) to another the user names by id or number. */
  async create(access: CaseAccess, caseId: number, body: CreateLinkRequest, now: Date, audit: Auditor) {
    return this.deps.db.transaction().execute(async (trx) => {
      const from = await findVisible(trx, access, caseId);
      if (!from) throw AppError.notFound('案件');
      if (!canWriteAt(access, refOf(from))) throw AppError.forbidden('没有办理此案件的权限，不能添加关联');
      // A number names one case per town; of several, the one in this case's town.
      const found = await findVisibleCaseBy(
        trx,
        access,
        'toCaseId' in body ? { id: body.toCaseId } : { number: body.toNumber.trim() },
        from.town_id,
      );
      if (!found) {
        throw 'toCaseId' in body
          ? AppError.validation([{ path: 'toCaseId', message: '关联案件：未找到该案件，或无权查看' }])
          : AppError.validation([
              { path: 'toNumber', message: `关联案件编号：未找到编号为「${body.toNumber.trim()}」的案件，或无权查看` },
            ]);
      }
      if (found.id === from.id) throw AppError.validation([{ path: 'toCaseId', message: '关联案件不能是本案件' }]);
      const id = await insertLink(
        trx,
        from,
        found,
        { fromCaseId: from.id, toCaseId: found.id, kind: body.kind, note: body.note, userId: access.auth.userId, now },
        audit,
      );
      return { id: String(id) };
    });
  }

  /** Removes a link shown on case `caseId`'s page. */
  async remove(access: CaseAccess, caseId: number, linkId: number, audit: Auditor): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      const here = await findVisible(trx, access, caseId);
      if (!here) throw AppError.notFound('案件');
      const link = await linkOnCase(trx, here.town_id, caseId, linkId);
      const otherId = link ? (link.from_case_id === caseId ? link.to_case_id : link.from_case_id) : 0;
      const other = link ? await findVisible(trx, access, otherId) : undefined;
      // A link to a case out of sight is not listed, so it is not found either.
      if (!link || !other) throw AppError.notFound('关联');
      if (!canWriteAt(access, refOf(here)) && !canWriteAt(access, refOf(other))) {
        throw AppError.forbidden('没有办理这两件案件的权限，不能删除关联');
      }
      await deleteLink(trx, link.id);
      const [from, to] = link.from_case_id === caseId ? [here, other] : [other, here];
      await appendAudit(
        trx,
        audit('case.unlink', `case:${from.id}`, {
          link: String(link.id),
          from: from.number,
          to: to.number,
          kind: link.kind,
        }),
      );
    });
  }
}
