/**
 * 现场检查记录 (安全生产法 art 68): recording an inspection with its photos and the hazards it
 * found, listing and reading them. A submission from the phone carries its draft's clientId:
 * the same clientId again is the same record (the phone resends after a dead zone without
 * knowing whether the first attempt arrived), answered with the existing record.
 */
import { AppError, type FieldIssue, officersProblem, shanghaiDate } from '@fazhi/domain';
import { SAFETY_OFFICER_FIELD } from '@fazhi/domain/api/safety';
import type {
  InspectionCreateBodySchema,
  InspectionDetail,
  InspectionList,
  InspectionListQuerySchema,
  InspectionOptions,
  PhotoUploadQuerySchema,
  SafetyPhotoView,
} from '@fazhi/domain/api/safety-inspections';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import { caseAccess } from '../../../cases/access.ts';
import { loadOfficers } from '../../../cases/officers.ts';
import type { CaseRegistry } from '../../../cases/registry.ts';
import { townInfo } from '../../../cases/repository.ts';
import type { Auditor, CaseService, PreparedCase } from '../../../cases/service.ts';
import type { Db } from '../../../db/index.ts';
import type { SafetyChecklistItem, SafetyInspectionResult, SafetyPhotosTable } from '../../../db/schema.ts';
import { appendAudit } from '../../../platform/audit.ts';
import type { BlobStore } from '../../../platform/blobs.ts';
import { canReadUnit, canWriteUnit, requireSafetyReader, requireSafetyWriter, type SafetyAccess } from './access.ts';
import { HAZARD_CASE_TYPE, insertHazardCase, prepareHazardCase } from './hazards.ts';
import { readExif, sniffImage } from './photos.ts';
import { inspectionRecord } from './record.ts';
import * as repo from './repository.ts';

type CreateBody = z.output<typeof InspectionCreateBodySchema>;
type ListQuery = z.output<typeof InspectionListQuerySchema>;
type UploadHint = z.output<typeof PhotoUploadQuerySchema>;

export interface InspectionServiceDeps {
  db: Db;
  cases: CaseService;
  registry: CaseRegistry;
  blobs: BlobStore;
}

/** A race lost on the client_id unique index: the other submission's record is the answer. */
class Replayed extends Error {}

function photoView(p: Selectable<SafetyPhotosTable>): SafetyPhotoView {
  return {
    id: String(p.id),
    name: p.name,
    size: Number(p.size),
    mime: p.mime,
    takenAt: p.taken_at ? new Date(p.taken_at).toISOString() : null,
    latitude: p.latitude,
    longitude: p.longitude,
    uploadedAt: new Date(p.uploaded_at).toISOString(),
  };
}

export class InspectionService {
  constructor(private readonly deps: InspectionServiceDeps) {}

  private get db() {
    return this.deps.db;
  }

  // ---------------------------------------------------------------- photos

  async uploadPhoto(
    acc: SafetyAccess,
    file: { name: string; data: Buffer },
    hint: UploadHint,
    now: Date,
    audit: Auditor,
  ): Promise<SafetyPhotoView> {
    requireSafetyWriter(acc);
    const townId = acc.auth.townId;
    if (!townId) throw AppError.forbidden('只有乡镇的安监办可以上传检查照片');
    const sniffed = await sniffImage(file.name, file.data);
    const exif = await readExif(file.data);
    // The file's own EXIF first; a compressed upload has none, so what the phone read from
    // the original before compressing it stands in.
    const takenAt = exif.takenAt ?? (hint.takenAt ? new Date(hint.takenAt) : null);
    const located = exif.latitude !== null && exif.longitude !== null;
    const hinted = hint.latitude !== undefined && hint.longitude !== undefined;
    const blob = await this.deps.blobs.put(file.data);
    const row = await this.db.transaction().execute(async (trx) => {
      const r = await trx
        .insertInto('safety_photos')
        .values({
          town_id: townId,
          inspection_id: null,
          name: sniffed.name,
          size: blob.size,
          mime: sniffed.mime,
          sha256: blob.sha256,
          storage_key: blob.key,
          taken_at: takenAt,
          latitude: located ? exif.latitude : hinted ? (hint.latitude ?? null) : null,
          longitude: located ? exif.longitude : hinted ? (hint.longitude ?? null) : null,
          uploaded_by: acc.auth.userId,
          uploaded_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendAudit(trx, audit('safety.photo.upload', `safety-photo:${r.id}`, { size: blob.size }));
      return r;
    });
    return photoView(row);
  }

  /** A photo's bytes for a reader: of an inspection they read, or one they uploaded (a draft's). */
  async photoFile(acc: SafetyAccess, id: number): Promise<{ data: Buffer; mime: string; name: string }> {
    requireSafetyReader(acc);
    const p = await repo.photo(this.db, id);
    if (!p) throw AppError.notFound('照片');
    if (p.inspection_id === null) {
      if (p.uploaded_by !== acc.auth.userId) throw AppError.notFound('照片');
    } else if (!(await repo.detail(this.db, acc, p.inspection_id))) {
      throw AppError.notFound('照片');
    }
    return { data: await this.deps.blobs.get(p.storage_key), mime: p.mime, name: p.name };
  }

  // ---------------------------------------------------------------- create

  /** The record's id, and whether it already existed (a replay of the same clientId). */
  async create(
    acc: SafetyAccess,
    body: CreateBody,
    now: Date,
    audit: Auditor,
  ): Promise<{ id: number; replay: boolean }> {
    requireSafetyWriter(acc);
    const db = this.db;
    const unit = await repo.unitPlace(db, body.unitId);
    if (!unit || !canReadUnit(acc, unit)) throw AppError.notFound('被检查单位');
    if (!canWriteUnit(acc, unit)) throw AppError.forbidden('只能检查本人负责范围内的生产经营单位');
    const townId = unit.town_id;
    const existing = await repo.byClientId(db, townId, body.clientId);
    if (existing) return { id: Number(existing.id), replay: true };

    const issues: FieldIssue[] = [];
    if (!unit.active) issues.push({ path: 'unitId', message: '被检查单位已注销' });
    if (body.inspectedOn > shanghaiDate(now)) {
      issues.push({ path: 'inspectedOn', message: '检查日期不能晚于今天' });
    }
    if (body.planItemId !== undefined) {
      const item = await db
        .selectFrom('safety_plan_items')
        .select(['unit_id', 'town_id'])
        .where('id', '=', body.planItemId)
        .executeTakeFirst();
      if (!item || item.town_id !== townId || Number(item.unit_id) !== body.unitId) {
        issues.push({ path: 'planItemId', message: '检查计划事项不是该单位的计划' });
      }
    }
    if (body.checklistId !== undefined) {
      const cl = await db
        .selectFrom('safety_checklists')
        .select('town_id')
        .where('id', '=', body.checklistId)
        .executeTakeFirst();
      if (!cl || cl.town_id !== townId) issues.push({ path: 'checklistId', message: '检查表不存在' });
    }
    // 安全生产法 art 67 ¶2 (监督检查人员出示有效的行政执法证件) as the town applies 行政处罚法 art 42:
    // at least two, each certified for 安全生产 on the day of the inspection.
    const problem = officersProblem(
      body.officerIds,
      await loadOfficers(db, townId),
      SAFETY_OFFICER_FIELD,
      body.inspectedOn,
    );
    if (problem) issues.push({ path: 'officerIds', message: `检查人员：${problem.replace(/^执法人员/, '')}` });

    const photoIds = [...new Set([...body.photoIds, ...body.hazards.flatMap((h) => h.photoIds)])];
    const photos = await repo.photosByIds(db, photoIds);
    const photoById = new Map(photos.map((p) => [Number(p.id), p]));
    for (const id of photoIds) {
      const p = photoById.get(id);
      if (!p || p.town_id !== townId) issues.push({ path: 'photoIds', message: `照片（编号 ${id}）不存在` });
      else if (p.inspection_id !== null)
        issues.push({ path: 'photoIds', message: `照片（编号 ${id}）已属于另一份检查记录` });
    }
    if (issues.length > 0) {
      throw new AppError('UNPROCESSABLE', issues.map((i) => i.message).join('；'), { fields: issues });
    }

    const cases = await caseAccess(db, acc.auth, this.deps.registry);
    const plans: PreparedCase[] = [];
    for (const [index, h] of body.hazards.entries()) {
      plans.push(
        await prepareHazardCase(
          this.deps.cases,
          cases,
          { unitId: body.unitId, unitName: unit.name, villageId: unit.village_id, foundOn: body.inspectedOn, index },
          h,
          now,
        ),
      );
    }

    try {
      return await db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto('safety_inspections')
          .values({
            town_id: townId,
            unit_id: body.unitId,
            plan_item_id: body.planItemId ?? null,
            kind: body.kind,
            inspected_on: body.inspectedOn,
            place: body.place,
            checklist_id: body.checklistId ?? null,
            results: JSON.stringify(body.results),
            findings: body.findings,
            action_taken: body.actionTaken,
            officer_ids: [...new Set(body.officerIds)],
            principal_signed: body.principalSigned,
            refusal_note: body.principalSigned ? null : (body.refusalNote ?? null),
            client_id: body.clientId,
            created_by: acc.auth.userId,
            created_at: now,
          })
          .onConflict((oc) => oc.columns(['town_id', 'client_id']).doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!inserted) throw new Replayed();
        const id = Number(inserted.id);
        if (photoIds.length > 0) {
          await trx
            .updateTable('safety_photos')
            .set({ inspection_id: id })
            .where('id', 'in', photoIds)
            .where('inspection_id', 'is', null)
            .execute();
        }
        const caseIds: number[] = [];
        for (const [i, plan] of plans.entries()) {
          const own = body.hazards[i]!.photoIds.map((p) => photoById.get(p)!);
          caseIds.push(await insertHazardCase(trx, this.deps.cases, plan, cases, id, own, now, audit));
        }
        await appendAudit(
          trx,
          audit('safety.inspection.create', `safety-inspection:${id}`, {
            unit: unit.name,
            inspectedOn: body.inspectedOn,
            hazards: caseIds.length,
          }),
        );
        return { id, replay: false };
      });
    } catch (e) {
      if (!(e instanceof Replayed)) throw e;
      const again = await repo.byClientId(db, townId, body.clientId);
      return { id: Number(again!.id), replay: true };
    }
  }

  // ---------------------------------------------------------------- reads

  /** The form's pickers: the units the user may inspect, the town's active checklists. */
  async options(acc: SafetyAccess, now: Date): Promise<InspectionOptions> {
    requireSafetyWriter(acc);
    const units = await repo.writableUnits(this.db, acc);
    const lists = await repo.activeChecklists(this.db, acc.auth.townId ? [acc.auth.townId] : []);
    return {
      today: shanghaiDate(now),
      units: units.map((u) => ({
        id: String(u.id),
        name: u.name,
        address: u.address,
        industry: u.industry,
        villageName: u.village_name,
      })),
      checklists: lists.map((c) => ({
        id: String(c.id),
        title: c.title,
        industry: c.industry,
        items: (c.items as unknown as SafetyChecklistItem[]).map((i) => ({
          code: i.code,
          text: i.text,
          basis: i.basis ?? '',
        })),
      })),
    };
  }

  async list(acc: SafetyAccess, q: ListQuery): Promise<InspectionList> {
    requireSafetyReader(acc);
    const { total, rows } = await repo.list(
      this.db,
      acc,
      { unitId: q.unitId ? Number(q.unitId) : undefined, kind: q.kind, month: q.month },
      q.page,
      q.pageSize,
    );
    return {
      total,
      page: q.page,
      pageSize: q.pageSize,
      canWrite: acc.write.prefixes.length + acc.write.unitIds.length > 0,
      items: rows.map((r) => ({
        id: String(r.id),
        unitId: String(r.unit_id),
        unitName: r.unit_name,
        villageName: r.village_name,
        kind: r.kind,
        inspectedOn: r.inspected_on,
        place: r.place,
        officerNames: r.officer_names,
        problems: Number(r.problems),
        hazards: Number(r.hazards),
        principalSigned: r.principal_signed,
        createdAt: new Date(r.created_at).toISOString(),
      })),
    };
  }

  private async row(acc: SafetyAccess, id: number): Promise<repo.DetailRow> {
    requireSafetyReader(acc);
    const r = await repo.detail(this.db, acc, id);
    if (!r) throw AppError.notFound('检查记录');
    return r;
  }

  async detail(acc: SafetyAccess, id: number): Promise<InspectionDetail> {
    const r = await this.row(acc, id);
    const db = this.db;
    const [officers, photos, hazards] = await Promise.all([
      repo.officersOf(db, r.officer_ids.map(Number)),
      repo.photosOf(db, id),
      repo.hazardCases(db, r.town_id, id),
    ]);
    const keys = await repo.caseAttachmentKeys(
      db,
      hazards.map((h) => Number(h.id)),
    );
    const photoByKey = new Map(photos.map((p) => [p.storage_key, String(p.id)]));
    return {
      id: String(r.id),
      townId: String(r.town_id),
      unitId: String(r.unit_id),
      unitName: r.unit_name,
      villageName: r.village_name,
      kind: r.kind,
      inspectedOn: r.inspected_day,
      place: r.place,
      officerNames: officers.map((o) => o.name),
      problems: Number(r.problems),
      hazards: Number(r.hazards),
      principalSigned: r.principal_signed,
      createdAt: new Date(r.created_at).toISOString(),
      planItemId: r.plan_item_id === null ? null : String(r.plan_item_id),
      checklistId: r.checklist_id === null ? null : String(r.checklist_id),
      results: (r.results as unknown as SafetyInspectionResult[]).map((x) => ({
        code: x.code,
        text: x.text,
        basis: x.basis ?? '',
        result: x.result,
        ...(x.note ? { note: x.note } : {}),
      })),
      findings: r.findings,
      actionTaken: r.action_taken,
      officers: officers.map((o) => ({ id: String(o.id), name: o.name, certNo: o.cert_no })),
      refusalNote: r.refusal_note,
      clientId: r.client_id,
      createdByName: r.created_by_name,
      photos: photos.map(photoView),
      hazardCases: hazards.map((h) => {
        const f = h.fields as Record<string, unknown>;
        return {
          id: String(h.id),
          number: h.number,
          state: h.state,
          description: String(f.description ?? ''),
          level: String(f.level ?? ''),
          photoIds: keys
            .filter((k) => Number(k.case_id) === Number(h.id))
            .flatMap((k) => {
              const p = photoByKey.get(k.storage_key);
              return p ? [p] : [];
            }),
        };
      }),
    };
  }

  /** The 现场检查记录 .docx of a record the user reads. */
  async record(acc: SafetyAccess, id: number): Promise<{ data: Buffer; name: string }> {
    const d = await this.detail(acc, id);
    const r = await this.row(acc, id);
    const town = await townInfo(this.db, r.town_id);
    const data = await inspectionRecord({
      townFullName: town.fullName,
      unitName: d.unitName,
      unitAddress: r.unit_address,
      principalName: r.principal_name,
      kind: d.kind,
      inspectedOn: d.inspectedOn,
      place: d.place,
      officers: d.officers,
      results: d.results,
      findings: d.findings,
      actionTaken: d.actionTaken,
      principalSigned: d.principalSigned,
      refusalNote: d.refusalNote,
      photos: d.photos.map((p) => ({
        takenAt: p.takenAt ? new Date(p.takenAt) : null,
        latitude: p.latitude,
        longitude: p.longitude,
      })),
      hazards: d.hazardCases.map((h) => ({ number: h.number, description: h.description, level: h.level })),
    });
    return { data, name: `${d.inspectedOn}-${d.unitName}-现场检查记录.docx` };
  }
}

export { HAZARD_CASE_TYPE };
