/** The petition (信访) case type with its documents: one line in cases/modules.ts registers it. */
import { petition } from '@fazhi/domain';
import type { CaseModule } from '../registry.ts';
import { PETITION_TEMPLATES } from './templates.ts';

export const petitionModule: CaseModule = {
  type: petition,
  templates: PETITION_TEMPLATES,
};
