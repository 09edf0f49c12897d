/**
 * The hazards an inspection registers: one `hazard` case each, through CaseService, with the
 * intake fields of domain/src/cases/hazard.ts `HazardIntakeFields`, and the hazard's photos as
 * the case's attachments (the same blob storage_key: the bytes are stored once). An installation
 * without the safety module's case type refuses an inspection with hazards (prepareHazardCase).
 */
import { AppError, CreateCaseBodySchema, type FieldIssue } from '@fazhi/domain';
import type { InspectionHazardBody } from '@fazhi/domain/api/safety-inspections';
import type { CaseAccess } from '../../../cases/access.ts';
import { insertAttachment } from '../../../cases/repository.ts';
import type { Auditor, CaseService, PreparedCase } from '../../../cases/service.ts';
import type { Db } from '../../../db/index.ts';

export const HAZARD_CASE_TYPE = 'hazard';

type Hazard = Omit<InspectionHazardBody, 'photoIds'> & { photoIds?: number[] | undefined };

/**
 * Everything that can be checked before writing: the case type installed, the user's right to
 * register a hazard there, the type's own validation of the intake fields. The inspection's id
 * is not known yet: insertHazardCase fills it in.
 */
export async function prepareHazardCase(
  cases: CaseService,
  access: CaseAccess,
  at: { unitId: number; unitName: string; villageId: number | null; foundOn: string; index: number },
  h: Hazard,
  now: Date,
): Promise<PreparedCase> {
  if (!cases.registry.find(HAZARD_CASE_TYPE)) {
    throw new AppError('UNPROCESSABLE', '本系统尚未启用安全隐患案件，无法登记隐患', {
      fields: [{ path: 'hazards', message: '未启用安全隐患案件' }],
    });
  }
  const fields: Record<string, unknown> = {
    unitId: at.unitId,
    source: 'inspection',
    foundOn: at.foundOn,
    description: h.description,
    location: h.location,
    level: h.level,
  };
  for (const k of ['basis', 'measure', 'rectifyDeadline', 'responsiblePerson'] as const) {
    if (h[k]) fields[k] = h[k];
  }
  const body = CreateCaseBodySchema.parse({
    type: HAZARD_CASE_TYPE,
    title: `${at.unitName}：${h.description}`.slice(0, 200),
    // Filed under the unit's village, so the village reads it (its scope).
    ...(at.villageId ? { unitId: String(at.villageId) } : {}),
    fields,
  });
  try {
    return await cases.prepareCreate(access, body, now);
  } catch (e) {
    // The case type's messages name its fields; say which hazard of the form they are about.
    if (e instanceof AppError && e.fields) {
      const fieldsOut: FieldIssue[] = e.fields.map((f) => ({
        path: `hazards.${at.index}.${f.path.replace(/^fields\./, '')}`,
        message: `第 ${at.index + 1} 项隐患：${f.message}`,
      }));
      throw AppError.validation(fieldsOut);
    }
    throw e;
  }
}

/** Writes the case (inside the inspection's transaction) and attaches the hazard's photos. */
export async function insertHazardCase(
  trx: Db,
  cases: CaseService,
  plan: PreparedCase,
  access: CaseAccess,
  inspectionId: number,
  photos: readonly { name: string; size: number; mime: string; sha256: string; storage_key: string }[],
  now: Date,
  audit: Auditor,
): Promise<number> {
  plan.created.fields.inspectionId = inspectionId;
  const caseId = await cases.insertPrepared(trx, plan, access, now, audit);
  for (const p of photos) {
    await insertAttachment(trx, {
      town_id: plan.town.id,
      case_id: caseId,
      name: p.name,
      size: p.size,
      mime: p.mime,
      sha256: p.sha256,
      storage_key: p.storage_key,
      uploaded_by: access.auth.userId,
      uploaded_at: now,
    });
  }
  return caseId;
}
