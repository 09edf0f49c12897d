/**
 * The party index (parties): one row per identity per town, shared by every case and by
 * what a module records about people (a leader reception's visitors). The ID and phone
 * numbers are stored only as ciphertext beside their lookup hash (the search index the
 * duplicate hint and the confidentiality rule read) and their masked form.
 */
import { maskIdCard, maskPhone } from '@fazhi/domain';
import { sql } from 'kysely';
import type { Db } from '../db/index.ts';
import type { PiiCipher } from '../platform/crypto.ts';

/** A person or organisation as registered, numbers already validated and normalised. */
export interface PartyInput {
  kind: 'person' | 'org';
  name: string;
  idNumber: string | null;
  phone: string | null;
  address: string | null;
  unitId: number | null;
  /** 民族 and 职业, people only; absent = not recorded by this registration. */
  ethnicity?: string | null;
  occupation?: string | null;
}

/**
 * The party's row id in the town. A known ID number identifies the person: their row is
 * reused and refreshed (keeping the phone, address and unit this registration left out),
 * so their cases and receptions meet; otherwise a new row.
 */
export async function upsertParty(
  trx: Db,
  cipher: PiiCipher,
  townId: number,
  p: PartyInput,
  now: Date,
): Promise<number> {
  const idHash = p.idNumber ? cipher.lookupHash(p.idNumber) : null;
  const values = {
    kind: p.kind,
    name: p.name,
    id_enc: p.idNumber ? cipher.encrypt(p.idNumber) : null,
    id_hash: idHash,
    id_masked: p.idNumber ? maskIdCard(p.idNumber) : null,
    phone_enc: p.phone ? cipher.encrypt(p.phone) : null,
    phone_hash: p.phone ? cipher.lookupHash(p.phone) : null,
    phone_masked: p.phone ? maskPhone(p.phone) : null,
    address: p.address,
    unit_id: p.unitId,
    ethnicity: p.kind === 'person' ? (p.ethnicity ?? null) : null,
    occupation: p.kind === 'person' ? (p.occupation ?? null) : null,
    updated_at: now,
  };
  if (idHash) {
    const existing = await trx
      .selectFrom('parties')
      .select('id')
      .where('town_id', '=', townId)
      .where('id_hash', '=', idHash)
      .executeTakeFirst();
    if (existing) {
      await trx
        .updateTable('parties')
        .set({
          ...values,
          // Keep what is known when this registration left it out.
          phone_enc: values.phone_enc ?? sql`phone_enc`,
          phone_hash: values.phone_hash ?? sql`phone_hash`,
          phone_masked: values.phone_masked ?? sql`phone_masked`,
          address: values.address ?? sql`address`,
          unit_id: values.unit_id ?? sql`unit_id`,
          ethnicity: values.ethnicity ?? sql`ethnicity`,
          occupation: values.occupation ?? sql`occupation`,
        })
        .where('id', '=', existing.id)
        .execute();
      return existing.id;
    }
  }
  const r = await trx
    .insertInto('parties')
    .values({ ...values, town_id: townId, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}
