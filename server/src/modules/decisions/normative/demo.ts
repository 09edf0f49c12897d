/**
 * The demo year's normative documents (issue 16) for 湾头桥镇, taken through the case service
 * from draft to the county's 予以备案 as the rules demand (cases/normative.ts): the 2023 list is
 * three documents, one of them (the earliest) abolished in the autumn when its subject passed to
 * the county; later years get one. Each is decided at a held 党政联席会 (meetings/demo.ts
 * `insertDecidingMeeting`). Every step is on a working day at an office hour and none after `until`.
 */

import { officeHour } from '../../../core/demo.ts';
import type { CoreServices, DemoPresentContext, DemoYearContext } from '../../../core/module.ts';
import { insertDecidingMeeting } from '../meetings/demo.ts';
import type { NormativeService } from './service.ts';

interface DocPlan {
  title: string;
  drafter: string;
  summary: string;
  basis: string;
  /** Month (1–12) the draft is started in. */
  month: number;
  validityMonths: number;
  body: string;
  /** Cleaned up (废止) in this month of the same year, when set. */
  abolishIn?: number;
}

const PLANS_2023: DocPlan[] = [
  {
    title: '湾头桥镇农村生活垃圾分类奖励办法',
    drafter: '农业农村办',
    summary: '对垃圾分类达标农户给予积分奖励的标准和程序',
    basis: '《浙江省生活垃圾管理条例》',
    month: 1,
    validityMonths: 36,
    abolishIn: 10,
    body: '第一条 为推进农村生活垃圾分类，制定本办法。\n第二条 本办法适用于本镇行政区域内的农户。\n第三条 积分奖励所需经费由镇财政预算安排。',
  },
  {
    title: '湾头桥镇农村人居环境长效管护办法',
    drafter: '农业农村办',
    summary: '村庄保洁、河道管护和公共设施维护的责任分工与考核',
    basis: '《农村人居环境整治提升五年行动方案（2021—2025年）》',
    month: 3,
    validityMonths: 60,
    body: '第一条 为建立农村人居环境长效管护机制，制定本办法。\n第二条 各村（社区）负责本区域日常保洁和设施维护。\n第三条 镇政府每季度组织考核，考核结果与村级经费挂钩。',
  },
  {
    title: '湾头桥镇村级小微权力清单运行规定',
    drafter: '党政办（法治办）',
    summary: '村级重大事项决策、资金使用和工程项目的运行流程',
    basis: '《中华人民共和国村民委员会组织法》',
    month: 6,
    validityMonths: 48,
    body: '第一条 为规范村级小微权力运行，制定本规定。\n第二条 村级重大事项实行“五议两公开”。\n第三条 村务监督委员会对权力运行实施监督。',
  },
];

const LATER: DocPlan[] = [
  {
    title: '湾头桥镇农村集体资产租赁管理办法',
    drafter: '农业农村办',
    summary: '集体资产出租的公开交易、合同管理和收益分配',
    basis: '《中华人民共和国民法典》',
    month: 4,
    validityMonths: 60,
    body: '第一条 为规范农村集体资产租赁行为，制定本办法。\n第二条 集体资产出租一律进入镇农村产权交易平台公开交易。',
  },
];

const plus = (d: string, n: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export async function seedNormativeYear(
  core: CoreServices,
  _own: NormativeService,
  ctx: DemoYearContext,
): Promise<string[]> {
  const y = ctx.year;
  const plans = y === 2023 ? PLANS_2023 : LATER;
  const r = await walkDocuments(
    core,
    plans.map((p) => ({ plan: p, drafted: `${y}-${String(p.month).padStart(2, '0')}-05`, stopAfter: 'accept' })),
    y,
    ctx.until,
  );
  if (!r) return [];
  return [`规范性文件：${y}年${plans.length}件（走完备案${r.done}件，清理${r.cleaned}件），会议${plans.length}次`];
}

/** The present: one document filed a few days ago, awaiting the county's examination (on its inbox). */
const PRESENT: DocPlan = {
  title: '湾头桥镇农村宅基地审批管理实施细则',
  drafter: '自然资源和规划办',
  summary: '农村村民宅基地申请、审查、审批和批后监管',
  basis: '《中华人民共和国土地管理法》第六十二条',
  month: 0,
  validityMonths: 60,
  body: '第一条 为规范农村宅基地审批管理，制定本细则。\n第二条 宅基地申请经村民小组讨论、村级组织审查后报镇政府审批。',
};

export async function seedNormativePresent(core: CoreServices, ctx: DemoPresentContext): Promise<string[]> {
  const today = new Date(ctx.now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const r = await walkDocuments(
    core,
    [{ plan: PRESENT, drafted: plus(today, -50), stopAfter: 'file' }],
    Number(today.slice(0, 4)),
    ctx.now,
  );
  return r ? [`规范性文件：1件已报备、待县司法局备案审查`] : [];
}

async function walkDocuments(
  core: CoreServices,
  docs: { plan: DocPlan; drafted: string; stopAfter: 'file' | 'accept' }[],
  y: number,
  until: Date,
): Promise<{ done: number; cleaned: number } | null> {
  if (!core.cases.registry.find('normative')) return null;
  const { demoAccess, demoAuditor } = await import('../../../seed/demo-access.ts');
  const { CreateCaseBodySchema } = await import('@fazhi/domain');
  const db = core.database.db;
  const town = await db.selectFrom('org_units').select('id').where('name', '=', '湾头桥镇').executeTakeFirst();
  if (!town) return null;
  const calendar = await core.calendars.forTown(town.id);
  const wd = (d: string) => {
    let x = d;
    while (!calendar.isWorkday(x)) x = plus(x, 1);
    return x;
  };
  /** The n-th working day after d. */
  const wdAfter = (d: string, n: number) => {
    let x = d;
    for (let i = 0; i < n; i++) x = wd(plus(x, 1));
    return x;
  };
  const who = {
    fazhiban: await demoAccess(db, 'fazhiban', core.cases.registry),
    sifasuo: await demoAccess(db, 'sifasuo', core.cases.registry),
    leader: await demoAccess(db, 'leader', core.cases.registry),
    beian: await demoAccess(db, 'beian', core.cases.registry),
  };
  type Who = keyof typeof who;
  const version = async (id: number) =>
    (await db.selectFrom('cases').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;

  let done = 0;
  let cleaned = 0;
  for (const [i, { plan: p, drafted: start, stopAfter }] of docs.entries()) {
    let minute = 30 + i * 17;
    const at = (d: string) => {
      minute += 7;
      return officeHour(d, minute);
    };
    let stopped = false;
    const run = async (d: string, fn: (t: Date) => Promise<void>) => {
      const t = at(d);
      if (stopped || t > until) {
        stopped = true;
        return;
      }
      await fn(t);
    };
    let id = 0;
    const act = (d: string, w: Who, action: string, input?: Record<string, unknown>) =>
      run(d, async (t) => {
        await core.cases.act(who[w], id, action, { version: await version(id), input }, t, demoAuditor(who[w], t));
      });
    const doc = (d: string, w: Who, kind: string, input: Record<string, unknown>) =>
      run(d, async (t) => {
        await core.cases.issueDocument(
          who[w],
          id,
          { version: await version(id), kind, input },
          t,
          demoAuditor(who[w], t),
        );
      });

    const drafted = wd(start);
    await run(drafted, async (t) => {
      const body = CreateCaseBodySchema.parse({
        type: 'normative',
        title: p.title,
        fields: { drafter: p.drafter, draftedOn: drafted, summary: p.summary, basis: p.basis },
      });
      id = await core.cases.create(who.fazhiban, body, t, demoAuditor(who.fazhiban, t));
    });
    if (!id) continue;
    const commentFrom = wdAfter(drafted, 2);
    const commentUntil = wdAfter(commentFrom, 9);
    await act(commentFrom, 'fazhiban', 'open_comment', {
      commentFrom,
      commentUntil,
      commentChannel: '镇政府门户网站、各村公开栏',
    });
    const submitted = wdAfter(commentUntil, 1);
    const reviewDue = wdAfter(submitted, 10);
    await act(submitted, 'fazhiban', 'submit_review', {
      commentsReceived: 6 + i * 3,
      commentsAdopted: `收到意见${6 + i * 3}条，采纳${3 + i}条，未采纳的已在起草说明中说明理由`,
      reviewSubmittedOn: submitted,
      reviewDue,
    });
    const reviewed = wdAfter(submitted, 6);
    const checklist = {
      createsLicence: false,
      createsPenalty: false,
      createsCompulsory: false,
      createsFee: false,
      addsDutiesWithoutBasis: false,
    };
    const opinion = '送审稿制定主体适格，内容未超越法定权限，未设定行政许可、行政处罚、行政强制措施和收费事项';
    await doc(reviewed, 'sifasuo', 'legality_opinion', { ...checklist, opinion });
    await act(reviewed, 'sifasuo', 'pass_review', {
      reviewedOn: reviewed,
      reviewerKind: 'sifasuo',
      reviewerName: '张明',
      reviewChecklist: checklist,
      reviewOpinion: opinion,
    });
    const heldOn = wdAfter(reviewed, 3);
    let itemId = 0;
    await run(heldOn, async (t) => {
      const held = await insertDecidingMeeting(db, {
        townId: town.id,
        createdBy: who.fazhiban.auth.userId,
        kind: 'joint',
        title: `${heldOn.slice(0, 4)}年党政联席会议（${heldOn.slice(5)}）`,
        heldOn,
        now: t,
        items: [
          {
            subject: `审议《${p.title}》`,
            caseId: id,
            conclusion: 'adopted',
            conclusionText: '审议通过，由主要负责人签发后公布施行。',
          },
        ],
      });
      itemId = held.itemIds[0]!;
    });
    await act(heldOn, 'fazhiban', 'deliberate', { meetingItemId: itemId });
    const signed = wdAfter(heldOn, 1);
    await act(signed, 'leader', 'sign', { signedBy: '王建国', signedOn: signed });
    const published = wdAfter(signed, 2);
    await doc(published, 'fazhiban', 'publication', { addressee: '各村（社区）、镇属各单位', body: p.body });
    const effectiveOn = plus(published, 30);
    await act(published, 'fazhiban', 'publish', {
      publishedOn: published,
      publishedWhere: '湾头桥镇人民政府门户网站',
      effectiveOn,
      validityMonths: p.validityMonths,
    });
    const filed = wdAfter(published, 5);
    await doc(filed, 'fazhiban', 'filing_report', {});
    await act(filed, 'fazhiban', 'file', { filedOn: filed });
    if (stopAfter === 'file') {
      if (!stopped) done++;
      continue;
    }
    const examined = wdAfter(filed, 7);
    await act(examined, 'beian', 'accept_filing', {
      filingResultOn: examined,
      filingOpinion: '经审查，未发现违反法律、法规、规章和上级规范性文件的情形，予以备案',
      filingReceiptNo: `示司备〔${y}〕${10 + i}号`,
    });
    if (p.abolishIn) {
      const cleanedOn = wd(`${y}-${String(p.abolishIn).padStart(2, '0')}-16`);
      await act(cleanedOn, 'fazhiban', 'abolish', {
        cleanedOn,
        cleanupNote: '垃圾分类奖励改由县统一实施，本办法已无必要，予以废止',
      });
      if (!stopped) cleaned++;
    }
    if (!stopped) done++;
  }
  return { done, cleaned };
}
