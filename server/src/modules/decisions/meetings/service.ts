/**
 * The town's collective decision meetings (集体讨论, issue 16; 重大行政决策程序暂行条例 art 30):
 * planned with their attendees and agenda, then recorded as held (attendance, each item's views
 * in the order said with the chief's last, the conclusion, the dissent as said, and the chief's
 * reason when the decision differs from the majority) or cancelled. Every write checks the
 * meeting's `version`, and writes its audit row in the same transaction. The rules of a held
 * meeting are the domain's (decisions/meetings.ts); breaking one is a 422 naming the field.
 */
import { AppError, type FieldIssue } from '@fazhi/domain';
import type {
  CaseMeetings,
  ItemBodySchema,
  ItemsOrderBodySchema,
  ItemUpdateBodySchema,
  MeetingCancelBodySchema,
  MeetingCreateBodySchema,
  MeetingDetail,
  MeetingHoldBodySchema,
  MeetingItemView,
  MeetingList,
  MeetingListQuerySchema,
  MeetingSummary,
  MeetingUpdateBodySchema,
} from '@fazhi/domain/api/decisions-meetings';
import {
  type AttendeeLike,
  isMeetingCaseType,
  itemRecordProblems,
  MEETING_CASE_TYPES,
  quorumOf,
  quorumProblem,
} from '@fazhi/domain/decisions/meetings';
import type { Updateable } from 'kysely';
import type { z } from 'zod';
import { caseAccess } from '../../../cases/access.ts';
import type { CaseRegistry } from '../../../cases/registry.ts';
import { findVisible } from '../../../cases/repository.ts';
import type { Db } from '../../../db/index.ts';
import type { MeetingAttendee, MeetingsTable, MeetingView } from '../../../db/schema.ts';
import { type AuditEntry, type Auditor, appendAudit } from '../../../platform/audit.ts';
import type { AuthContext } from '../../../platform/context.ts';
import { type MeetingAccess, readTown, requireWriter, writeTown } from './access.ts';
import * as repo from './repository.ts';

type ListQuery = z.output<typeof MeetingListQuerySchema>;
type CreateBody = z.output<typeof MeetingCreateBodySchema>;
type UpdateBody = z.output<typeof MeetingUpdateBodySchema>;
type ItemBody = z.output<typeof ItemBodySchema>;
type ItemUpdate = z.output<typeof ItemUpdateBodySchema>;
type OrderBody = z.output<typeof ItemsOrderBodySchema>;
type HoldBody = z.output<typeof MeetingHoldBodySchema>;
type CancelBody = z.output<typeof MeetingCancelBodySchema>;

const unprocessable = (issues: FieldIssue[]) =>
  new AppError('UNPROCESSABLE', issues.map((i) => i.message).join('；'), { fields: issues });
const STALE = () => new AppError('VERSION_CONFLICT', '该会议已被他人修改，请刷新后重试');

function attendeesOf(v: unknown): MeetingAttendee[] {
  return Array.isArray(v) ? (v as MeetingAttendee[]) : [];
}
function viewsOf(v: unknown): MeetingView[] {
  return Array.isArray(v) ? (v as MeetingView[]) : [];
}

export class MeetingService {
  constructor(private readonly deps: { db: Db; registry: CaseRegistry }) {}

  private get db() {
    return this.deps.db;
  }

  private summary(r: repo.MeetingRow): MeetingSummary {
    return {
      id: String(r.id),
      townId: String(r.town_id),
      kind: r.kind,
      title: r.title,
      heldOn: r.held_on,
      place: r.place,
      status: r.status,
      chairName: r.chair_name,
      chiefName: r.chief_name,
      itemCount: Number(r.item_count),
      caseItemCount: Number(r.case_item_count),
      quorum: quorumOf(attendeesOf(r.attendees)),
      version: r.version,
    };
  }

  async list(acc: MeetingAccess, q: ListQuery): Promise<MeetingList> {
    const town = readTown(acc, q.townId);
    const rows = await repo.list(this.db, town.id, {
      year: q.year,
      month: q.year === undefined ? undefined : q.month,
      kind: q.kind,
      status: q.status,
    });
    return {
      town: { id: String(town.id), name: town.name },
      towns: acc.readTowns.map((t) => ({ id: String(t.id), name: t.name })),
      canWrite: acc.writeTowns.includes(town.id),
      items: rows.map((r) => this.summary(r)),
    };
  }

  /** The meeting if the user reads its town, else 404. */
  private async visible(acc: MeetingAccess, id: number): Promise<repo.MeetingDetailRow> {
    const row = await repo.meeting(this.db, id);
    if (!row || !acc.readTowns.some((t) => t.id === row.town_id)) throw AppError.notFound('会议');
    return row;
  }

  /** A planned meeting the user keeps; 404 outside their reach, 409 once held or cancelled. */
  private async planned(acc: MeetingAccess, id: number): Promise<repo.MeetingDetailRow> {
    requireWriter(acc);
    const row = await this.visible(acc, id);
    if (!acc.writeTowns.includes(row.town_id)) throw new AppError('FORBIDDEN', acc.words.write);
    if (row.status === 'held') throw new AppError('CONFLICT', '会议已记录为召开，不能再修改安排或议题');
    if (row.status === 'cancelled') throw new AppError('CONFLICT', '会议已取消');
    return row;
  }

  private typeLabel(type: string): string {
    return this.deps.registry.find(type)?.type.label ?? type;
  }

  async get(acc: MeetingAccess, id: number): Promise<MeetingDetail> {
    const row = await this.visible(acc, id);
    const items = await repo.items(this.db, row.town_id, id);
    const access = await caseAccess(this.db, acc.auth, this.deps.registry);
    const open = await repo.visibleCaseIds(
      this.db,
      access,
      items.flatMap((i) => (i.case_id === null ? [] : [i.case_id])),
    );
    return {
      ...this.summary(row),
      attendees: attendeesOf(row.attendees).map((a) => ({
        name: a.name,
        post: a.post || null,
        role: a.role,
        present: a.present,
        absenceReason: a.absenceReason ?? null,
      })),
      recorderName: row.recorder_name,
      minutesNo: row.minutes_no,
      cancelReason: row.cancel_reason,
      canWrite: acc.writeTowns.includes(row.town_id),
      createdByName: row.created_by_name,
      items: items.map(
        (i): MeetingItemView => ({
          id: String(i.id),
          seq: i.seq,
          subject: i.subject,
          case:
            i.case_id === null
              ? null
              : {
                  id: String(i.case_id),
                  // The number and title only to a reader of the case; the others see that one is named.
                  number: open.has(i.case_id) ? i.case_number : null,
                  title: open.has(i.case_id) ? (i.case_title ?? '') : '（无权查看的案件）',
                  type: i.case_type ?? '',
                  typeLabel: this.typeLabel(i.case_type ?? ''),
                  canOpen: open.has(i.case_id),
                },
          views: viewsOf(i.views).map((v) => ({ name: v.name, view: v.view, words: v.words ?? '' })),
          chiefView: i.chief_view,
          conclusion: i.conclusion,
          conclusionText: i.conclusion_text,
          dissent: i.dissent,
          chiefDiffersReason: i.chief_differs_reason,
        }),
      ),
    };
  }

  // ── Planning ─────────────────────────────────────────────────────────────────────────────

  private attendeesPlanned(list: CreateBody['attendees']): MeetingAttendee[] {
    return list.map((a) => ({ name: a.name, post: a.post ?? '', role: a.role, present: true }));
  }

  async create(acc: MeetingAccess, b: CreateBody, now: Date, audit: Auditor): Promise<MeetingDetail> {
    const townId = writeTown(acc, b.townId);
    const id = await this.db.transaction().execute(async (trx) => {
      const id = await repo.insertMeeting(trx, {
        town_id: townId,
        kind: b.kind,
        title: b.title,
        held_on: b.heldOn,
        place: b.place || null,
        chair_name: b.chairName || null,
        chief_name: b.chiefName,
        recorder_name: b.recorderName || null,
        attendees: repo.jsonb(this.attendeesPlanned(b.attendees)),
        created_by: acc.auth.userId,
        created_at: now,
        updated_at: now,
      });
      await appendAudit(trx, audit('meeting.create', `meeting:${id}`, { title: b.title, heldOn: b.heldOn }));
      return id;
    });
    return this.get(acc, id);
  }

  private async save(
    id: number,
    version: number,
    set: Updateable<MeetingsTable>,
    entry: AuditEntry,
    more?: (trx: Db) => Promise<void>,
  ) {
    await this.db.transaction().execute(async (trx) => {
      if (!(await repo.updateMeeting(trx, id, version, set))) throw STALE();
      if (more) await more(trx);
      await appendAudit(trx, entry);
    });
  }

  async update(acc: MeetingAccess, id: number, b: UpdateBody, now: Date, audit: Auditor): Promise<MeetingDetail> {
    const row = await this.planned(acc, id);
    const attendees = b.attendees ? this.attendeesPlanned(b.attendees) : attendeesOf(row.attendees);
    const chief = b.chiefName ?? row.chief_name ?? '';
    if (!attendees.some((a) => a.name === chief && a.role === 'member')) {
      throw unprocessable([{ path: 'chiefName', message: '行政首长应列为应出席人员' }]);
    }
    const set: Updateable<MeetingsTable> = {
      ...(b.kind !== undefined ? { kind: b.kind } : {}),
      ...(b.title !== undefined ? { title: b.title } : {}),
      ...(b.heldOn !== undefined ? { held_on: b.heldOn } : {}),
      ...(b.place !== undefined ? { place: b.place || null } : {}),
      ...(b.chairName !== undefined ? { chair_name: b.chairName || null } : {}),
      ...(b.chiefName !== undefined ? { chief_name: b.chiefName } : {}),
      ...(b.recorderName !== undefined ? { recorder_name: b.recorderName || null } : {}),
      ...(b.attendees !== undefined ? { attendees: repo.jsonb(attendees) } : {}),
      updated_at: now,
    };
    const changed = Object.keys(b).filter((k) => k !== 'version');
    await this.save(id, b.version, set, audit('meeting.update', `meeting:${id}`, { title: row.title, changed }));
    return this.get(acc, id);
  }

  /**
   * The case an item may name: one the user sees (the case engine's visibility; else 422, so a
   * case's existence is not confirmed), of the meeting's town, of a type that has a collective
   * discussion (MEETING_CASE_TYPES, read from the case).
   */
  private async checkCase(acc: MeetingAccess, townId: number, caseId: number | null | undefined): Promise<void> {
    if (caseId == null) return;
    const access = await caseAccess(this.db, acc.auth, this.deps.registry);
    const c = await findVisible(this.db, access, caseId);
    if (!c || c.town_id !== townId) {
      throw unprocessable([{ path: 'caseId', message: '关联案件不存在、不属于本镇或无权查看' }]);
    }
    if (!isMeetingCaseType(c.type)) {
      const allowed = MEETING_CASE_TYPES.map((t) => this.typeLabel(t)).join('、');
      throw unprocessable([
        {
          path: 'caseId',
          message: `${this.typeLabel(c.type)}无需集体讨论，议题只能关联${allowed}`,
        },
      ]);
    }
  }

  async addItem(acc: MeetingAccess, id: number, b: ItemBody, now: Date, audit: Auditor): Promise<MeetingDetail> {
    const row = await this.planned(acc, id);
    if (Number(row.item_count) >= 99) throw unprocessable([{ path: 'subject', message: '议题不得超过99项' }]);
    await this.checkCase(acc, row.town_id, b.caseId);
    await this.save(
      id,
      b.version,
      { updated_at: now },
      audit('meeting.item.add', `meeting:${id}`, { title: row.title, subject: b.subject, caseId: b.caseId ?? null }),
      async (trx) => {
        await repo.insertItem(trx, {
          townId: row.town_id,
          meetingId: id,
          subject: b.subject,
          caseId: b.caseId ?? null,
        });
      },
    );
    return this.get(acc, id);
  }

  private async itemOf(row: repo.MeetingDetailRow, itemId: number) {
    const items = await repo.items(this.db, row.town_id, row.id);
    const item = items.find((i) => i.id === itemId);
    if (!item) throw AppError.notFound('议题');
    return { item, items };
  }

  async updateItem(
    acc: MeetingAccess,
    id: number,
    itemId: number,
    b: ItemUpdate,
    now: Date,
    audit: Auditor,
  ): Promise<MeetingDetail> {
    const row = await this.planned(acc, id);
    const { item } = await this.itemOf(row, itemId);
    if (b.caseId !== undefined) await this.checkCase(acc, row.town_id, b.caseId);
    await this.save(
      id,
      b.version,
      { updated_at: now },
      audit('meeting.item.update', `meeting:${id}`, {
        title: row.title,
        item: item.seq,
        changed: Object.keys(b).filter((k) => k !== 'version'),
      }),
      (trx) =>
        repo.updateItem(trx, id, itemId, {
          ...(b.subject !== undefined ? { subject: b.subject } : {}),
          ...(b.caseId !== undefined ? { case_id: b.caseId } : {}),
        }),
    );
    return this.get(acc, id);
  }

  async removeItem(
    acc: MeetingAccess,
    id: number,
    itemId: number,
    version: number,
    now: Date,
    audit: Auditor,
  ): Promise<MeetingDetail> {
    const row = await this.planned(acc, id);
    const { item } = await this.itemOf(row, itemId);
    await this.save(
      id,
      version,
      { updated_at: now },
      audit('meeting.item.remove', `meeting:${id}`, { title: row.title, subject: item.subject }),
      (trx) => repo.deleteItem(trx, id, itemId),
    );
    return this.get(acc, id);
  }

  async reorder(acc: MeetingAccess, id: number, b: OrderBody, now: Date, audit: Auditor): Promise<MeetingDetail> {
    const row = await this.planned(acc, id);
    const items = await repo.items(this.db, row.town_id, id);
    const have = new Set(items.map((i) => i.id));
    if (b.itemIds.length !== items.length || b.itemIds.some((x) => !have.has(x))) {
      throw unprocessable([{ path: 'itemIds', message: '议题顺序应列出本次会议的全部议题，各一次' }]);
    }
    await this.save(
      id,
      b.version,
      { updated_at: now },
      audit('meeting.item.reorder', `meeting:${id}`, { title: row.title }),
      (trx) => repo.renumber(trx, id, b.itemIds),
    );
    return this.get(acc, id);
  }

  async cancel(acc: MeetingAccess, id: number, b: CancelBody, now: Date, audit: Auditor): Promise<MeetingDetail> {
    const row = await this.planned(acc, id);
    await this.save(
      id,
      b.version,
      { status: 'cancelled', cancel_reason: b.reason, updated_at: now },
      audit('meeting.cancel', `meeting:${id}`, { title: row.title, reason: b.reason }),
    );
    return this.get(acc, id);
  }

  // ── Recording as held ────────────────────────────────────────────────────────────────────

  /**
   * Records the meeting as held: who came (every planned attendee once; an absent member with
   * the reason), the quorum (decisions/meetings.ts `quorumProblem`), and every agenda item's
   * record (the views in the order said with the chief's last, the conclusion, the chief's
   * reason when it differs from the majority: 条例 art 30). All or nothing: one problem refuses
   * the whole record with a 422 naming each field.
   */
  async hold(acc: MeetingAccess, id: number, b: HoldBody, now: Date, audit: Auditor): Promise<MeetingDetail> {
    const row = await this.planned(acc, id);
    const planned = attendeesOf(row.attendees);
    const issues: FieldIssue[] = [];
    const byName = new Map(b.attendance.map((a, i) => [a.name, { ...a, i }]));
    if (byName.size !== b.attendance.length) issues.push({ path: 'attendance', message: '出席情况中有重复的人员' });
    for (const [name, a] of byName) {
      if (!planned.some((p) => p.name === name))
        issues.push({ path: `attendance.${a.i}.name`, message: `${name}不在本次会议的参会人员名单中` });
    }
    const attendees: MeetingAttendee[] = planned.map((p) => {
      const a = byName.get(p.name);
      if (!a) issues.push({ path: 'attendance', message: `请记录${p.name}是否出席` });
      const present = a?.present ?? false;
      const reason = a?.absenceReason?.trim() || undefined;
      if (a && !present && !reason && p.role === 'member')
        issues.push({ path: `attendance.${a.i}.absenceReason`, message: `请填写${p.name}的缺席原因` });
      return {
        name: p.name,
        post: p.post,
        role: p.role,
        present,
        ...(present || !reason ? {} : { absenceReason: reason }),
      };
    });
    if (issues.length > 0) throw unprocessable(issues);
    const q = quorumProblem(attendees);
    if (q) throw unprocessable([{ path: 'attendance', message: q }]);
    const chief = row.chief_name ?? '';
    const items = await repo.items(this.db, row.town_id, id);
    if (items.length === 0) throw unprocessable([{ path: 'items', message: '会议没有议题，请先添加议题' }]);
    const records = new Map(b.items.map((r, i) => [r.id, { ...r, i }]));
    if (records.size !== b.items.length) issues.push({ path: 'items', message: '同一议题记录了两次' });
    for (const [k, r] of b.items.entries()) {
      if (!items.some((it) => it.id === r.id)) issues.push({ path: `items.${k}.id`, message: '议题不属于本次会议' });
    }
    for (const it of items) {
      const r = records.get(it.id);
      if (!r) {
        issues.push({ path: 'items', message: `请记录第${it.seq}项议题“${it.subject}”的讨论情况` });
        continue;
      }
      const att: AttendeeLike[] = attendees;
      for (const p of itemRecordProblems(r, att, chief)) {
        issues.push({ path: `items.${r.i}.${p.path}`, message: `第${it.seq}项议题：${p.message}` });
      }
    }
    if (issues.length > 0) throw unprocessable(issues);
    await this.save(
      id,
      b.version,
      {
        status: 'held',
        attendees: repo.jsonb(attendees),
        ...(b.minutesNo !== undefined ? { minutes_no: b.minutesNo || null } : {}),
        ...(b.recorderName !== undefined ? { recorder_name: b.recorderName || null } : {}),
        updated_at: now,
      },
      audit('meeting.hold', `meeting:${id}`, {
        title: row.title,
        present: attendees.filter((a) => a.present).length,
        items: items.length,
      }),
      async (trx) => {
        for (const it of items) {
          const r = records.get(it.id)!;
          const views: MeetingView[] = r.views.map((v) => ({ name: v.name, view: v.view, words: v.words ?? '' }));
          await repo.updateItem(trx, id, it.id, {
            views: repo.jsonb(views),
            chief_view: views.at(-1)?.words || null,
            conclusion: r.conclusion,
            conclusion_text: r.conclusionText,
            dissent: r.dissent || null,
            chief_differs_reason: r.chiefDiffersReason || null,
          });
        }
      },
    );
    return this.get(acc, id);
  }

  // ── The case's page ──────────────────────────────────────────────────────────────────────

  /** The agenda items naming a case, for anyone who reads the case (404 otherwise). */
  async ofCase(auth: AuthContext | null, acc: MeetingAccess | null, caseId: number): Promise<CaseMeetings> {
    const access = await caseAccess(this.db, auth, this.deps.registry);
    const c = await findVisible(this.db, access, caseId);
    if (!c) throw AppError.notFound('案件');
    const rows = await repo.itemsOfCase(this.db, c.town_id, caseId);
    const reads = acc?.readTowns.some((t) => t.id === c.town_id) ?? false;
    return {
      items: rows.map((r) => ({
        meetingId: String(r.meeting_id),
        itemId: String(r.item_id),
        kind: r.kind,
        title: r.title,
        heldOn: r.held_on,
        status: r.status,
        subject: r.subject,
        conclusion: r.conclusion,
        conclusionText: r.conclusion_text,
        canOpen: reads,
      })),
    };
  }

  /** The meeting and its town for the 纪要 (held meetings only). */
  async forMinutes(acc: MeetingAccess, id: number): Promise<MeetingDetail> {
    const d = await this.get(acc, id);
    if (d.status !== 'held') throw new AppError('CONFLICT', '会议尚未记录为召开，没有会议纪要');
    return d;
  }
}
