/** The petition (信访) case type with its documents: registered by the module's manifest (./index.ts). */
import { petition } from '@fazhi/domain';
import type { CaseModule } from '../../cases/registry.ts';
import { PETITION_TEMPLATES } from './templates.ts';

export const petitionCaseType: CaseModule = {
  type: petition,
  templates: PETITION_TEMPLATES,
};
