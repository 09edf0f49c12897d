/**
 * The demo's kit for the weeks before today (ServerModule.demo.present): what every module's
 * present-day cases need and no module should write twice. The demo town's accounts and
 * villages, invented residents with valid 公民身份号码, dates worked back from `now` on the
 * town's working-day calendar, and one schedule on which each module queues its cases' steps.
 *
 * The schedule runs (server/src/demo/present.ts) after every module has queued its steps, in
 * one time order, so the steps of different modules interleave on one calendar as a town's
 * work does, case numbers and 文号 rise with the dates, and each step goes through
 * `CaseService` as the demo user at a past office hour, so every clock is what the engine
 * computes. Deterministic for a given `now` and module list.
 */
import { addPeriod, CreateCaseBodySchema, idCardCheckChar, shanghaiDate } from '@fazhi/domain';
import type { CaseAccess } from '../cases/access.ts';
import type { CaseService } from '../cases/service.ts';
import type { Db } from '../db/index.ts';
import type { CalendarStore } from '../platform/calendar.ts';
import { DEMO_ACCOUNTS, DEMO_VILLAGES } from '../seed/demo.ts';
import { demoAccess, demoAuditor } from '../seed/demo-access.ts';

/** `d` (YYYY-MM-DD) plus `n` calendar days. */
export const addDays = (d: string, n: number): string =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
/** `minutes` after 08:30 on day `d` in Shanghai: an office hour. */
export const officeHour = (d: string, minutes: number): Date =>
  new Date(Date.parse(`${d}T08:30:00+08:00`) + minutes * 60_000);

// ── The dates, worked back from now on the working-day calendar ──────────────────────────

export interface Clockwork {
  today: string;
  isWorkday: (d: string) => boolean;
  /** The working day `n` working days before today. */
  back: (n: number) => string;
  /** The working day `n` working days after today. */
  ahead: (n: number) => string;
  /** The working day `n` working days before `day`. */
  before: (day: string, n: number) => string;
  /**
   * A working day `frac` of the way from `from` to today, strictly after `from` when there is
   * room and never later than the last working day: for the steps between a start worked
   * back from a clock and now.
   */
  between: (from: string, frac: number) => string;
  /**
   * The working day before today from which a clock of `length` `unit` falls due nearest
   * to `target` (never already overdue when the target is not): the day a case must have
   * started for its clock to read what the demo wants today. Officials act on working days,
   * so a target behind a holiday is reached only as near as the calendar allows.
   */
  startFor: (unit: 'd' | 'wd' | 'month', length: number, target: string) => string;
}

export function clockwork(
  isWorkday: (d: string) => boolean,
  due: (unit: 'd' | 'wd' | 'month', length: number, from: string) => string,
  today: string,
): Clockwork {
  const step = (from: string, n: number, dir: 1 | -1) => {
    let d = from;
    for (let k = 0; k < n; ) {
      d = addDays(d, dir);
      if (isWorkday(d)) k++;
    }
    return d;
  };
  const back = (n: number) => step(today, n, -1);
  const ahead = (n: number) => step(today, n, 1);
  return {
    today,
    isWorkday,
    back,
    ahead,
    before: (day, n) => step(day, n, -1),
    between(from, frac) {
      const days: string[] = [];
      for (let d = step(from, 1, 1); d < today; d = step(d, 1, 1)) days.push(d);
      if (days.length === 0) return from;
      return days[Math.min(days.length - 1, Math.floor(frac * days.length))]!;
    },
    startFor(unit, length, target) {
      const dayNo = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;
      let best: { day: string; off: number } | null = null;
      for (let d = back(1); d >= addDays(today, -140); d = addDays(d, -1)) {
        if (!isWorkday(d)) continue;
        const dd = due(unit, length, d);
        if (target >= today ? dd < today : dd >= today) continue;
        const off = Math.abs(dayNo(dd) - dayNo(target));
        if (!best || off < best.off) best = { day: d, off };
      }
      return best?.day ?? back(1);
    },
  };
}

// ── People (顺序码 960+: the year's demo people use 002… and 900–959) ───────────────────

export interface DemoPerson {
  name: string;
  idNumber: string;
  phone: string;
  address: string;
  /** The village committee the person lives under (its org unit id). */
  unitId: string;
}

const PEOPLE: [name: string, birth: string, male: boolean][] = [
  ['沈国良', '19640312', true],
  ['钱月娥', '19710825', false],
  ['蒋志华', '19820117', true],
  ['韩秀芳', '19580930', false],
  ['方建明', '19690704', true],
  ['邹春燕', '19880216', false],
  ['潘德兴', '19550508', true],
  ['俞美娟', '19760311', false],
  ['金宏伟', '19850923', true],
  ['傅阿三', '19520101', true],
  ['盛丽华', '19790618', false],
  ['戴永根', '19610427', true],
  ['顾雪琴', '19730209', false],
  ['魏长林', '19661120', true],
  ['董小平', '19900514', true],
  ['叶彩霞', '19680805', false],
  ['任国富', '19590722', true],
  ['范金凤', '19740130', false],
  ['陆建新', '19830406', true],
  ['严桂香', '19570918', false],
  ['柴文龙', '19870227', true],
  ['汤爱娣', '19620613', false],
  ['应海军', '19781031', true],
  ['葛素珍', '19650419', false],
  ['屠明华', '19800825', true],
  ['缪秀珠', '19720107', false],
  ['阮国平', '19600316', true],
  ['项丽君', '19840729', false],
  ['岑建平', '19630215', true],
  ['褚翠英', '19700921', false],
  ['楼伟东', '19810603', true],
  ['骆金娣', '19560828', false],
  ['詹永强', '19770412', true],
  ['滕月仙', '19670116', false],
  ['童国栋', '19891108', true],
  ['卓秀云', '19740527', false],
  ['邵根宝', '19530319', true],
  ['凌巧玲', '19860731', false],
  ['宣志刚', '19710204', true],
  ['鲍银花', '19601012', false],
  ['郁建忠', '19680925', true],
  ['裘晓燕', '19830118', false],
];

// ── The kit ──────────────────────────────────────────────────────────────────────────────

/** One case's steps on the schedule, each on a given day a little after the one before. */
export interface DemoStory {
  /** Registers the case as the demo account `as` (a CreateCaseBody). */
  create(day: string, as: string, body: unknown): DemoStory;
  /** Issues a document of kind `kind`. */
  doc(day: string, as: string, kind: string, input?: Record<string, unknown>): DemoStory;
  /** Takes an action of the case type. */
  act(day: string, as: string, action: string, input?: Record<string, unknown>): DemoStory;
}

export interface DemoKit {
  /** The present the weeks are simulated up to. */
  now: Date;
  /** The demo town's working days, worked back from today. */
  days: Clockwork;
  /** The user id of a demo account (seed/demo.ts DEMO_ACCOUNTS), as an assignee field takes it. */
  userId(username: string): string;
  /** The demo town's `i`-th village committee (seed/demo.ts DEMO_VILLAGES, taken round). */
  village(i: number): { id: string; short: string };
  /** A new resident of village `i`, never the same person twice in the present. */
  person(village: number): DemoPerson;
  /** A new case's steps, queued on the schedule. */
  story(title: string): DemoStory;
}

export interface DemoKitDeps {
  db: Db;
  cases: CaseService;
  calendars: CalendarStore;
}

/** The kit, and the schedule's runner for the demo (server/src/demo/present.ts) alone. */
export async function buildDemoKit(
  deps: DemoKitDeps,
  now: Date,
): Promise<{
  kit: DemoKit;
  run(onProgress?: (fraction: number) => void): Promise<{ created: Record<string, number>; steps: number }>;
}> {
  const { db, cases } = deps;
  const users = await db
    .selectFrom('users')
    .select(['id', 'username', 'town_id'])
    .where(
      'username',
      'in',
      DEMO_ACCOUNTS.map((a) => a.username),
    )
    .execute();
  const userOf = (username: string) => {
    const u = users.find((x) => x.username === username);
    if (!u) throw new Error(`演示账号 ${username} 不存在，请先写入湾头桥镇演示数据（seedDemo）`);
    return u;
  };
  const townId = userOf('leader').town_id;
  if (townId === null) throw new Error('演示账号 leader 不属于任何乡镇');
  const calendar = await deps.calendars.forTown(townId);
  const days = clockwork(
    (d) => calendar.isWorkday(d),
    (unit, length, from) => addPeriod(calendar, { unit, length, from }).due,
    shanghaiDate(now),
  );
  const units = await db
    .selectFrom('org_units')
    .select(['id', 'name'])
    .where('town_id', '=', townId)
    .where(
      'name',
      'in',
      DEMO_VILLAGES.map((v) => v.name),
    )
    .execute();
  const village = (i: number) => {
    const name = DEMO_VILLAGES[i % DEMO_VILLAGES.length]!.name;
    const unit = units.find((u) => u.name === name);
    if (!unit) throw new Error(`演示村（社区）${name} 不存在`);
    return { id: String(unit.id), short: name.replace(/村民委员会|居民委员会/, '') };
  };

  let nextPerson = 0;
  const person = (v: number): DemoPerson => {
    const i = nextPerson++;
    const [name, birth, male] = PEOPLE[i % PEOPLE.length]!;
    const where = village(v);
    const first17 = `339901${birth}${String(960 + i * 2 + (male ? 1 : 0)).slice(-3)}`;
    return {
      name,
      idNumber: first17 + idCardCheckChar(first17),
      phone: `138${String(57_360_000 + i * 7_919).padStart(8, '0')}`,
      address: where.short.endsWith('社区')
        ? `示范县湾头桥镇${where.short}${3 + (i % 17)}幢${1 + (i % 5)}0${1 + (i % 3)}室`
        : `示范县湾头桥镇${where.short}${1 + (i % 8)}组${5 + ((i * 7) % 50)}号`,
      unitId: where.id,
    };
  };

  const accessCache = new Map<string, Promise<CaseAccess>>();
  const access = (username: string) => {
    let a = accessCache.get(username);
    if (!a) {
      a = demoAccess(db, username, cases.registry);
      accessCache.set(username, a);
    }
    return a;
  };
  const version = async (id: number) =>
    (await db.selectFrom('cases').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;

  const steps: { at: Date; order: number; run: () => Promise<void> }[] = [];
  const created: Record<string, number> = {};
  let order = 0;
  const story = (title: string): DemoStory => {
    const c = { id: 0 };
    let day = '';
    let minute = 0;
    const push = (d: string, as: string, label: string, run: (t: Date, a: CaseAccess) => Promise<void>) => {
      if (d !== day) {
        day = d;
        minute = 20 + ((title.length * 37 + steps.length * 53) % 300);
      } else minute += 12;
      const t = officeHour(day, minute);
      if (t >= now) throw new Error(`演示数据（${title}）「${label}」的时间 ${t.toISOString()} 不早于当前时间`);
      steps.push({
        at: t,
        order: order++,
        run: async () => {
          try {
            await run(t, await access(as));
          } catch (e) {
            throw new Error(
              `演示数据（${title}）在${shanghaiDate(t)}「${label}」失败：${e instanceof Error ? e.message : e}`,
            );
          }
        },
      });
    };
    const s: DemoStory = {
      create(d, as, body) {
        push(d, as, 'create', async (t, a) => {
          const parsed = CreateCaseBodySchema.parse(body);
          c.id = await cases.create(a, parsed, t, demoAuditor(a, t));
          created[parsed.type] = (created[parsed.type] ?? 0) + 1;
        });
        return s;
      },
      doc(d, as, kind, input) {
        push(d, as, kind, async (t, a) => {
          await cases.issueDocument(
            a,
            c.id,
            { version: await version(c.id), kind, ...(input ? { input } : {}) },
            t,
            demoAuditor(a, t),
          );
        });
        return s;
      },
      act(d, as, action, input) {
        push(d, as, action, async (t, a) => {
          await cases.act(a, c.id, action, { version: await version(c.id), input }, t, demoAuditor(a, t));
        });
        return s;
      },
    };
    return s;
  };

  const kit: DemoKit = {
    now,
    days,
    userId: (username) => String(userOf(username).id),
    village,
    person,
    story,
  };
  return {
    kit,
    async run(onProgress?: (fraction: number) => void) {
      steps.sort((a, b) => a.at.getTime() - b.at.getTime() || a.order - b.order);
      for (const [i, st] of steps.entries()) {
        await st.run();
        if (i % 10 === 0) onProgress?.(i / steps.length);
      }
      return { created, steps: steps.length };
    },
  };
}
