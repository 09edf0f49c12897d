/**
 * The annual report (issue 6): workflow and permissions per role and office, optimistic
 * locking, the frozen approved version against later data edits, the .docx in 公文 layout
 * (parts, fonts, page setup, page-number footers, read back with jszip), the CLI, the
 * deadlines and the county overview.
 *
 * Figures come through a small test provider registered like any module's: the number of
 * villages and communities of a town, counted in SQL, so a data edit (a new village) changes
 * the live figure and must not change the approved report.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Narrative, narrativeFromLines, reportDeadlineStatus } from '@fazhi/domain/api/reports';
import JSZip from 'jszip';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { petitionDeadlinesLine, safetyLine, seedReportDemo } from '../src/demo/report.ts';
import {
  FANGSONG,
  HEITI,
  KAITI,
  MARGIN_BOTTOM,
  MARGIN_LEFT,
  MARGIN_RIGHT,
  MARGIN_TOP,
  PAGE_HEIGHT,
  PAGE_WIDTH,
  XBS,
} from '../src/documents/layout.ts';
import { docxToPdf, hasLibreOffice, hasPoppler, pdfPageCount, pdfToPng, pdfToText } from '../src/documents/render.ts';
import type { FactProvider } from '../src/facts/facts.ts';
import { MODULES } from '../src/modules.ts';
import { reportCommand } from '../src/report/cli.ts';
import { as, type Harness, harness, login, type Session } from './helpers.ts';

/** Villages and communities of each town: a figure computed in SQL, changed by adding a village. */
const villagesProvider: FactProvider = {
  module: 'testorg',
  moduleLabel: '测试组织',
  facts: [
    {
      key: 'testorg.villages',
      label: '村（社区）数',
      unit: '个',
      definition: '本镇村民委员会、居民委员会个数',
      combine: { kind: 'sum' },
    },
  ],
  async compute(db, q) {
    const rows = await db
      .selectFrom('org_units')
      .select(['town_id', sql<number>`count(*)`.as('n')])
      .where('town_id', 'in', q.townIds)
      .where('kind', 'in', ['village', 'community'])
      .groupBy('town_id')
      .execute();
    const by = new Map(rows.map((r) => [Number(r.town_id), Number(r.n)]));
    return new Map(q.townIds.map((t) => [t, { 'testorg.villages': by.get(t) ?? 0 }]));
  },
};

const canRender = (await hasLibreOffice()) && (await hasPoppler());
let h: Harness;
const s: Record<string, Session> = {};
let townId = 0;
let reportId = '';
const YEAR = 2025;

const text = (line: string): Narrative => narrativeFromLines([line]);
type Detail = {
  id: string;
  version: number;
  state: string;
  sections: { key: string; title: string; version: number; unitName: string; submitted: boolean; canEdit: boolean }[];
  facts: Record<string, { display: string; value: number | null }>;
  deadlines: { submit: { state: string }; publish: { state: string } };
  actions: Record<string, boolean>;
};

async function detail(who: string): Promise<Detail> {
  const r = await as(h.app, s[who]!)('GET', `/api/reports/${reportId}`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
}
const section = (d: Detail, key: string) => d.sections.find((x) => x.key === key)!;

async function documentXml(docx: Buffer) {
  const zip = await JSZip.loadAsync(docx);
  const read = (n: string) => zip.file(n)!.async('string');
  const document = await read('word/document.xml');
  const rels = await read('word/_rels/document.xml.rels');
  const footers: Record<string, string> = {};
  for (const m of document.matchAll(/<w:footerReference w:type="(\w+)" r:id="(\w+)"\/>/g)) {
    const target = new RegExp(`Id="${m[2]}"[^>]*Target="([^"]+)"`).exec(rels)![1];
    footers[m[1]!] = await read(`word/${target}`);
  }
  return { document, settings: await read('word/settings.xml'), footers };
}
/** The visible text of document.xml, runs joined. */
const plain = (xml: string) => [...xml.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
const attr = (xml: string, el: string, name: string) =>
  Number(new RegExp(`<${el}\\b[^>]*\\bw:${name}="(\\d+)"`).exec(xml)?.[1]);

beforeAll(async () => {
  // A module of the test's own brings the figure (core/module.ts): no global list to splice.
  h = await harness(
    {},
    { modules: [...MODULES, { key: 'villages_test', label: '测试模块', facts: [villagesProvider] }], demo: true },
  );
  for (const u of ['fazhiban', 'leader', 'tiaojie', 'xinfang', 'county', 'cun01', 'sysadmin'])
    s[u] = await login(h.app, u, 'Demo@2026');
  townId = (
    await h.db.database.db.selectFrom('org_units').select('id').where('name', '=', '湾头桥镇').executeTakeFirstOrThrow()
  ).id;
});

afterAll(async () => {
  await h?.close();
});

describe('annual report', () => {
  it('only the 法治办 creates a report, once per town and year, with offices assigned by the outline', async () => {
    expect((await as(h.app, s.tiaojie!)('POST', '/api/reports', { year: YEAR })).statusCode).toBe(403);
    expect((await as(h.app, s.leader!)('POST', '/api/reports', { year: YEAR })).statusCode).toBe(403);
    expect((await as(h.app, s.county!)('POST', '/api/reports', { year: YEAR })).statusCode).toBe(403);
    const future = await as(h.app, s.fazhiban!)('POST', '/api/reports', { year: 2027 });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.message).toContain('年度');
    const bad = await as(h.app, s.fazhiban!)('POST', '/api/reports', { year: YEAR, template: 'other' });
    expect(bad.statusCode).toBe(400);

    const r = await as(h.app, s.fazhiban!)('POST', '/api/reports', { year: YEAR });
    expect(r.statusCode, r.body).toBe(200);
    const d = r.json() as Detail;
    reportId = d.id;
    expect(d.state).toBe('drafting');
    expect(d.sections.filter((x) => /^[一二三四五]、/.test(x.title)).map((x) => x.title)).toEqual([
      '一、主要举措和成效',
      '二、存在的不足和原因',
      '三、党政主要负责人履行推进法治建设第一责任人职责情况',
      '四、下一年度工作安排',
      '五、其他需要报告的事项',
    ]);
    expect(section(d, 'measures.mediation').unitName).toBe('综治中心（一站式矛调中心）');
    expect(section(d, 'measures.petition').unitName).toBe('信访办');
    expect(section(d, 'shortcomings').unitName).toBe('党政办（法治办）');

    const again = await as(h.app, s.fazhiban!)('POST', '/api/reports', { year: YEAR });
    expect(again.statusCode).toBe(409);
    // The seed's own outline is the alternative.
    const seed = await as(h.app, s.fazhiban!)('POST', '/api/reports', { year: 2024, template: 'seed' });
    expect(seed.statusCode).toBe(200);
    expect((seed.json() as Detail).sections.map((x) => x.title)).toContain('四、存在问题');
    expect((seed.json() as Detail).sections.map((x) => x.title)).toContain('五、2025年度推进法治政府建设的工作思路');
  });

  it('reading needs report:read; the county does not see a draft', async () => {
    expect((await as(h.app, null)('GET', '/api/reports')).statusCode).toBe(401);
    expect((await as(h.app, s.cun01!)('GET', '/api/reports')).statusCode).toBe(403);
    expect((await as(h.app, s.sysadmin!)('GET', `/api/reports/${reportId}`)).statusCode).toBe(403);
    expect((await as(h.app, s.county!)('GET', `/api/reports/${reportId}`)).statusCode).toBe(404);
    expect((await as(h.app, s.county!)('GET', `/api/reports/${reportId}/export.docx`)).statusCode).toBe(404);
    const list = await as(h.app, s.county!)('GET', '/api/reports');
    expect(list.json().items).toEqual([]);
    const county = await as(h.app, s.county!)('GET', `/api/reports/county?year=${YEAR}`);
    expect(county.statusCode).toBe(200);
    const towns = county.json().towns as { townName: string; status: string; canOpen: boolean }[];
    expect(towns.map((t) => [t.townName, t.status, t.canOpen])).toEqual([
      ['湾头桥镇', 'drafting', false],
      ['青石镇', 'none', false],
    ]);
  });

  it('an office edits only its own section, with live fact tokens, and stale versions are refused', async () => {
    const d = await detail('tiaojie');
    expect(section(d, 'measures.mediation').canEdit).toBe(true);
    expect(section(d, 'measures.petition').canEdit).toBe(false);
    const put = (who: string, key: string, narrative: Narrative, version: number) =>
      as(h.app, s[who]!)('PUT', `/api/reports/${reportId}/sections/${key}`, { version, narrative });

    const mine = await put(
      'tiaojie',
      'measures.mediation',
      narrativeFromLines(['1.健全调解网络', '全镇{testorg.villages}村（社区）均建立人民调解委员会。']),
      1,
    );
    expect(mine.statusCode, mine.body).toBe(200);
    const after = mine.json() as Detail;
    expect(after.facts['testorg.villages']!.display).toBe('10个');
    expect(section(after, 'measures.mediation').version).toBe(2);

    expect((await put('tiaojie', 'measures.petition', text('越权'), 1)).statusCode).toBe(403);
    expect((await put('leader', 'measures.mediation', text('领导不起草'), 2)).statusCode).toBe(403);
    const stale = await put('tiaojie', 'measures.mediation', text('旧版本'), 1);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toContain('陈静');
    const badKey = await as(h.app, s.tiaojie!)('PUT', `/api/reports/${reportId}/sections/measures.mediation`, {
      version: 2,
      narrative: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'fact', attrs: { key: 'DROP' } }] }] },
    });
    expect(badKey.statusCode).toBe(400);
    expect(badKey.json().error.message).toContain('数据项');
    expect(
      (
        await as(h.app, s.tiaojie!)('PUT', `/api/reports/${reportId}/sections/nosuch`, {
          version: 1,
          narrative: text('x'),
        })
      ).statusCode,
    ).toBe(404);
    // An empty section cannot be submitted.
    const empty = await as(h.app, s.xinfang!)('POST', `/api/reports/${reportId}/sections/measures.petition/submit`, {
      version: 1,
      submitted: true,
    });
    expect(empty.statusCode).toBe(400);
  });

  it('the 法治办 reassigns a section; the new office may edit it and the old one no longer', async () => {
    const d = await detail('fazhiban');
    const office = (await as(h.app, s.fazhiban!)('GET', `/api/reports/${reportId}`)).json().offices as {
      id: string;
      name: string;
    }[];
    const xinfang = office.find((o) => o.name === '信访办')!;
    const r = await as(h.app, s.fazhiban!)('POST', `/api/reports/${reportId}/sections/other/assign`, {
      version: d.version,
      unitId: xinfang.id,
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(section(r.json(), 'other').unitName).toBe('信访办');
    const again = await as(h.app, s.fazhiban!)('POST', `/api/reports/${reportId}/sections/other/assign`, {
      version: d.version,
      unitId: xinfang.id,
    });
    expect(again.statusCode).toBe(409);
    const x = await as(h.app, s.tiaojie!)('POST', `/api/reports/${reportId}/sections/other/assign`, {
      version: d.version + 1,
      unitId: xinfang.id,
    });
    expect(x.statusCode).toBe(403);
    const v = section(await detail('xinfang'), 'other').version;
    const put = await as(h.app, s.xinfang!)('PUT', `/api/reports/${reportId}/sections/other`, {
      version: v,
      narrative: text('无其他需要报告的事项。'),
    });
    expect(put.statusCode, put.body).toBe(200);
  });

  it('submission needs every section; the leader returns or approves; only then is it frozen', async () => {
    const submit = async () => {
      const d = await detail('fazhiban');
      return as(h.app, s.fazhiban!)('POST', `/api/reports/${reportId}/submit`, { version: d.version });
    };
    const early = await submit();
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toContain('尚未提交');

    // The 法治办 completes the remaining sections as the assembler and submits each.
    let d = await detail('fazhiban');
    for (const sec of d.sections) {
      let v = sec.version;
      if (!['measures.mediation', 'other'].includes(sec.key)) {
        const r = await as(h.app, s.fazhiban!)('PUT', `/api/reports/${reportId}/sections/${sec.key}`, {
          version: v,
          narrative: text(`${sec.title.replace(/^(（.）|.、)/, '')}的内容，全镇共有{testorg.villages}村（社区）。`),
        });
        expect(r.statusCode, r.body).toBe(200);
        v++;
      }
      const sub = await as(h.app, s.fazhiban!)('POST', `/api/reports/${reportId}/sections/${sec.key}/submit`, {
        version: v,
        submitted: true,
      });
      expect(sub.statusCode, sub.body).toBe(200);
    }
    expect((await as(h.app, s.tiaojie!)('POST', `/api/reports/${reportId}/submit`, { version: 1 })).statusCode).toBe(
      403,
    );
    const ok = await submit();
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().state).toBe('submitted');

    // Locked while the leader reviews.
    d = await detail('tiaojie');
    const locked = await as(h.app, s.tiaojie!)('PUT', `/api/reports/${reportId}/sections/measures.mediation`, {
      version: section(d, 'measures.mediation').version,
      narrative: text('审定中修改'),
    });
    expect(locked.statusCode).toBe(409);

    d = await detail('leader');
    expect(d.actions.approve).toBe(true);
    expect(
      (await as(h.app, s.fazhiban!)('POST', `/api/reports/${reportId}/approve`, { version: d.version })).statusCode,
    ).toBe(403);
    const noNote = await as(h.app, s.leader!)('POST', `/api/reports/${reportId}/return`, {
      version: d.version,
      note: ' ',
    });
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json().error.message).toContain('退回意见');
    const ret = await as(h.app, s.leader!)('POST', `/api/reports/${reportId}/return`, {
      version: d.version,
      note: '请补充第一责任人履职情况',
    });
    expect(ret.statusCode, ret.body).toBe(200);
    expect(ret.json().state).toBe('drafting');
    expect(ret.json().returnNote).toBe('请补充第一责任人履职情况');

    const again = await submit();
    expect(again.statusCode, again.body).toBe(200);
    d = again.json();
    const stale = await as(h.app, s.leader!)('POST', `/api/reports/${reportId}/approve`, { version: d.version - 1 });
    expect(stale.statusCode).toBe(409);
    const approved = await as(h.app, s.leader!)('POST', `/api/reports/${reportId}/approve`, { version: d.version });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().state).toBe('approved');
    expect(approved.json().frozen).toBe(true);
    // Approved on 2 March: one day after the 1 March deadline.
    expect(approved.json().deadlines.submit.state).toBe('late');

    const audit = await h.db.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('target', '=', `report:${reportId}`)
      .orderBy('id')
      .execute();
    const actions = audit.map((a) => a.action);
    for (const a of ['report.create', 'report.section.assign', 'report.submit', 'report.return', 'report.approve'])
      expect(actions).toContain(a);
  });

  it('the approved report keeps its figures after the records change', async () => {
    const db = h.db.database.db;
    const town = await db.selectFrom('org_units').select(['path']).where('id', '=', townId).executeTakeFirstOrThrow();
    const v = await db
      .insertInto('org_units')
      .values({ kind: 'village', name: '新建村村民委员会', parent_id: townId, town_id: townId, path: 'x', depth: 3 })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .updateTable('org_units')
      .set({ path: `${town.path}${v.id}/` })
      .where('id', '=', v.id)
      .execute();

    // The live figure moved …
    const live = await as(h.app, s.fazhiban!)('GET', `/api/reports/${reportId}/facts`);
    const facts = live.json().modules.flatMap((m: { facts: { key: string; display: string }[] }) => m.facts);
    expect(facts.find((f: { key: string }) => f.key === 'testorg.villages').display).toBe('11个');
    // … the approved report did not: detail, export and CLI all show the frozen value.
    const d = await detail('leader');
    expect(d.facts['testorg.villages']!.display).toBe('10个');
    const docx = await as(h.app, s.fazhiban!)('GET', `/api/reports/${reportId}/export.docx`);
    expect(docx.statusCode).toBe(200);
    const body = plain((await documentXml(docx.rawPayload)).document);
    expect(body).toContain('全镇10个村（社区）均建立人民调解委员会');
    expect(body).not.toContain('11个');
    // The approved version is also what is frozen in the table, not just in a cache.
    const row = await db
      .selectFrom('reports')
      .select('frozen')
      .where('id', '=', Number(reportId))
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row.frozen)).toContain('"value":10');
    // A draft, by contrast, follows the records.
    const draft = await as(h.app, s.fazhiban!)('GET', '/api/reports');
    const d2024 = draft.json().items.find((i: { year: number }) => i.year === 2024);
    const v2024 = (await as(h.app, s.fazhiban!)('GET', `/api/reports/${d2024.id}`)).json() as Detail;
    await as(h.app, s.fazhiban!)('PUT', `/api/reports/${d2024.id}/sections/problems`, {
      version: section(v2024, 'problems').version,
      narrative: text('全镇{testorg.villages}村（社区）。'),
    });
    const x = plain(
      (await documentXml((await as(h.app, s.fazhiban!)('GET', `/api/reports/${d2024.id}/export.docx`)).rawPayload))
        .document,
    );
    expect(x).toContain('全镇11个村（社区）');
    expect(x).toContain('（草稿）');
  });

  it('the .docx has the five parts, the 公文 fonts, A4 with 37/28 mm margins and “— N —” footers', async () => {
    const res = await as(h.app, s.fazhiban!)('GET', `/api/reports/${reportId}/export.docx`);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    expect(String(res.headers['content-disposition'])).toContain(
      encodeURIComponent('湾头桥镇2025年法治政府建设年度报告'),
    );
    const x = await documentXml(res.rawPayload);
    const body = plain(x.document);
    expect(body.startsWith('湾头桥镇2025年法治政府建设年度报告')).toBe(true);
    let at = 0;
    for (const part of [
      '一、主要举措和成效',
      '二、存在的不足和原因',
      '三、党政主要负责人履行推进法治建设第一责任人职责情况',
      '四、下一年度工作安排',
      '五、其他需要报告的事项',
    ]) {
      const i = body.indexOf(part, at);
      expect(i, part).toBeGreaterThan(at - 1);
      at = i;
    }
    expect(body).toContain('中共湾头桥镇委员会　湾头桥镇人民政府');
    expect(body).toContain('2026年3月2日');
    for (const f of [FANGSONG, HEITI, KAITI, XBS]) expect(x.document).toContain(`w:eastAsia="${f}"`);
    // The part headings are 黑体, the sub-sections 楷体, the title 小标宋.
    const runOf = (t: string) =>
      new RegExp(`<w:r>((?:(?!</w:r>).)*?)<w:t[^>]*>${t}</w:t>`, 's').exec(x.document)?.[1] ?? '';
    expect(runOf('一、主要举措和成效')).toContain(`w:eastAsia="${HEITI}"`);
    expect(runOf('（二）坚持和发展新时代“枫桥经验”，化解矛盾纠纷')).toContain(`w:eastAsia="${KAITI}"`);
    expect(runOf('湾头桥镇2025年法治政府建设年度报告')).toContain(`w:eastAsia="${XBS}"`);
    expect(attr(x.document, 'w:pgSz', 'w')).toBe(PAGE_WIDTH);
    expect(attr(x.document, 'w:pgSz', 'h')).toBe(PAGE_HEIGHT);
    expect(attr(x.document, 'w:pgMar', 'top')).toBe(MARGIN_TOP);
    expect(attr(x.document, 'w:pgMar', 'left')).toBe(MARGIN_LEFT);
    expect(attr(x.document, 'w:pgMar', 'right')).toBe(MARGIN_RIGHT);
    expect(attr(x.document, 'w:pgMar', 'bottom')).toBe(MARGIN_BOTTOM);
    expect(MARGIN_TOP).toBe(2098); // 37 mm
    expect(MARGIN_LEFT).toBe(1587); // 28 mm
    expect(x.settings).toMatch(/<w:evenAndOddHeaders(\/>| w:val="(true|1)")/);
    expect(Object.keys(x.footers).sort()).toEqual(['default', 'even']);
    expect(x.footers.default).toMatch(/<w:jc w:val="(right|end)"\/>/);
    expect(x.footers.even).toMatch(/<w:jc w:val="(left|start)"\/>/);
    for (const f of Object.values(x.footers)) {
      expect(f).toMatch(/<w:instrText[^>]*>\s*PAGE\s*<\/w:instrText>/);
      expect(plain(f)).toBe('—  —');
    }
  });

  it.skipIf(!canRender)('renders to PDF: every page looked at', async () => {
    const res = await as(h.app, s.fazhiban!)('GET', `/api/reports/${reportId}/export.pdf`);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.rawPayload;
    const pages = await pdfPageCount(pdf);
    expect(pages).toBeGreaterThanOrEqual(1);
    const txt = await pdfToText(pdf);
    expect(txt).toMatch(/—\s*1\s*—/);
    expect(txt).toContain('中共湾头桥镇委员会');
    const dir = path.resolve(import.meta.dirname, '../../e2e/.artifacts');
    fs.mkdirSync(dir, { recursive: true });
    for (let p = 1; p <= pages; p++)
      fs.writeFileSync(path.join(dir, `report-server-p${p}.png`), await pdfToPng(pdf, p, { dpi: 60 }));
    // The draft goes through the same converter.
    expect(
      (await docxToPdf((await as(h.app, s.fazhiban!)('GET', `/api/reports/${reportId}/export.docx`)).rawPayload))
        .length,
    ).toBeGreaterThan(1000);
  });

  it('the 法治办 records publication; dates are checked', async () => {
    let d = await detail('fazhiban');
    expect(d.actions.publish).toBe(true);
    const early = await as(h.app, s.fazhiban!)('POST', `/api/reports/${reportId}/publish`, {
      version: d.version,
      publishedOn: '2026-02-01',
      where: '镇政府门户网站',
    });
    expect(early.statusCode).toBe(400);
    expect(early.json().error.message).toContain('公开日期');
    expect(
      (
        await as(h.app, s.leader!)('POST', `/api/reports/${reportId}/publish`, {
          version: d.version,
          publishedOn: '2026-03-02',
          where: '镇政府门户网站',
        })
      ).statusCode,
    ).toBe(403);
    const ok = await as(h.app, s.fazhiban!)('POST', `/api/reports/${reportId}/publish`, {
      version: d.version,
      publishedOn: '2026-03-02',
      where: '湾头桥镇人民政府门户网站“法治政府建设年度报告”专栏',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    d = ok.json();
    expect(d.state).toBe('published');
    expect(d.deadlines.publish.state).toBe('done');
  });

  it('the county opens and exports the approved report and sees every town with its status', async () => {
    expect((await as(h.app, s.county!)('GET', `/api/reports/${reportId}`)).statusCode).toBe(200);
    expect((await as(h.app, s.county!)('GET', `/api/reports/${reportId}/export.docx`)).statusCode).toBe(200);
    const c = await as(h.app, s.county!)('GET', `/api/reports/county?year=${YEAR}`);
    const towns = c.json().towns as {
      townName: string;
      status: string;
      canOpen: boolean;
      deadlines: { submit: { state: string }; publish: { state: string } };
    }[];
    expect(towns[0]).toMatchObject({ townName: '湾头桥镇', status: 'published', canOpen: true });
    expect(towns[0]!.deadlines.submit.state).toBe('late');
    expect(towns[1]).toMatchObject({ townName: '青石镇', status: 'none', canOpen: false });
    // Today is 2 March 2026: 青石镇 has missed 1 March and has 30 days to publish.
    expect(towns[1]!.deadlines.submit.state).toBe('overdue');
    expect(towns[1]!.deadlines.publish.state).toBe('soon');
    expect((await as(h.app, s.county!)('GET', '/api/reports/county?year=abc')).statusCode).toBe(400);
  });

  it('the CLI writes the approved version and prints the facts as JSON', async () => {
    const lines: string[] = [];
    const out = (l: string) => lines.push(l);
    expect(await reportCommand(h.app.services, ['--town', '湾头桥镇', '--year', String(YEAR), '--facts'], out)).toBe(0);
    const json = JSON.parse(lines.join('\n'));
    expect(json.facts.find((f: { key: string }) => f.key === 'testorg.villages')).toMatchObject({
      value: 11,
      display: '11个',
      origin: 'computed',
    });
    const file = path.join(os.tmpdir(), `report-${process.pid}.docx`);
    lines.length = 0;
    expect(
      await reportCommand(h.app.services, ['--town', '湾头桥镇', '--year', String(YEAR), '--out', file], out),
    ).toBe(0);
    expect(lines[0]).toContain('已审定版本');
    const body = plain((await documentXml(fs.readFileSync(file))).document);
    expect(body).toContain('10个村（社区）');
    fs.rmSync(file);
    lines.length = 0;
    expect(await reportCommand(h.app.services, ['--town', '青石镇', '--year', String(YEAR), '--out', file], out)).toBe(
      1,
    );
    expect(lines[0]).toContain('尚未建立');
    expect(await reportCommand(h.app.services, ['--town', '无此镇', '--year', '2025'], out)).toBe(1);
    expect(await reportCommand(h.app.services, ['--year', '2025'], out)).toBe(2);
  });
});

describe('deadlines (domain.md §11)', () => {
  it('1 March to the county and 1 April public, inclusive', () => {
    expect(reportDeadlineStatus(2025, '2026-03-01', null, '2026-03-05')).toMatchObject({
      submit: { due: '2026-03-01', state: 'done' },
      publish: { due: '2026-04-01', state: 'soon', daysLeft: 27 },
    });
    expect(reportDeadlineStatus(2025, null, null, '2026-01-15').submit).toMatchObject({ state: 'open', daysLeft: 45 });
    expect(reportDeadlineStatus(2025, null, null, '2026-02-01').submit).toMatchObject({ state: 'soon', daysLeft: 28 });
    expect(reportDeadlineStatus(2025, null, null, '2025-12-01').submit.state).toBe('open');
    expect(reportDeadlineStatus(2025, null, null, '2026-03-02').submit.state).toBe('overdue');
    expect(reportDeadlineStatus(2025, '2026-03-10', '2026-04-02', '2026-05-01')).toMatchObject({
      submit: { state: 'late' },
      publish: { state: 'late' },
    });
  });
});

describe('the demo report', () => {
  let d: Harness;
  beforeAll(async () => {
    d = await harness({}, { demo: true });
  });
  afterAll(() => d?.close());

  it('drafts 湾头桥镇 2023 on the seed outline, every section submitted, ready to export', async () => {
    const r = await seedReportDemo(d.app.services);
    expect(r).not.toBeNull();
    const fz = await login(d.app, 'fazhiban', 'Demo@2026');
    const detail = (await as(d.app, fz)('GET', `/api/reports/${r!.reportId}`)).json();
    expect(detail).toMatchObject({ year: 2023, template: 'seed', state: 'drafting', sectionsSubmitted: 9 });
    expect(detail.sections.find((x: { key: string }) => x.key === 'practice.lawful').updatedByName).toBe('陈静');
    // Counted from the 安监办's inspection records (none in this fixture): 0, computed.
    expect(detail.facts['safety.inspections']).toMatchObject({ display: '0次', origin: 'computed' });
    expect(detail.facts['mediation.accepted']).toMatchObject({ origin: 'computed', display: '0件' });
    expect(detail.actions.submit).toBe(true);
    const docx = await as(d.app, fz)('GET', `/api/reports/${r!.reportId}/export.docx`);
    const body = plain((await documentXml(docx.rawPayload)).document);
    expect(body).toContain('湾头桥镇2023年法治政府建设情况报告');
    expect(body).toContain('全年开展安全生产综合性检查0次，出动检查人员0人次。');
    expect(body).not.toContain('注：标有“※”');
    expect(body).toContain('四、存在问题');
    expect(body).toContain('五、2024年度推进法治政府建设的工作思路');
    expect(body).not.toMatch(/\{[a-z]+\.[a-z_]+\}/);
    // Issue 13 (7): no decision records, so no claim that every major matter was decided collectively.
    expect(body).not.toContain('一律经');
    expect(body).toContain('〔待补充：本年度经镇党委会议集体研究决定的重大事项及会议记录〕');
  });
});

describe('the demo draft asserts only what its figures show (issue 13, 7)', () => {
  const figures = (acceptDue: number, acceptOk: number, handleDue: number, handleOk: number) => ({
    'petition.acceptance_due': acceptDue,
    'petition.accepted_on_time': acceptOk,
    'petition.handling_due': handleDue,
    'petition.handled_on_time': handleOk,
  });

  it('says the 信访工作条例 limits were kept only when no petition was late', () => {
    expect(petitionDeadlinesLine(figures(40, 40, 30, 30))).toContain('均在《信访工作条例》规定的期限内完成');
  });

  it('names the late petitions and leaves their cause to the office when some were late', () => {
    const line = petitionDeadlinesLine(figures(40, 38, 30, 29));
    expect(line).toContain('其中未按期告知受理2件、未按期办结1件');
    expect(line).toContain('〔待补充：超期原因及整改措施〕');
    expect(line).not.toMatch(/严格执行|均在.*期限内完成/);
  });

  it('states the hazards found and rectified only when the year has hazard records', () => {
    expect(safetyLine({ 'safety.hazards_found': 0 })).not.toContain('隐患');
    expect(safetyLine({ 'safety.hazards_found': 12 })).toContain(
      '发现安全隐患{safety.hazards_found}，整改到位{safety.hazards_rectified}',
    );
    expect(safetyLine({})).toContain('出动检查人员{safety.inspectors}。');
  });

  it('claims nothing about deadlines in a year without petitions', () => {
    expect(petitionDeadlinesLine(figures(0, 0, 0, 0))).not.toMatch(/期限内完成|未按期/);
  });
});
