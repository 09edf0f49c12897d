/**
 * defineCaseType checks a declaration once, at module load, and lists every mistake
 * in English for the developer; sequenceNumber formats 文号.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, CaseTypeDefinitionError, defineCaseType, sequenceNumber } from '../src/index.ts';

/** A valid declaration with widened types, so each test can break one thing. */
const base = () => ({
  key: 'demo',
  label: '演示事项',
  numbering: '{town}演〔{year}〕{seq}号',
  fields: z.object({ receivedOn: z.string().describe('收到日期'), handler: z.string().optional() }),
  states: {
    open: { label: '办理中' } as { label: string; terminal?: boolean },
    done: { label: '已办结', terminal: true } as { label: string; terminal?: boolean },
  } as Record<string, { label: string; terminal?: boolean }>,
  initial: 'open',
  create: { roles: ['xinfang'] },
  access: { read: ['xinfang', 'leader'] } as { read: string[]; write?: string[] },
  documents: { notice: '告知书', extension_notice: '延期告知书' } as Record<string, string>,
  actions: {
    finish: {
      label: '办结',
      from: ['open'],
      to: 'done' as string | undefined,
      roles: ['xinfang'],
      requires: { documents: ['notice'], fields: ['handler'] },
    },
    extend: {
      label: '延期',
      from: ['open'],
      roles: ['xinfang'],
      approval: { roles: ['leader'] } as { roles: string[] } | undefined,
      requires: { documents: ['extension_notice'] },
    },
  } as Record<string, Record<string, unknown> & { from: string[]; roles: string[] }>,
  clocks: {
    limit: {
      label: '办理期限',
      start: { on: 'create', from: 'receivedOn' },
      length: 15,
      unit: 'd',
      stopOn: ['finish'],
      extension: { action: 'extend', max: 30, notice: 'extension_notice', inform: '延期理由' } as Record<
        string,
        unknown
      >,
      basis: '信访工作条例 第23条',
    } as Record<string, unknown>,
  },
});
type Spec = ReturnType<typeof base>;

function problemsOf(change: (s: Spec) => void): string[] {
  const s = base();
  change(s);
  try {
    defineCaseType(s as never);
  } catch (e) {
    if (e instanceof CaseTypeDefinitionError) return e.problems;
    throw e;
  }
  return [];
}

describe('defineCaseType: definition errors', () => {
  it('accepts the valid base declaration and freezes it', () => {
    const type = defineCaseType(base() as never) as { key: string };
    expect(type.key).toBe('demo');
    expect(Object.isFrozen(type)).toBe(true);
  });

  const rows: [what: string, change: (s: Spec) => void, problem: string][] = [
    [
      'key not a stable English identifier',
      (s) => (s.key = '信访'),
      'key "信访" must be a snake_case English identifier',
    ],
    ['state without a label', (s) => (s.states.open = { label: '' }), 'state "open" needs a Chinese label'],
    ['undeclared initial state', (s) => (s.initial = 'start'), 'initial state "start" is not declared'],
    ['terminal initial state', (s) => (s.initial = 'done'), 'initial state "done" must not be terminal'],
    [
      'from-state not declared',
      (s) => (s.actions.finish!.from = ['opne']),
      'action "finish": from-state "opne" is not declared',
    ],
    [
      'to-state not declared',
      (s) => (s.actions.finish!.to = 'closed'),
      'action "finish": to-state "closed" is not declared',
    ],
    ['unknown role', (s) => (s.actions.finish!.roles = ['xinfan']), 'action "finish": unknown role "xinfan"'],
    [
      'admin role on a case action',
      (s) => (s.actions.finish!.roles = ['sysadmin']),
      'action "finish": admin role "sysadmin" holds no case permission (三员分立)',
    ],
    [
      'approval without roles',
      (s) => (s.actions.extend!.approval = { roles: [] }),
      'action "extend" approval: roles must list at least one role',
    ],
    [
      'required document not declared',
      (s) => (s.actions.finish!.requires = { documents: ['acceptance_notice'] }),
      'action "finish": required document "acceptance_notice" is not declared in documents',
    ],
    [
      'required field not in the schema',
      (s) => (s.actions.finish!.requires = { fields: ['handlr'] }),
      'action "finish": required field "handlr" is not in the fields schema',
    ],
    [
      'input not a zod object',
      (s) => (s.actions.finish!.input = z.string()),
      'action "finish": input must be a zod object schema',
    ],
    [
      'reserved action key',
      (s) => (s.actions.create = { label: '登记', from: ['open'], roles: ['xinfang'] }),
      'action "create": key is reserved by the engine',
    ],
    [
      'leaving a terminal state without saying so',
      (s) => (s.actions.reopen = { label: '重新办理', from: ['done'], to: 'open', roles: ['leader'] }),
      'action "reopen": leaves a terminal state; set fromTerminal: true if that is intended (e.g. reopen)',
    ],
    [
      'fromTerminal on an action that leaves no terminal state',
      (s) => Object.assign(s.actions.extend!, { fromTerminal: true }),
      'action "extend": fromTerminal is set but no from-state is terminal',
    ],
    [
      'unreachable state',
      (s) => (s.states.archived = { label: '已归档', terminal: true }),
      'state "archived" cannot be reached from "open"',
    ],
    [
      'non-terminal dead end',
      (s) => {
        s.states.waiting = { label: '等待' };
        s.actions.wait = { label: '等待', from: ['open'], to: 'waiting', roles: ['xinfang'] };
      },
      'state "waiting" is not terminal but no action leaves it',
    ],
    [
      'clock start action not declared',
      (s) => (s.clocks.limit!.start = { on: 'accept' }),
      'clock "limit": start action "accept" is not declared',
    ],
    [
      'clock start field unknown',
      (s) => (s.clocks.limit!.start = { on: 'create', from: 'receivedAt' }),
      'clock "limit": start field "receivedAt" is neither a case field nor an input of the start action',
    ],
    [
      'clock stop action not declared',
      (s) => (s.clocks.limit!.stopOn = ['reply']),
      'clock "limit": stop action "reply" is not declared',
    ],
    [
      'duty clock that never stops',
      (s) => (s.clocks.limit!.stopOn = []),
      'clock "limit": a duty clock must stop on some action',
    ],
    [
      'pause without resume',
      (s) => (s.clocks.limit!.pauseOn = ['extend']),
      'clock "limit": pauseOn and resumeOn go together',
    ],
    ['clock unit', (s) => (s.clocks.limit!.unit = 'week'), 'clock "limit": unit must be one of d, wd, month, hour'],
    ['clock length', (s) => (s.clocks.limit!.length = 0), 'clock "limit": length must be a positive integer'],
    [
      'clock without its article',
      (s) => (s.clocks.limit!.basis = ''),
      'clock "limit": basis (the article it implements) is required',
    ],
    [
      'extension action without approval',
      (s) => (s.actions.extend!.approval = undefined),
      'clock "limit": extension action "extend" must declare approval',
    ],
    [
      'extension notice not required by the extension action',
      (s) => (s.actions.extend!.requires = {}),
      'clock "limit": extension action "extend" must require the notice "extension_notice"',
    ],
    [
      'extension in another unit',
      (s) => (s.clocks.limit!.extension = { action: 'extend', max: 30, unit: 'wd', inform: '延期理由' }),
      'clock "limit": extension unit must equal the clock unit',
    ],
    [
      'extension that tells the person nothing',
      (s) => (s.clocks.limit!.extension = { action: 'extend', max: 30 }),
      'clock "limit": extension must say what the person is told (inform)',
    ],
    [
      'numbering without {seq}',
      (s) => (s.numbering = '{town}演〔{year}〕号'),
      'numbering "{town}演〔{year}〕号": must contain {seq} exactly once',
    ],
    [
      'numbering without {year}',
      (s) => (s.numbering = '{town}演{seq}号'),
      'numbering "{town}演{seq}号": must contain {year} exactly once (numbers restart each year)',
    ],
  ];
  for (const [what, change, problem] of rows) {
    it(what, () => {
      expect(problemsOf(change)).toContain(problem);
    });
  }

  describe('documents are bound to a stage (issue 13)', () => {
    const docRows: [what: string, change: (s: Spec & { issuable?: unknown }) => void, problem: string][] = [
      [
        'a document no action requires and no stage declared',
        (s) => (s.documents.record = '笔录'),
        'document "record": no action requires it; declare in issuable the states or the actions it prepares',
      ],
      [
        'an issuable state not declared',
        (s) => (s.issuable = { notice: { states: ['opne'] } }),
        'issuable "notice": state "opne" is not declared',
      ],
      [
        'a prepared action not declared',
        (s) => (s.issuable = { notice: { prepares: ['finsh'] } }),
        'issuable "notice": prepared action "finsh" is not declared',
      ],
      [
        'an issuable kind not among the documents',
        (s) => (s.issuable = { memo: { states: ['open'] } }),
        'issuable "memo": document kind is not declared in documents',
      ],
    ];
    for (const [what, change, problem] of docRows) {
      it(what, () => {
        expect(problemsOf(change as (s: Spec) => void)).toContain(problem);
      });
    }
    it('accepts a document declared for a state though no action requires it', () => {
      expect(
        problemsOf((s) => {
          s.documents.record = '笔录';
          (s as { issuable?: unknown }).issuable = { record: { states: ['open'] } };
        }),
      ).toEqual([]);
    });
  });

  describe('clocks and documents bound to a field value (issue 13: each mediation route its own)', () => {
    const withRoute = (s: Spec) => {
      s.fields = z.object({
        receivedOn: z.string().describe('收到日期'),
        handler: z.string().optional(),
        route: z.enum(['a', 'b']).optional(),
        days: z.number().optional(),
      }) as never;
    };
    const rows: [what: string, change: (s: Spec & { issuable?: unknown }) => void, problem: string][] = [
      [
        'a clock bound to an unknown field',
        (s) => (s.clocks.limit!.when = { field: 'rout', in: ['a'] }),
        'clock "limit": when.field "rout" is not in the fields schema',
      ],
      [
        'a clock bound to a value the choice does not offer',
        (s) => {
          withRoute(s);
          s.clocks.limit!.when = { field: 'route', in: ['a', 'c'] };
        },
        'clock "limit": when value "c" is not an option of "route"',
      ],
      [
        'a condition with no value',
        (s) => {
          withRoute(s);
          s.clocks.limit!.when = { field: 'route', in: [] };
        },
        'clock "limit": when.in must list at least one value (null = not set)',
      ],
      [
        'a length recorded in an unknown field',
        (s) => (s.clocks.limit!.lengthFrom = 'dayz'),
        'clock "limit": lengthFrom field "dayz" is not in the fields schema',
      ],
      [
        'a document bound to a value the choice does not offer',
        (s) => {
          withRoute(s);
          s.issuable = { notice: { when: { field: 'route', in: ['x'] } } };
        },
        'issuable "notice": when value "x" is not an option of "route"',
      ],
    ];
    for (const [what, change, problem] of rows) {
      it(what, () => {
        expect(problemsOf(change as (s: Spec) => void)).toContain(problem);
      });
    }

    it('accepts a valid binding (null: not set yet)', () => {
      expect(
        problemsOf((s) => {
          withRoute(s);
          s.clocks.limit!.when = { field: 'route', in: [null, 'a'] };
          s.clocks.limit!.lengthFrom = 'days';
          (s as Spec & { issuable?: unknown }).issuable = { notice: { when: { field: 'route', in: ['b'] } } };
        }),
      ).toEqual([]);
    });
  });

  describe('access: who reads and who works the type', () => {
    it('defaults the writers to the roles that create, act or approve', () => {
      const type = defineCaseType(base() as never) as unknown as { access: { read: string[]; write: string[] } };
      expect(type.access.read).toEqual(['xinfang', 'leader']);
      expect(type.access.write).toEqual(['leader', 'xinfang']);
    });

    const accessRows: [what: string, change: (s: Spec) => void, problem: string][] = [
      [
        'no access declared',
        (s) => delete (s as Partial<Spec>).access,
        'access must declare which roles read the type',
      ],
      ['no reader', (s) => (s.access.read = []), 'access.read: roles must list at least one role'],
      ['unknown reader', (s) => s.access.read.push('zhifadui'), 'access.read: unknown role "zhifadui"'],
      [
        'an admin reads cases',
        (s) => s.access.read.push('auditor'),
        'access.read: admin role "auditor" holds no case permission (三员分立)',
      ],
      [
        'an approver who cannot read the type',
        (s) => (s.access.read = ['xinfang']),
        'action "extend" approval: role "leader" may act but not read the type; add it to access.read',
      ],
      [
        'a creator left out of the writers',
        (s) => (s.access.write = ['leader']),
        'create: role "xinfang" may act but is not in access.write',
      ],
      [
        'a writer who holds no case:write',
        (s) => {
          s.access.read.push('county');
          s.access.write = ['xinfang', 'leader', 'county'];
        },
        'access.write: role "county" holds no case:write',
      ],
      [
        'a writer who cannot read',
        (s) => (s.access.write = ['xinfang', 'leader', 'zhifa']),
        'access.write: role "zhifa" must also be in access.read',
      ],
      [
        'a confidential rule naming an undeclared party role',
        (s) => {
          (s.access as Record<string, unknown>).confidential = { hideFromPartyRoles: ['accused'], when: () => true };
        },
        'access.confidential: party role "accused" is not declared in parties',
      ],
    ];
    it.each(accessRows)('%s', (_what, change, problem) => {
      expect(problemsOf(change)).toContain(problem);
    });
  });

  it('challengeable names at least one declared action that makes the decision', () => {
    expect(problemsOf((s) => Object.assign(s, { challengeable: { decidedBy: ['finish'] } }))).toEqual([]);
    expect(problemsOf((s) => Object.assign(s, { challengeable: { decidedBy: [] } }))).toContain(
      'challengeable.decidedBy must list at least one action',
    );
    expect(problemsOf((s) => Object.assign(s, { challengeable: { decidedBy: ['decide'] } }))).toContain(
      'challengeable.decidedBy: action "decide" is not declared',
    );
  });

  it('lists every problem at once, in an English message naming the type', () => {
    const s = base();
    s.actions.finish!.from = ['opne'];
    s.clocks.limit!.stopOn = ['reply'];
    let error: unknown;
    try {
      defineCaseType(s as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CaseTypeDefinitionError);
    expect((error as Error).message).toMatch(/^Invalid case type "demo":\n- /);
    expect((error as CaseTypeDefinitionError).problems.length).toBeGreaterThanOrEqual(2);
  });

  it('typos in state, document and action names also fail to compile', () => {
    const declare = () =>
      defineCaseType({
        key: 'typos',
        label: '拼写错误',
        numbering: '{town}错〔{year}〕{seq}号',
        fields: z.object({}),
        states: { open: { label: '办理中' }, done: { label: '已办结', terminal: true } },
        initial: 'open',
        create: { roles: ['xinfang'] },
        access: { read: ['xinfang'] },
        documents: { notice: '告知书' },
        actions: {
          finish: {
            label: '办结',
            // @ts-expect-error 'opne' is not a declared state
            from: ['opne'],
            to: 'done',
            roles: ['xinfang'],
            // @ts-expect-error 'notise' is not a declared document
            requires: { documents: ['notise'] },
          },
        },
        clocks: {
          // @ts-expect-error 'finsh' is not a declared action
          limit: { label: '期限', start: { on: 'create' }, length: 15, unit: 'd', stopOn: ['finsh'], basis: '第23条' },
        },
      });
    expect(declare).toThrow(CaseTypeDefinitionError);
  });
});

describe('sequenceNumber (文号)', () => {
  const rows: [pattern: string, town: string, year: number, seq: number, expected: string][] = [
    ['{town}调〔{year}〕{seq}号', '湾', 2026, 12, '湾调〔2026〕12号'],
    ['{town}信〔{year}〕{seq}号', '湾', 2026, 1, '湾信〔2026〕1号'],
    ['{town}信〔{year}〕{seq:3}号', '湾', 2026, 7, '湾信〔2026〕007号'],
    ['{town}违建〔{year}〕{seq}号', ' 石门 ', 2025, 1234, '石门违建〔2025〕1234号'],
    ['县〔{year}〕{seq}号', '', 2026, 3, '县〔2026〕3号'],
  ];
  for (const [pattern, town, year, seq, expected] of rows) {
    it(`${pattern} → ${expected}`, () => {
      expect(sequenceNumber(pattern, { townShort: town, year, seq })).toBe(expected);
    });
  }

  it('refuses bad parts with a VALIDATION AppError naming the part', () => {
    const bad: [Partial<{ townShort: string; year: number; seq: number }>, string][] = [
      [{ seq: 0 }, 'seq'],
      [{ seq: 1.5 }, 'seq'],
      [{ year: 26 }, 'year'],
      [{ townShort: '' }, 'townShort'],
    ];
    for (const [change, path] of bad) {
      let error: unknown;
      try {
        sequenceNumber('{town}调〔{year}〕{seq}号', { townShort: '湾', year: 2026, seq: 12, ...change });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(AppError);
      expect([(error as AppError).code, (error as AppError).fields?.[0]?.path]).toEqual(['VALIDATION', path]);
    }
  });

  it('refuses a malformed pattern as a developer error', () => {
    const parts = { townShort: '湾', year: 2026, seq: 1 };
    expect(() => sequenceNumber('{town}调〔{year}〕号', parts)).toThrow(/must contain \{seq\}/);
    expect(() => sequenceNumber('{town}调〔{yr}〕{seq}号', parts)).toThrow(/unknown placeholder \{yr\}/);
    expect(() => sequenceNumber('{town}调〔{year}〕{seq}{seq}号', parts)).toThrow(/exactly once/);
    expect(() => sequenceNumber('{town}调〔{year:2}〕{seq}号', parts)).toThrow(/only \{seq\} takes a width/);
    expect(() => sequenceNumber('{town}调〔{year}〕{seq号', parts)).toThrow();
  });
});
