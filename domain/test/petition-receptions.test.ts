/**
 * The contract of 开门接访 and 带案下访 (信访工作条例 art 18): what the schemas accept and
 * the Chinese messages, naming the field, that the forms show when they refuse.
 */
import { describe, expect, it } from 'vitest';
import {
  ReceptionCreateBodySchema,
  ReceptionSlotBodySchema,
  ReceptionSlotUpdateSchema,
  VisitBodySchema,
} from '../src/cases/petition-receptions.ts';

const SLOT = { leaderId: '2', onDate: '2023-03-07', startsAt: '09:00', endsAt: '11:30', place: '镇信访接待室' };
const issues = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  (r.error?.issues ?? []).map((i) => ({ path: i.path.join('.'), message: i.message }));

describe('ReceptionSlotBodySchema', () => {
  it('takes a leader, a day, a time range and a place', () => {
    expect(ReceptionSlotBodySchema.parse(SLOT)).toEqual(SLOT);
  });

  it('refuses an end before the start, a time that is not HH:MM, and a blank place', () => {
    expect(issues(ReceptionSlotBodySchema.safeParse({ ...SLOT, endsAt: '09:00' }))).toEqual([
      { path: 'endsAt', message: '结束时间应晚于开始时间' },
    ]);
    expect(issues(ReceptionSlotBodySchema.safeParse({ ...SLOT, startsAt: '24:00' }))).toEqual([
      { path: 'startsAt', message: '应为HH:MM格式的时间' },
    ]);
    expect(issues(ReceptionSlotBodySchema.safeParse({ ...SLOT, place: '  ' }))[0]).toMatchObject({
      path: 'place',
      message: '请填写接访地点',
    });
    expect(ReceptionSlotBodySchema.safeParse({ ...SLOT, onDate: '2023-02-30' }).success).toBe(false);
  });

  it('checks the range on an update too, when both ends are given', () => {
    expect(ReceptionSlotUpdateSchema.safeParse({ startsAt: '10:00', endsAt: '09:30', version: 1 }).success).toBe(false);
    expect(ReceptionSlotUpdateSchema.safeParse({ published: true, version: 1 }).success).toBe(true);
  });
});

describe('ReceptionCreateBodySchema', () => {
  const answered = { outcome: 'answered', name: '孙大伟', matter: '咨询低保。', answer: '已当场解释。' };
  const petition = {
    outcome: 'petition',
    name: '赵桂兰',
    matter: '村道开裂。',
    category: 'claim',
    field: '农村公路',
    requests: '返工修复。',
  };

  it('takes visitors answered on the spot or registered as petitions; one person by default', () => {
    const body = ReceptionCreateBodySchema.parse({ slotId: '1', visitors: [answered, petition] });
    expect(body.visitors.map((v) => [v.outcome, v.peopleCount])).toEqual([
      ['answered', 1],
      ['petition', 1],
    ]);
  });

  it('asks for the answer of an answered matter and the category of a petition', () => {
    const { answer: _a, ...noAnswer } = answered;
    expect(issues(ReceptionCreateBodySchema.safeParse({ visitors: [noAnswer] }))[0]?.path).toBe('visitors.0.answer');
    const { category: _c, ...noCategory } = petition;
    expect(issues(ReceptionCreateBodySchema.safeParse({ visitors: [noCategory] }))[0]?.path).toBe(
      'visitors.0.category',
    );
  });

  it('needs at least one visitor, and no more than five representatives (art 20 ¶3)', () => {
    expect(issues(ReceptionCreateBodySchema.safeParse({ visitors: [] }))).toEqual([
      { path: 'visitors', message: '请至少登记一位来访人' },
    ]);
    const six = ['甲', '乙', '丙', '丁', '戊', '己'];
    expect(ReceptionCreateBodySchema.safeParse({ visitors: [{ ...petition, representatives: six }] }).success).toBe(
      false,
    );
  });
});

describe('VisitBodySchema', () => {
  it('defaults to no cases and refuses ids that are not numbers', () => {
    const base = { leaderId: '2', visitedOn: '2023-04-20', unitId: '5', peopleMet: '村两委', outcome: '现场协商。' };
    expect(VisitBodySchema.parse(base).caseIds).toEqual([]);
    expect(issues(VisitBodySchema.safeParse({ ...base, caseIds: ['12', 'x'] }))).toEqual([
      { path: 'caseIds.1', message: '所带案件无效' },
    ]);
  });
});
