/**
 * Who reads and keeps the town's meetings. They are the town's records, not one case type's
 * (an item may decide a major decision, a normative document, a contract or a penalty), so they
 * name the roles (domain api/decisions-meetings.ts): the 镇领导, 党政办 and 司法所 keep them,
 * the other town offices read them, over the towns their assignment covers in full
 * (platform/town-registers.ts). A 村居干部 or the county's 督查 is refused outright (403); a
 * meeting or town outside the reader's reach is a 404.
 */
import { MEETING_READER_ROLES, MEETING_WRITER_ROLES } from '@fazhi/domain/api/decisions-meetings';
import type { Db } from '../../../db/index.ts';
import type { AuthContext } from '../../../platform/context.ts';
import { type TownRegisterAccess, townRegisterAccess } from '../../../platform/town-registers.ts';

export { readTown, requireReader, requireWriter, writeTown } from '../../../platform/town-registers.ts';

export type MeetingAccess = TownRegisterAccess;

export function meetingAccess(db: Db, ctx: AuthContext | null): Promise<MeetingAccess> {
  return townRegisterAccess(
    db,
    ctx,
    { readers: MEETING_READER_ROLES, writers: MEETING_WRITER_ROLES },
    { read: '您的角色无权查看会议记录（限镇机关）', write: '您的角色无权安排或记录会议（限镇领导、党政办、司法所）' },
  );
}
