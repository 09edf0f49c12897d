/**
 * The rules of a held meeting (decisions/meetings.ts): the quorum, the chief's view last and the
 * reason when the chief's decision differs from the majority (重大行政决策程序暂行条例 art 30),
 * and the collective-discussion gate the case types share.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { contract } from '../src/cases/contract.ts';
import { decision } from '../src/cases/decision.ts';
import { normative } from '../src/cases/normative.ts';
import {
  type AttendeeLike,
  chiefDiffers,
  collectiveDiscussionProblem,
  isMeetingCaseType,
  itemRecordProblems,
  majorityView,
  quorumOf,
  quorumProblem,
  type ViewLike,
  viewsProblems,
} from '../src/decisions/meetings.ts';

const member = (name: string, present = true): AttendeeLike => ({ name, role: 'member', present });
const observer = (name: string): AttendeeLike => ({ name, role: 'observer', present: true });
const CHIEF = '王建国';
const FIVE = [member(CHIEF), member('甲'), member('乙'), member('丙'), member('丁'), observer('列席者')];
const v = (name: string, view: ViewLike['view'] = 'agree'): ViewLike => ({ name, view });

describe('quorum: more than half of the members present', () => {
  it.each([
    [5, 3, true],
    [5, 2, false],
    [4, 2, false],
    [4, 3, true],
    [8, 5, true],
    [8, 4, false],
    [1, 1, true],
  ])('%i members, %i present → %s', (members, present, met) => {
    const list = Array.from({ length: members }, (_, i) => member(`m${i}`, i < present));
    expect(quorumOf(list).met).toBe(met);
    expect(quorumProblem(list) === null).toBe(met);
  });

  it('observers (列席) do not count, and a list without members has no quorum', () => {
    const list = [member('甲'), member('乙', false), member('丙', false), observer('丁'), observer('戊')];
    expect(quorumOf(list)).toEqual({ members: 3, present: 1, required: 2, met: false });
    expect(quorumProblem(list)).toBe('应出席3人，实到1人，未超过半数（至少应到2人），会议不能作出决定');
    expect(quorumProblem([observer('丁')])).toMatch(/没有应出席人员/);
  });
});

describe('views in order', () => {
  it('条例第三十条: the chief speaks last', () => {
    expect(viewsProblems([v('甲'), v('乙'), v(CHIEF)], FIVE, CHIEF)).toEqual([]);
    expect(viewsProblems([v('甲'), v(CHIEF), v('乙')], FIVE, CHIEF)).toEqual([
      '行政首长王建国应当最后发表意见（重大行政决策程序暂行条例第三十条）',
    ]);
  });

  it('条例第三十条: the chief must state a view, and the members theirs', () => {
    expect(viewsProblems([v('甲'), v('乙')], FIVE, CHIEF)[0]).toMatch(/未记录行政首长王建国的意见/);
    expect(viewsProblems([v(CHIEF)], FIVE, CHIEF)).toEqual([
      '请记录会议组成人员的意见（条例第三十条：会议组成人员应当充分发表意见）',
    ]);
  });

  it('each speaker is present and speaks once; an absent chief cannot decide', () => {
    const absentChief = [member(CHIEF, false), member('甲'), member('乙')];
    expect(viewsProblems([v('甲'), v('乙')], absentChief, CHIEF)).toContain('行政首长王建国未出席，不能作出决定');
    const list = [member(CHIEF), member('甲'), member('乙', false)];
    expect(viewsProblems([v('乙'), v('甲'), v('甲'), v(CHIEF)], list, CHIEF)).toEqual([
      '乙不是本次会议的出席人员，不能记录其意见',
      '甲的意见重复记录',
    ]);
  });
});

describe('the chief against the majority', () => {
  const views = (stances: ViewLike['view'][]) => [
    v('甲', stances[0]),
    v('乙', stances[1]),
    v('丙', stances[2]),
    v('丁', stances[3]),
    v(CHIEF),
  ];

  it('the majority is more than half of the members present other than the chief; observers do not count', () => {
    expect(majorityView(views(['agree', 'agree', 'agree', 'disagree']), FIVE, CHIEF)).toBe('agree');
    expect(majorityView(views(['agree', 'agree', 'disagree', 'disagree']), FIVE, CHIEF)).toBeNull();
    expect(majorityView(views(['disagree', 'disagree', 'disagree', 'abstain']), FIVE, CHIEF)).toBe('disagree');
    expect(majorityView([v('列席者', 'disagree'), ...views(['agree', 'agree', 'agree', 'agree'])], FIVE, CHIEF)).toBe(
      'agree',
    );
  });

  it('条例第三十条: adopting what most opposed, or rejecting or deferring what most agreed to, differs', () => {
    const against = views(['disagree', 'disagree', 'disagree', 'agree']);
    const forIt = views(['agree', 'agree', 'agree', 'disagree']);
    expect(chiefDiffers('adopted', against, FIVE, CHIEF)).toBe(true);
    expect(chiefDiffers('amended', against, FIVE, CHIEF)).toBe(true);
    expect(chiefDiffers('rejected', against, FIVE, CHIEF)).toBe(false);
    expect(chiefDiffers('rejected', forIt, FIVE, CHIEF)).toBe(true);
    expect(chiefDiffers('deferred', forIt, FIVE, CHIEF)).toBe(true);
    expect(chiefDiffers('adopted', forIt, FIVE, CHIEF)).toBe(false);
    // No majority: nothing to differ from.
    expect(chiefDiffers('adopted', views(['agree', 'agree', 'disagree', 'disagree']), FIVE, CHIEF)).toBe(false);
  });

  it('条例第三十条: a decision differing from the majority without the reason is refused', () => {
    const item = {
      views: views(['disagree', 'disagree', 'disagree', 'agree']),
      conclusion: 'adopted' as const,
      conclusionText: '通过',
    };
    expect(itemRecordProblems(item, FIVE, CHIEF)).toEqual([
      {
        path: 'chiefDiffersReason',
        message: '行政首长的决定与多数人意见不一致，应当说明理由（重大行政决策程序暂行条例第三十条）',
      },
    ]);
    expect(itemRecordProblems({ ...item, chiefDiffersReason: '资金已落实' }, FIVE, CHIEF)).toEqual([]);
  });

  it('a record needs its conclusion and what was decided', () => {
    const item = { views: views(['agree', 'agree', 'agree', 'agree']), conclusion: null };
    expect(itemRecordProblems(item, FIVE, CHIEF)).toEqual([{ path: 'conclusion', message: '请选择会议结论' }]);
    expect(itemRecordProblems({ ...item, conclusion: 'adopted', conclusionText: ' ' }, FIVE, CHIEF)).toEqual([
      { path: 'conclusionText', message: '请填写决定事项（结论内容）' },
    ]);
  });
});

describe('what an item may decide, and the gate', () => {
  it('only the types with a collective discussion', () => {
    expect(['decision', 'normative', 'contract', 'penalty'].every(isMeetingCaseType)).toBe(true);
    expect(isMeetingCaseType('mediation')).toBe(false);
  });

  it('only an item of a held meeting with a conclusion satisfies the collective-discussion step', () => {
    const ref = {
      meetingId: 1,
      itemId: 1,
      kind: 'joint' as const,
      title: '党政联席会议',
      heldOn: '2026-03-10',
      status: 'planned' as const,
      conclusion: null,
    };
    expect(collectiveDiscussionProblem([ref])).not.toBeNull();
    expect(collectiveDiscussionProblem([{ ...ref, status: 'held', conclusion: 'adopted' }])).toBeNull();
    expect(collectiveDiscussionProblem(undefined)).not.toBeNull();
  });
});

describe('the 集体讨论 step in the forms', () => {
  it('asks for the agenda item through the meeting-items lookup, not a typed number, in all three case types', () => {
    const inputs = [
      decision.actions.discuss.input,
      normative.actions.deliberate.input,
      contract.actions.record_discussion.input,
    ];
    for (const input of inputs) {
      const js = z.toJSONSchema(input!) as { properties: Record<string, { lookup?: string }> };
      expect(js.properties.meetingItemId?.lookup).toBe('meeting-items');
    }
  });
});
