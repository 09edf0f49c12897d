/**
 * The meetings area of 依法决策 (issue 16): the town's collective decision meetings (集体讨论,
 * 重大行政决策程序暂行条例 art 30) with their agenda, attendance, views and conclusions, the
 * 会议纪要, the 集体讨论 card of a case's page, and the figures `decision.collective` and
 * `decision.meetings`. The other areas gate their cases' collective-discussion step on these
 * items (./gate.ts) and seed the meetings that decide their demo cases with `insertHeldMeeting`
 * (./repository.ts). Merged by ../index.ts.
 */
import { MEETING_READER_ROLES } from '@fazhi/domain/api/decisions-meetings';
import type { FastifyInstance } from 'fastify';
import { DECISIONS_MENU_GROUP, definePart } from '../part.ts';
import { meetingFacts } from './facts.ts';
import { meetingRoutes } from './routes.ts';
import { MeetingService } from './service.ts';

export const meetingsPart = definePart<MeetingService>({
  key: 'meetings',
  facts: [meetingFacts],
  services: (core) => new MeetingService({ db: core.database.db, registry: core.registry }),
  async routes(app: FastifyInstance, own) {
    await app.register(async (scoped) => meetingRoutes(scoped, own));
  },
  auditActions: {
    'meeting.create': '安排会议',
    'meeting.update': '修改会议安排',
    'meeting.item.add': '添加会议议题',
    'meeting.item.update': '修改会议议题',
    'meeting.item.remove': '删除会议议题',
    'meeting.item.reorder': '调整议题顺序',
    'meeting.hold': '记录会议召开',
    'meeting.cancel': '取消会议',
  },
  auditTargets: { meeting: '会议' },
  // The meetings are the town's, not one case type's: open to the town offices (./access.ts).
  menu: [
    {
      key: 'meetings',
      label: '会议',
      path: '/meetings',
      group: DECISIONS_MENU_GROUP,
      needs: ['case:read'],
      roles: MEETING_READER_ROLES,
    },
  ],
  demo: {
    // Imported when the demo runs.
    async year(core, _own, ctx) {
      const { seedMeetingsDemo } = await import('./demo.ts');
      return seedMeetingsDemo(core.database.db, { year: ctx.year, now: ctx.now, until: ctx.until });
    },
  },
});
