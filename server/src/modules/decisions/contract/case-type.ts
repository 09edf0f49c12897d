/**
 * The 合同审查 case type with its document and the facts outside the case its guards read: the
 * agenda items naming the case (the collective discussion, ../meetings/gate.ts) and how many files
 * the case holds (the signed version). The town's review settings reach the `submit` action as its
 * policy (./settings.ts).
 */
import { contract } from '@fazhi/domain/cases/contract';
import type { CaseModule } from '../../../cases/registry.ts';
import { meetingItemsForCase } from '../meetings/gate.ts';
import { contractPolicy } from './settings.ts';
import { CONTRACT_TEMPLATES } from './templates.ts';

export const contractCaseType: CaseModule = {
  type: contract,
  templates: CONTRACT_TEMPLATES,
  policy: contractPolicy,
  context: async (db, c) => {
    const [meetingItems, files] = await Promise.all([
      meetingItemsForCase(db, c.townId, c.id),
      db
        .selectFrom('attachments')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('town_id', '=', c.townId)
        .where('case_id', '=', c.id)
        .executeTakeFirstOrThrow(),
    ]);
    return { meetingItems, attachments: Number(files.n) };
  },
};
