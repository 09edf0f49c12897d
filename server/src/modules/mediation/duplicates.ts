/**
 * The duplicate hint the clerk sees while registering a dispute: open mediation cases the
 * user can see with the same party (by the ID number's lookup hash, or the same name with
 * the same phone's hash), or a dispute of the same type registered in the same village
 * within SAME_VILLAGE_DAYS. Read through `visibleCase`, so it never reveals a case the user
 * could not open.
 */
import { type DuplicateQuery, validateIdCard, validatePhone, validateUscc } from '@fazhi/domain';
import type { CaseAccess } from '../../cases/access.ts';
import type { CaseService } from '../../cases/service.ts';
import { toListItem } from '../../cases/views.ts';
import type { Db } from '../../db/index.ts';
import type { PiiCipher } from '../../platform/crypto.ts';
import { duplicateCandidates } from './repository.ts';

/** How far back a dispute of the same kind in the same village still looks like the same one. */
export const SAME_VILLAGE_DAYS = 90;

export const DUPLICATE_REASONS = {
  id: '同一当事人（身份证号相同）',
  namePhone: '同一当事人（姓名、联系电话相同）',
  village: `同村同类纠纷（近${SAME_VILLAGE_DAYS}日登记）`,
} as const;

/** The value as it was stored at registration (service.validateParties), so the hashes meet. */
function normalisedId(raw: string): string {
  const person = validateIdCard(raw);
  if (person.ok) return person.value;
  const org = validateUscc(raw);
  return org.ok ? org.value : raw.trim().toUpperCase();
}

function normalisedPhone(raw: string): string {
  const r = validatePhone(raw);
  return r.ok ? r.value : raw.replace(/[\s-]/g, '');
}

export async function findDuplicates(
  db: Db,
  cipher: PiiCipher,
  cases: CaseService,
  access: CaseAccess,
  q: DuplicateQuery,
  now: Date,
) {
  const idHash = q.idNumber ? cipher.lookupHash(normalisedId(q.idNumber)) : null;
  const phoneHash = q.phone ? cipher.lookupHash(normalisedPhone(q.phone)) : null;
  const rows = await duplicateCandidates(db, access, {
    idHash,
    namePhone: q.name && phoneHash ? { name: q.name, phoneHash } : null,
    village:
      q.unitId && q.disputeType
        ? {
            unitId: Number(q.unitId),
            disputeType: q.disputeType,
            since: new Date(now.getTime() - SAME_VILLAGE_DAYS * 86_400_000),
          }
        : null,
  });
  if (rows.length === 0) return { items: [] };
  const window = await cases.dueWindow(access, now);
  return {
    items: rows.map((r) => ({
      ...toListItem(r, cases.registry, window),
      reasons: [
        ...(r.by_id ? [DUPLICATE_REASONS.id] : []),
        ...(r.by_name_phone ? [DUPLICATE_REASONS.namePhone] : []),
        ...(r.by_village ? [DUPLICATE_REASONS.village] : []),
      ],
    })),
  };
}
