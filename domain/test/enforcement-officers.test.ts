import { describe, expect, it } from 'vitest';
import { type CertifiedOfficer, expiringCertificates, officersProblem, reviewerProblem } from '../src/index.ts';

const officer = (id: number, over: Partial<CertifiedOfficer> = {}): CertifiedOfficer => ({
  id,
  name: `执法员${id}`,
  certNo: `ZF-${id}`,
  fields: ['planning'],
  validFrom: '2024-01-01',
  validUntil: '2026-12-31',
  reviewer: false,
  legalQualification: false,
  active: true,
  ...over,
});

describe('行政处罚法第四十二条、第五十五条: two officers with certificates valid for the field', () => {
  const all = [officer(1), officer(2), officer(3, { fields: ['safety'] }), officer(4, { validUntil: '2026-06-30' })];

  it('allows two distinct certified officers', () => {
    expect(officersProblem([1, 2], all, 'planning', '2026-07-01')).toBeNull();
  });
  it('refuses one officer, or the same officer twice (第四十二条: 不得少于两人)', () => {
    expect(officersProblem([1], all, 'planning', '2026-07-01')).toContain('不得少于2人');
    expect(officersProblem([1, 1], all, 'planning', '2026-07-01')).toContain('不得少于2人');
  });
  it('refuses a certificate of another field, and one that ended the day before', () => {
    expect(officersProblem([1, 3], all, 'planning', '2026-07-01')).toContain('执法员3（ZF-3）');
    expect(officersProblem([1, 4], all, 'planning', '2026-06-30')).toBeNull();
    expect(officersProblem([1, 4], all, 'planning', '2026-07-01')).toContain('执法员4（ZF-4）');
  });
  it('refuses an officer who is not on the town’s list', () => {
    expect(officersProblem([1, 99], all, 'planning', '2026-07-01')).toContain('不是本镇在册执法人员');
  });
});

describe('行政处罚法第五十八条第二款: a first-time reviewer holds the 法律职业资格', () => {
  it('refuses a first review without the qualification and allows it with one, or after a first review', () => {
    expect(reviewerProblem(officer(1, { reviewer: true }), false)).toContain('法律职业资格');
    expect(reviewerProblem(officer(1, { reviewer: true, legalQualification: true }), false)).toBeNull();
    expect(reviewerProblem(officer(1, { reviewer: true }), true)).toBeNull();
    expect(reviewerProblem(officer(1), true)).toContain('法制审核人员');
  });
});

describe('certificates ending within 30 days are announced', () => {
  it('lists the ones ending on or before the 30th day, soonest first, and not the inactive', () => {
    const list = [
      officer(1, { validUntil: '2027-01-06' }),
      officer(2, { validUntil: '2027-01-07' }),
      officer(3, { validUntil: '2026-12-10' }),
      officer(4, { validUntil: '2026-12-10', active: false }),
    ];
    expect(expiringCertificates(list, '2026-12-07').map((o) => o.id)).toEqual([3, 1]);
  });
});
