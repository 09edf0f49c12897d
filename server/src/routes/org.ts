/**
 * The organisation tree: county → town → villages, communities and departments.
 * Read by anyone with org:read or org:manage within their scope; written by the
 * 系统管理员 within theirs. Out-of-scope units answer 404, never 403, so the tree
 * does not reveal what exists elsewhere.
 */
import {
  AppError,
  childKinds,
  type DataScope,
  int4Id,
  isWithinDivision,
  ORG_KIND_LABELS as KIND_LABELS,
  type OrgKind,
  roleDef,
  unionScope,
  validateDivisionCode,
  versionSchema,
} from '@fazhi/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema.ts';
import { auditOf } from '../http/context.ts';
import { appendAudit } from '../platform/audit.ts';
import { type AuthContext, requireAuth, requirePermission, scopeFilter } from '../platform/context.ts';

const IdParams = z.strictObject({ id: z.coerce.number().int().positive().max(2_147_483_647).describe('单位编号') });
const ListQuery = z.strictObject({
  parentId: z.coerce.number().int().positive().max(2_147_483_647).optional().describe('上级单位'),
});
const CodeField = z
  .string()
  .trim()
  .regex(/^\d{12}$/, '应为 12 位数字')
  .nullable()
  .optional()
  .describe('统计用区划代码');
const CreateBody = z.strictObject({
  parentId: int4Id().describe('上级单位'),
  kind: z.enum(['town', 'village', 'community', 'department']).describe('单位类型'),
  name: z.string().trim().min(1, '不能为空').max(100, '不能超过 100 个字').describe('单位名称'),
  code: CodeField,
  sortOrder: z.number().int().min(0).max(100000).optional().describe('排序号'),
});
const UpdateBody = z.strictObject({
  name: z.string().trim().min(1, '不能为空').max(100, '不能超过 100 个字').optional().describe('单位名称'),
  code: CodeField,
  sortOrder: z.number().int().min(0).max(100000).optional().describe('排序号'),
  version: versionSchema(),
});

const UNIT_COLUMNS = [
  'u.id',
  'u.parent_id',
  'u.town_id',
  'u.kind',
  'u.name',
  'u.code',
  'u.path',
  'u.sort_order',
  'u.version',
] as const;

/** Readers see the union of their org:read and org:manage scopes; writers only the latter. */
function orgScope(ctx: AuthContext | null, manage: boolean): DataScope {
  if (manage) return requirePermission(ctx, 'org:manage');
  const auth = requireAuth(ctx);
  if (!auth.permissions.includes('org:read') && !auth.permissions.includes('org:manage')) {
    requirePermission(ctx, 'org:read');
  }
  return unionScope(
    auth.assignments.filter((a) => {
      const p = roleDef(a.role)?.permissions ?? [];
      return p.includes('org:read') || p.includes('org:manage');
    }),
  );
}

async function loadUnit(db: Kysely<DB>, scope: DataScope, userId: number, id: number) {
  const row = await db
    .selectFrom('org_units as u')
    .select(UNIT_COLUMNS)
    .select((eb) => [
      eb.exists(eb.selectFrom('org_units as c').select('c.id').whereRef('c.parent_id', '=', 'u.id')).as('has_children'),
    ])
    .where('u.id', '=', id)
    .where((eb) => scopeFilter(eb, scope, { unitId: eb.ref('u.id'), unitPath: eb.ref('u.path') }, userId))
    .executeTakeFirst();
  if (!row) throw AppError.notFound('单位');
  return row;
}

function present(r: {
  id: number;
  parent_id: number | null;
  town_id: number | null;
  kind: OrgKind;
  name: string;
  code: string | null;
  path: string;
  sort_order: number;
  version: number;
  has_children?: unknown;
}) {
  return {
    id: r.id,
    parentId: r.parent_id,
    townId: r.town_id,
    kind: r.kind,
    kindLabel: KIND_LABELS[r.kind],
    name: r.name,
    code: r.code,
    path: r.path,
    sortOrder: r.sort_order,
    version: r.version,
    hasChildren: !!r.has_children,
  };
}

export async function orgRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { services } = fastify;
  const db = () => services.database.db;

  app.get(
    '/api/org-units',
    { schema: { tags: ['组织机构'], summary: '下级单位（懒加载）', querystring: ListQuery } },
    async (request) => {
      const auth = requireAuth(request.auth);
      const scope = orgScope(request.auth, false);
      let q = db()
        .selectFrom('org_units as u')
        .select(UNIT_COLUMNS)
        .select((eb) => [
          eb
            .exists(eb.selectFrom('org_units as c').select('c.id').whereRef('c.parent_id', '=', 'u.id'))
            .as('has_children'),
        ])
        .where((eb) => scopeFilter(eb, scope, { unitId: eb.ref('u.id'), unitPath: eb.ref('u.path') }, auth.userId));
      if (request.query.parentId) {
        await loadUnit(db(), scope, auth.userId, request.query.parentId);
        q = q.where('u.parent_id', '=', request.query.parentId);
      } else {
        // Roots of what the user may see: scope units whose ancestors are all out of scope.
        const rootPaths = scope.prefixes;
        q = q.where((eb) =>
          eb.or([
            ...(rootPaths.length ? [eb('u.path', 'in', rootPaths)] : []),
            ...(scope.unitIds.length ? [eb('u.id', 'in', scope.unitIds)] : []),
          ]),
        );
      }
      const rows = await q.orderBy('u.sort_order').orderBy('u.id').limit(1000).execute();
      return rows.map(present);
    },
  );

  app.get(
    '/api/org-units/:id',
    { schema: { tags: ['组织机构'], summary: '单位详情', params: IdParams } },
    async (request) => {
      const auth = requireAuth(request.auth);
      const scope = orgScope(request.auth, false);
      const row = await loadUnit(db(), scope, auth.userId, request.params.id);
      const [counts, parent] = await Promise.all([
        db()
          .selectFrom('org_units as u')
          .select((eb) => [
            eb
              .selectFrom('org_units')
              .select(eb.fn.countAll<number>().as('n'))
              .where('parent_id', '=', row.id)
              .as('child_count'),
            eb
              .selectFrom('user_roles')
              .select(sql<number>`count(distinct user_id)`.as('n'))
              .where('unit_id', '=', row.id)
              .as('user_count'),
          ])
          .where('u.id', '=', row.id)
          .executeTakeFirstOrThrow(),
        row.parent_id
          ? db().selectFrom('org_units').select('name').where('id', '=', row.parent_id).executeTakeFirst()
          : undefined,
      ]);
      return {
        ...present(row),
        childCount: Number(counts.child_count ?? 0),
        userCount: Number(counts.user_count ?? 0),
        parentName: parent?.name ?? null,
      };
    },
  );

  app.post(
    '/api/org-units',
    { schema: { tags: ['组织机构'], summary: '新增下级单位', body: CreateBody } },
    async (request, reply) => {
      const auth = requireAuth(request.auth);
      const scope = requirePermission(request.auth, 'org:manage');
      const body = request.body;
      const parent = await loadUnit(db(), scope, auth.userId, body.parentId);
      if (!childKinds(parent.kind).includes(body.kind)) {
        throw AppError.validation([
          { path: 'kind', message: `单位类型：${KIND_LABELS[parent.kind]}下不能设立${KIND_LABELS[body.kind]}` },
        ]);
      }
      const code = body.code ?? null;
      checkCode(code, body.kind, parent.code);
      const now = services.now();
      const created = await db()
        .transaction()
        .execute(async (trx) => {
          const { id } = await sql<{ id: number }>`select nextval('org_units_id_seq')::int as id`
            .execute(trx)
            .then((r) => r.rows[0]!);
          const townId = body.kind === 'town' ? id : parent.town_id;
          await assertUnique(trx, parent.id, body.name, code, null);
          await trx
            .insertInto('org_units')
            .values({
              id,
              parent_id: parent.id,
              town_id: townId,
              kind: body.kind,
              name: body.name,
              code,
              path: `${parent.path}${id}/`,
              depth: parent.path.split('/').filter(Boolean).length,
              sort_order: body.sortOrder ?? 0,
            })
            .execute();
          await appendAudit(
            trx,
            auditOf(request, now, 'org.create', `org:${id}`, 'success', { name: body.name, kind: body.kind }),
          );
          return id;
        });
      const row = await loadUnit(db(), scope, auth.userId, created);
      return reply.status(201).send(present(row));
    },
  );

  app.patch(
    '/api/org-units/:id',
    { schema: { tags: ['组织机构'], summary: '修改单位', params: IdParams, body: UpdateBody } },
    async (request) => {
      const auth = requireAuth(request.auth);
      const scope = requirePermission(request.auth, 'org:manage');
      const unit = await loadUnit(db(), scope, auth.userId, request.params.id);
      const body = request.body;
      const parentCode = unit.parent_id
        ? ((await db().selectFrom('org_units').select('code').where('id', '=', unit.parent_id).executeTakeFirst())
            ?.code ?? null)
        : null;
      const code = body.code === undefined ? unit.code : body.code;
      if (body.code !== undefined) checkCode(code, unit.kind, parentCode);
      const now = services.now();
      await db()
        .transaction()
        .execute(async (trx) => {
          await assertUnique(trx, unit.parent_id, body.name ?? unit.name, code, unit.id);
          const r = await trx
            .updateTable('org_units')
            .set({
              name: body.name ?? unit.name,
              code,
              sort_order: body.sortOrder ?? unit.sort_order,
              version: unit.version + 1,
              updated_at: now,
            })
            .where('id', '=', unit.id)
            .where('version', '=', body.version)
            .executeTakeFirst();
          if (Number(r.numUpdatedRows) === 0) {
            throw new AppError('VERSION_CONFLICT', '该单位已被他人修改，请刷新后再试', {
              details: { currentVersion: unit.version },
            });
          }
          await appendAudit(trx, auditOf(request, now, 'org.update', `org:${unit.id}`, 'success', { changes: body }));
        });
      return present(await loadUnit(db(), scope, auth.userId, unit.id));
    },
  );

  app.delete(
    '/api/org-units/:id',
    { schema: { tags: ['组织机构'], summary: '删除单位', params: IdParams } },
    async (request, reply) => {
      const auth = requireAuth(request.auth);
      const scope = requirePermission(request.auth, 'org:manage');
      const unit = await loadUnit(db(), scope, auth.userId, request.params.id);
      if (unit.kind === 'county' || !unit.parent_id) throw new AppError('CONFLICT', '不能删除顶级单位');
      const now = services.now();
      await db()
        .transaction()
        .execute(async (trx) => {
          const child = await trx
            .selectFrom('org_units')
            .select('id')
            .where('parent_id', '=', unit.id)
            .limit(1)
            .executeTakeFirst();
          if (child) throw new AppError('CONFLICT', '该单位下还有下级单位，不能删除');
          const member = await trx
            .selectFrom('user_roles')
            .select('id')
            .where('unit_id', '=', unit.id)
            .limit(1)
            .executeTakeFirst();
          if (member) throw new AppError('CONFLICT', '该单位还有用户任职，请先调整用户角色');
          const townUser = await trx
            .selectFrom('users')
            .select('id')
            .where('town_id', '=', unit.id)
            .limit(1)
            .executeTakeFirst();
          if (townUser) throw new AppError('CONFLICT', '该单位还有所属用户，不能删除');
          const caseRow = await trx
            .selectFrom('cases')
            .select('id')
            .where((eb) => eb.or([eb('unit_id', '=', unit.id), eb('town_id', '=', unit.id)]))
            .limit(1)
            .executeTakeFirst();
          if (caseRow) throw new AppError('CONFLICT', '该单位还有案件（矛盾纠纷、信访事项等），不能删除');
          const party = await trx
            .selectFrom('parties')
            .select('id')
            .where('unit_id', '=', unit.id)
            .limit(1)
            .executeTakeFirst();
          if (party) throw new AppError('CONFLICT', '该单位还有登记在此的当事人，不能删除');
          const campaignReturn = await trx
            .selectFrom('campaign_returns')
            .select('id')
            .where('unit_id', '=', unit.id)
            .limit(1)
            .executeTakeFirst();
          if (campaignReturn) throw new AppError('CONFLICT', '该单位还有矛盾纠纷排查台账，不能删除');
          const visit = await trx
            .selectFrom('leader_visits')
            .select('id')
            .where('unit_id', '=', unit.id)
            .limit(1)
            .executeTakeFirst();
          if (visit) throw new AppError('CONFLICT', '该单位还有带案下访记录，不能删除');
          try {
            await trx.deleteFrom('org_units').where('id', '=', unit.id).execute();
          } catch (e) {
            // Any other record that still names the unit (the database's foreign keys say which tables can).
            if ((e as { code?: string }).code === '23503')
              throw new AppError('CONFLICT', '该单位还有业务记录引用，不能删除');
            throw e;
          }
          await appendAudit(trx, auditOf(request, now, 'org.delete', `org:${unit.id}`, 'success', { name: unit.name }));
        });
      return reply.status(204).send();
    },
  );
}

function checkCode(code: string | null, kind: OrgKind, parentCode: string | null) {
  if (code == null) return;
  if (kind === 'department') throw AppError.validation([{ path: 'code', message: '统计用区划代码：部门不设区划代码' }]);
  const v = validateDivisionCode(code);
  if (!v.ok) throw AppError.validation([{ path: 'code', message: `统计用区划代码：${v.message}` }]);
  if (parentCode && !isWithinDivision(code, parentCode)) {
    throw AppError.validation([{ path: 'code', message: `统计用区划代码：应属于上级单位的区划 ${parentCode}` }]);
  }
}

async function assertUnique(
  trx: Kysely<DB>,
  parentId: number | null,
  name: string,
  code: string | null,
  selfId: number | null,
) {
  let q = trx.selectFrom('org_units').select('id').where('name', '=', name);
  q = parentId == null ? q.where('parent_id', 'is', null) : q.where('parent_id', '=', parentId);
  if (selfId) q = q.where('id', '!=', selfId);
  if (await q.executeTakeFirst())
    throw new AppError('CONFLICT', `同一上级下已有名为「${name}」的单位`, {
      fields: [{ path: 'name', message: '单位名称重复' }],
    });
  if (code) {
    let c = trx.selectFrom('org_units').select(['id', 'name']).where('code', '=', code);
    if (selfId) c = c.where('id', '!=', selfId);
    const dup = await c.executeTakeFirst();
    if (dup)
      throw new AppError('CONFLICT', `区划代码 ${code} 已被「${dup.name}」使用`, {
        fields: [{ path: 'code', message: '区划代码重复' }],
      });
  }
}
