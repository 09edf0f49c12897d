/**
 * Data entered once (decision 0007) and 修改基本信息 (issue 13): the declarations are checked
 * when the type loads, an action is filled from the document it is recorded from and refuses a
 * value that contradicts it, and an edit of basic information is an event in words.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  AppError,
  actionPrefill,
  applyAction,
  basicInfoFields,
  type CaseSnapshot,
  CaseTypeDefinitionError,
  choice,
  defineCaseType,
  mediation,
  petition,
} from '../src/index.ts';

const spec = () => ({
  key: 'demo',
  label: '演示事项',
  numbering: '{town}演〔{year}〕{seq}号',
  fields: z.object({
    receivedOn: z.string().describe('收到日期'),
    kind: choice({ a: '甲类', b: '乙类' }, '类别'),
    summary: z.string().trim().min(1).describe('简要情况'),
    reason: z.string().optional().describe('理由'),
  }),
  states: {
    open: { label: '办理中' },
    done: { label: '已办结', terminal: true },
  } as Record<string, { label: string; terminal?: boolean }>,
  initial: 'open',
  create: { roles: ['xinfang'] },
  access: { read: ['xinfang'] },
  documents: { notice: '告知书', memo: '备忘录' } as Record<string, string>,
  issuable: { memo: { states: ['open'] } } as Record<string, unknown>,
  basicInfo: ['kind', 'summary'] as string[],
  actions: {
    finish: {
      label: '办结',
      from: ['open'],
      to: 'done',
      roles: ['xinfang'],
      input: z.object({ reason: z.string().trim().min(1).describe('办结理由'), on: z.string().describe('办结日期') }),
      requires: { documents: ['notice'] },
      prefill: { document: 'notice', fields: { reason: 'why' } } as Record<string, unknown> | undefined,
      effects: (_c: unknown, input: { reason: string }) => ({ reason: input.reason }),
    },
  } as Record<string, Record<string, unknown>>,
  clocks: {
    limit: {
      label: '办理期限',
      start: { on: 'create', from: 'receivedOn' },
      length: 15,
      unit: 'd',
      stopOn: ['finish'],
      basis: '信访工作条例 第23条',
    },
  },
});
type Spec = ReturnType<typeof spec>;

function problemsOf(change: (s: Spec) => void): string[] {
  const s = spec();
  change(s);
  try {
    defineCaseType(s as never);
  } catch (e) {
    if (e instanceof CaseTypeDefinitionError) return e.problems;
    throw e;
  }
  return [];
}

describe('defineCaseType: prefill and basicInfo declarations', () => {
  it('accepts the valid declaration', () => {
    expect(problemsOf(() => {})).toEqual([]);
  });
  const rows: [string, (s: Spec) => void, string][] = [
    [
      'prefill from an undeclared document',
      (s) => (s.actions.finish!.prefill = { document: 'nope', fields: { reason: 'why' } }),
      'action "finish" prefill: document "nope" is not declared in documents',
    ],
    [
      'prefill from a document the action neither requires nor is prepared by',
      (s) => (s.actions.finish!.prefill = { document: 'memo', fields: { reason: 'why' } }),
      'action "finish" prefill: the action neither requires nor is prepared by "memo"',
    ],
    [
      'prefill into a field the action does not take',
      (s) => (s.actions.finish!.prefill = { document: 'notice', fields: { because: 'why' } }),
      'action "finish" prefill: "because" is not an input field of the action',
    ],
    [
      'prefill mapping nothing',
      (s) => (s.actions.finish!.prefill = { document: 'notice', fields: {} }),
      'action "finish" prefill: fields must map at least one input field',
    ],
    [
      'one document field feeding two action fields',
      (s) => (s.actions.finish!.prefill = { document: 'notice', fields: { reason: 'why', on: 'why' } }),
      'action "finish" prefill: document field "why" feeds two action fields',
    ],
    [
      'basicInfo naming a field outside the registration',
      (s) => (s.basicInfo = ['kind', 'handler']),
      'basicInfo "handler": is not a field of the registration (intake) schema',
    ],
    [
      'basicInfo naming the date a clock starts from',
      (s) => (s.basicInfo = ['receivedOn']),
      'basicInfo "receivedOn": a clock starts from it; editing it would move a statutory deadline',
    ],
  ];
  it.each(rows)('refuses %s', (_what, change, problem) => {
    expect(problemsOf(change)).toContain(problem);
  });

  it('the product types load with their declarations', () => {
    expect(mediation.actions.record_session.prefill?.document).toBe('session_record');
    expect(petition.basicInfo).not.toContain('receivedOn');
  });
});

describe('an action recorded from its document', () => {
  const type = defineCaseType(spec() as never);
  const xinfang = { id: '1', roles: ['xinfang'] };
  const base: CaseSnapshot = {
    type: 'demo',
    state: 'open',
    version: 1,
    fields: { receivedOn: '2026-03-02', kind: 'a', summary: '路灯不亮' },
    events: [{ seq: 1, at: '2026-03-02T01:00:00Z', actorId: '1', action: 'create', from: null, to: 'open' }],
    documents: [
      {
        id: 7,
        kind: 'notice',
        issuedAt: '2026-03-03T01:00:00Z',
        input: { why: '旧理由' },
        voidedAt: '2026-03-03T02:00:00Z',
      },
      { id: 8, kind: 'notice', issuedAt: '2026-03-03T03:00:00Z', input: { why: '已修复' }, number: '演告1号' },
    ],
    createdBy: '1',
  };
  const now = '2026-03-04T01:00:00Z';

  it('is filled from the latest valid copy, not the voided one', () => {
    expect(actionPrefill(type, base, 'finish')).toEqual({
      documentId: '8',
      kind: 'notice',
      title: '告知书',
      number: '演告1号',
      values: { reason: '已修复' },
    });
  });

  it('takes a value left out from the document', () => {
    const r = applyAction(type, base, 'finish', { on: '2026-03-04' }, xinfang, now);
    expect(r).not.toBeInstanceOf(AppError);
    expect((r as { fields: Record<string, unknown> }).fields.reason).toBe('已修复');
  });

  it('refuses a value that contradicts the document, naming the field', () => {
    const r = applyAction(type, base, 'finish', { on: '2026-03-04', reason: '另一理由' }, xinfang, now);
    expect(r).toBeInstanceOf(AppError);
    expect((r as AppError).fields?.[0]?.path).toBe('reason');
    expect((r as AppError).message).toContain('办结理由与已出具的《告知书》不一致');
  });

  it('has nothing to fill once the only copy is voided (the action is locked again)', () => {
    const voided = { ...base, documents: [base.documents[0]!] };
    expect(actionPrefill(type, voided, 'finish')).toBeNull();
    const r = applyAction(type, voided, 'finish', { on: '2026-03-04', reason: 'x' }, xinfang, now);
    expect((r as AppError).message).toBe('请先出具《告知书》');
  });
});

describe('one agreement per route fills 达成书面协议 (人民调解 / 行政调解 / 诉前调解)', () => {
  const agreementOf = (kind: string) => ({
    type: 'mediation',
    state: 'mediating',
    version: 1,
    fields: {},
    events: [{ seq: 1, at: '2026-03-02T01:00:00Z', actorId: '1', action: 'create', from: null, to: 'registered' }],
    documents: [
      {
        id: 3,
        kind,
        issuedAt: '2026-03-05T01:00:00Z',
        input: { agreementTerms: '赔偿三千元', performanceMethod: '现金', performanceDue: '2026-03-20' },
      },
    ],
    createdBy: '1',
  });

  it.each(['agreement', 'admin_agreement', 'court_agreement'])('%s fills the terms of the agreement', (kind) => {
    const pf = actionPrefill(mediation, agreementOf(kind) as never, 'agree_written');
    expect(pf?.kind).toBe(kind);
    expect(pf?.values).toEqual({
      agreementTerms: '赔偿三千元',
      performanceMethod: '现金',
      performanceDue: '2026-03-20',
    });
  });

  it('a document of another kind fills nothing', () => {
    expect(actionPrefill(mediation, agreementOf('session_record') as never, 'agree_written')).toBeNull();
  });
});

describe('basic information edited after registration', () => {
  const type = defineCaseType(spec() as never);
  const c = { state: 'open', fields: { receivedOn: '2026-03-02', kind: 'a', summary: '路灯不亮' } };

  it('says each change in words, enum values by their labels', () => {
    const r = basicInfoFields(type, c, { kind: 'b', summary: '路灯不亮' });
    expect(r).toEqual({
      fields: { receivedOn: '2026-03-02', kind: 'b', summary: '路灯不亮' },
      changes: [{ label: '类别', from: '甲类', to: '乙类' }],
    });
  });

  it('refuses a field the type does not list, naming it in Chinese', () => {
    const r = basicInfoFields(type, c, { receivedOn: '2026-03-01' });
    expect((r as AppError).fields).toEqual([
      { path: 'receivedOn', message: '「收到日期」不属于登记后可修改的基本信息' },
    ]);
  });

  it('refuses clearing a required field and any change once the case has ended', () => {
    expect((basicInfoFields(type, c, { summary: '' }) as AppError).code).toBe('VALIDATION');
    expect((basicInfoFields(type, { ...c, state: 'done' }, { kind: 'b' }) as AppError).code).toBe('CONFLICT');
  });
});
