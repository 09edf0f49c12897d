import { describe, expect, it } from 'vitest';
import { lookupsIn, summarize } from '../src/modules/cases/SchemaForm.tsx';

// The JSON schema the server sends for an action's input with a lookup field (zod `.meta({ lookup })`).
const schema = {
  type: 'object',
  properties: {
    decidedOn: { type: 'string', format: 'date', description: '决定日期' },
    officerIds: {
      type: 'array',
      description: '执法人员',
      items: { type: 'integer', lookup: 'enforcement-officers' },
    },
  },
};

describe('the timeline line of an action input', () => {
  it('names the officers picked from the register instead of their ids', () => {
    const labels = new Map([['enforcement-officers', new Map([['12', '赵强（执法证 33990110001）']])]]);
    const line = summarize(schema, { decidedOn: '2025-09-08', officerIds: [12, 15] }, new Map(), labels);
    // An id the list does not know (an officer since removed) stays visible as the id.
    expect(line).toBe('决定日期：2025-09-08；执法人员：赵强（执法证 33990110001）、15');
  });

  it('finds the lookups an input uses, so the case page loads only those lists', () => {
    expect(lookupsIn(schema)).toEqual(['enforcement-officers']);
    expect(lookupsIn({ type: 'object', properties: { note: { type: 'string' } } })).toEqual([]);
  });
});
