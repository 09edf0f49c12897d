/**
 * 合同台账: the town's contracts of a year (送审日期, or the registration date of one not yet
 * submitted) with their review and signing, as the reader may see them (cases/access.ts
 * `visibleCase`), on a page and as an .xlsx of the same rows (http/stats-xlsx.ts).
 */
import { AppError, addPeriod, type Calendar, shanghaiDate } from '@fazhi/domain';
import {
  type ContractRegister,
  ContractRegisterQuerySchema,
  ContractRegisterSchema,
} from '@fazhi/domain/api/decisions-contract';
import {
  CONTRACT_KIND_LABELS,
  CONTRACT_PROCUREMENT_LABELS,
  CONTRACT_REVIEW_OUTCOME_LABELS,
  type ContractFieldValues,
  contract,
} from '@fazhi/domain/cases/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { type CaseAccess, caseAccess, requireTypeAccess, visibleCase } from '../../../cases/access.ts';
import type { Db } from '../../../db/index.ts';
import { sendXlsx, statsWorkbook } from '../../../http/stats-xlsx.ts';

const label = <T extends Record<string, string>>(labels: T, v: string | undefined) =>
  v ? (labels[v as keyof T] ?? v) : '';

export async function contractRegister(
  db: Db,
  access: CaseAccess,
  calendarOf: (townId: number) => Promise<Calendar>,
  q: { townId?: string | undefined; year?: number | undefined },
  now: Date,
): Promise<ContractRegister> {
  const towns = await db
    .selectFrom('org_units')
    .select(['id', 'name'])
    .where('id', 'in', access.townIds.length ? access.townIds : [0])
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
  const wanted = q.townId !== undefined ? Number(q.townId) : (access.auth.townId ?? towns[0]?.id);
  const town = towns.find((t) => t.id === wanted);
  if (!town) throw AppError.notFound('乡镇');
  const year = q.year ?? Number(shanghaiDate(now).slice(0, 4));
  const day = sql<string>`coalesce(c.fields->>'submittedOn', to_char(((c.created_at at time zone 'UTC') + interval '8 hours')::date, 'YYYY-MM-DD'))`;
  const rows = await db
    .selectFrom('cases as c')
    .select([
      'c.id',
      'c.number',
      'c.title',
      'c.state',
      'c.fields',
      day.as('day'),
      sql<string | null>`(select u.name from org_units u where u.id = c.unit_id)`.as('unit_name'),
    ])
    .where('c.town_id', '=', town.id)
    .where('c.type', '=', 'contract')
    .where(sql<boolean>`${day} between ${`${year}-01-01`} and ${`${year}-12-31`}`)
    .where((eb) => visibleCase(eb, access))
    .orderBy(day)
    .orderBy('c.id')
    .execute();
  const calendar = await calendarOf(town.id);
  const items = rows.map((r) => {
    const f = r.fields as Partial<ContractFieldValues>;
    const due =
      f.submittedOn && f.reviewLimit
        ? addPeriod(calendar, { unit: 'wd', from: f.submittedOn, length: f.reviewLimit.length }).due
        : null;
    return {
      id: String(r.id),
      number: r.number,
      title: r.title,
      name: f.name ?? r.title,
      counterparty: f.counterparty ?? '',
      counterpartyCreditCode: f.counterpartyCreditCode ?? null,
      amount: f.amount ?? 0,
      contractKind: label(CONTRACT_KIND_LABELS, f.contractKind),
      procurement: label(CONTRACT_PROCUREMENT_LABELS, f.procurement),
      termFrom: f.termFrom ?? '',
      termTo: f.termTo ?? '',
      unitName: r.unit_name,
      submittedOn: f.submittedOn ?? null,
      reviewDue: due,
      reviewedOn: f.reviewedOn ?? null,
      reviewOutcome: f.reviewOutcome ? label(CONTRACT_REVIEW_OUTCOME_LABELS, f.reviewOutcome) : null,
      signedOn: f.signedOn ?? null,
      state: r.state,
      stateLabel: contract.states[r.state as keyof typeof contract.states]?.label ?? r.state,
    };
  });
  return {
    town: { id: String(town.id), name: town.name },
    towns: towns.map((t) => ({ id: String(t.id), name: t.name })),
    year,
    items,
    totalAmount: Math.round(items.reduce((s, i) => s + i.amount, 0) * 100) / 100,
  };
}

export async function contractRegisterRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { services } = fastify;
  const db = () => services.database.db;
  const read = requireTypeAccess('contract', 'read');
  const load = async (
    auth: Parameters<typeof caseAccess>[1],
    q: { townId?: string | undefined; year?: number | undefined },
  ) =>
    contractRegister(
      db(),
      await caseAccess(db(), auth, services.registry),
      (t) => services.calendars.forTown(t),
      q,
      services.now(),
    );

  app.get(
    '/api/decisions/contracts',
    {
      preHandler: read,
      schema: {
        tags: ['依法决策'],
        summary: '合同台账（按送审年度）',
        querystring: ContractRegisterQuerySchema,
        response: { 200: ContractRegisterSchema },
      },
    },
    async (request) => load(request.auth, request.query),
  );

  app.get(
    '/api/decisions/contracts/export.xlsx',
    {
      preHandler: read,
      schema: {
        tags: ['依法决策'],
        summary: '导出合同台账（.xlsx，与台账页相同的范围）',
        querystring: ContractRegisterQuerySchema,
      },
    },
    async (request, reply) => {
      const r = await load(request.auth, request.query);
      const buffer = await statsWorkbook({
        title: `${r.town.name}${r.year}年度合同台账`,
        note: `按送审日期（未送审的按登记日期）统计；合计金额${r.totalAmount.toFixed(2)}元。`,
        sheet: '合同台账',
        tables: [
          {
            title: '合同',
            columns: [
              { header: '编号', width: 22 },
              { header: '合同名称', width: 36 },
              { header: '承办科室', width: 18 },
              { header: '合同相对方', width: 28 },
              { header: '统一社会信用代码', width: 22 },
              { header: '金额（元）', width: 16, format: 'decimal' },
              { header: '合同类型', width: 12 },
              { header: '采购方式', width: 12 },
              { header: '履行期限', width: 24 },
              { header: '送审日期', width: 12 },
              { header: '审查期限', width: 12 },
              { header: '审查日期', width: 12 },
              { header: '审查结论', width: 12 },
              { header: '签订日期', width: 12 },
              { header: '状态', width: 14 },
            ],
            rows: r.items.map((i) => [
              i.number,
              i.name,
              i.unitName,
              i.counterparty,
              i.counterpartyCreditCode,
              i.amount,
              i.contractKind,
              i.procurement,
              `${i.termFrom}至${i.termTo}`,
              i.submittedOn,
              i.reviewDue,
              i.reviewedOn,
              i.reviewOutcome,
              i.signedOn,
              i.stateLabel,
            ]),
          },
        ],
      });
      return sendXlsx(reply, `${r.town.name}${r.year}年度合同台账.xlsx`, buffer);
    },
  );
}
