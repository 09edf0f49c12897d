/** The petition (信访) case type with its documents: registered by the module's manifest (./index.ts). */
import { petition } from '@fazhi/domain';
import type { CaseModule } from '../../cases/registry.ts';
import { PETITION_TEMPLATES } from './templates.ts';

export const petitionCaseType: CaseModule = {
  type: petition,
  templates: PETITION_TEMPLATES,
  // Art 30 ¶3 binds from receipt: every 检举控告, and anything flagged when forwarded to 纪检监察.
  confidential: (fields) => fields.confidential === true || fields.category === 'accusation',
};
