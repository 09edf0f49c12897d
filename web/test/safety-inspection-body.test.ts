/**
 * The phone's draft as the server's contract takes it (domain InspectionCreateBodySchema): only
 * uploaded photos are named, a refusal note only when the principal did not sign (安全生产法
 * art 68 ¶2), a hazard's empty optional fields left out.
 */
import { InspectionCreateBodySchema } from '@fazhi/domain/api/safety-inspections';
import { describe, expect, it } from 'vitest';
import { bodyOf, type Draft } from '../src/modules/safety/offline.ts';

const draft: Draft = {
  clientId: '3b7f3c2e-8a4d-4c1e-9f00-0a1b2c3d4e5f',
  unitId: '7',
  kind: 'comprehensive',
  inspectedOn: '2026-03-02',
  place: '车间',
  checklistId: '3',
  results: [
    { code: 'A1', text: '安全出口畅通', basis: '安全生产法第四十二条', result: 'ok' },
    { code: 'A2', text: '消防器材完好', basis: '', result: 'problem', note: '灭火器过期' },
  ],
  findings: '灭火器过期',
  actionTaken: '',
  officerIds: [1, 2],
  principalSigned: true,
  refusalNote: '写了又改成已签字',
  photos: [
    { key: 'a', name: 'a.jpg', serverId: '11' },
    { key: 'b', name: 'b.jpg' },
  ],
  hazards: [
    {
      key: 'h',
      description: '灭火器过期',
      location: '东侧',
      level: 'general',
      basis: '',
      measure: '更换',
      rectifyDeadline: '',
      responsiblePerson: '',
      photos: [{ key: 'c', name: 'c.jpg', serverId: '12' }],
    },
  ],
};

describe('the draft sent to the server', () => {
  it('passes the contract, naming only the uploaded photos and no refusal note when signed', () => {
    const body = bodyOf(draft);
    const parsed = InspectionCreateBodySchema.parse(body);
    expect(parsed).toMatchObject({ unitId: 7, checklistId: 3, photoIds: [11], officerIds: [1, 2] });
    expect(parsed.refusalNote).toBeUndefined();
    expect(parsed.hazards[0]).toEqual({
      description: '灭火器过期',
      location: '东侧',
      level: 'general',
      measure: '更换',
      photoIds: [12],
    });
    expect(parsed.results[1]).toMatchObject({ result: 'problem', note: '灭火器过期' });
  });

  it('carries the refusal note when the principal refused to sign, and the contract requires it', () => {
    const refused = bodyOf({ ...draft, principalSigned: false });
    expect(InspectionCreateBodySchema.parse(refused).refusalNote).toBe('写了又改成已签字');
    const bare = bodyOf({ ...draft, principalSigned: false, refusalNote: '' });
    const r = InspectionCreateBodySchema.safeParse(bare);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toContain('第六十八条第二款');
  });
});
