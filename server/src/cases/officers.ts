/**
 * The town's enforcement officers as the shared rules take them (domain
 * `enforcement/officers.ts`): read by every enforcement case type's context hook
 * (registry.ts `context`) and by the officers' register.
 */
import type { CertifiedOfficer } from '@fazhi/domain';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

export async function loadOfficers(db: Kysely<DB>, townId: number): Promise<CertifiedOfficer[]> {
  const rows = await db
    .selectFrom('enforcement_officers')
    .select([
      'id',
      'name',
      'cert_no',
      'cert_fields',
      'valid_from',
      'valid_until',
      'reviewer',
      'legal_qualification',
      'active',
    ])
    .where('town_id', '=', townId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    name: r.name,
    certNo: r.cert_no,
    fields: r.cert_fields,
    validFrom: r.valid_from,
    validUntil: r.valid_until,
    reviewer: r.reviewer,
    legalQualification: r.legal_qualification,
    active: r.active,
  }));
}
