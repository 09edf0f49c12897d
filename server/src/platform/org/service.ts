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
  isWithinDivision,
  ORG_KIND_LABELS as KIND_LABELS,
  type OrgKind,
  type OrgUnit,
  type OrgUnitCreate,
  type OrgUnitDetail,
  type OrgUnitUpdate,
  validateDivisionCode,
} from '@fazhi/domain';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { type Auditor, appendAudit } from '../audit.ts';
import type { OrgRepository, UnitReference, UnitRow } from './repository.ts';

/** Who acts (its user id) and the data scope the route granted it. */
export interface OrgAccess {
  userId: number;
  scope: DataScope;
}

const IN_USE: Record<UnitReference, string> = {
  child: '该单位下还有下级单位，不能删除',
  member: '该单位还有用户任职，请先调整用户角色',
  townUser: '该单位还有所属用户，不能删除',
  case: '该单位还有案件（矛盾纠纷、信访事项等），不能删除',
  party: '该单位还有登记在此的当事人，不能删除',
  campaignReturn: '该单位还有矛盾纠纷排查台账，不能删除',
  visit: '该单位还有带案下访记录，不能删除',
};

function present(r: UnitRow): OrgUnit {
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

function checkCode(code: string | null, kind: OrgKind, parentCode: string | null): void {
  if (code == null) return;
  if (kind === 'department') throw AppError.validation([{ path: 'code', message: '统计用区划代码：部门不设区划代码' }]);
  const v = validateDivisionCode(code);
  if (!v.ok) throw AppError.validation([{ path: 'code', message: `统计用区划代码：${v.message}` }]);
  if (parentCode && !isWithinDivision(code, parentCode)) {
    throw AppError.validation([{ path: 'code', message: `统计用区划代码：应属于上级单位的区划 ${parentCode}` }]);
  }
}

export class OrgService {
  constructor(private readonly deps: { db: Kysely<DB>; repo: OrgRepository }) {}

  private get repo() {
    return this.deps.repo;
  }

  private async load(a: OrgAccess, id: number): Promise<UnitRow> {
    const row = await this.repo.findInScope(a.scope, a.userId, id);
    if (!row) throw AppError.notFound('单位');
    return row;
  }

  /** The children of `parentId` (404 when it is out of scope), or the roots of the scope. */
  async children(a: OrgAccess, parentId: number | undefined): Promise<OrgUnit[]> {
    if (parentId) await this.load(a, parentId);
    return (await this.repo.children(a.scope, a.userId, parentId)).map(present);
  }

  async detail(a: OrgAccess, id: number): Promise<OrgUnitDetail> {
    const row = await this.load(a, id);
    const [counts, parent] = await Promise.all([
      this.repo.counts(row.id),
      row.parent_id ? this.repo.nameAndCode(row.parent_id) : undefined,
    ]);
    return { ...present(row), ...counts, parentName: parent?.name ?? null };
  }

  async create(a: OrgAccess, body: OrgUnitCreate, audit: Auditor): Promise<OrgUnit> {
    const parent = await this.load(a, body.parentId);
    if (!childKinds(parent.kind).includes(body.kind)) {
      throw AppError.validation([
        { path: 'kind', message: `单位类型：${KIND_LABELS[parent.kind]}下不能设立${KIND_LABELS[body.kind]}` },
      ]);
    }
    const code = body.code ?? null;
    checkCode(code, body.kind, parent.code);
    const created = await this.deps.db.transaction().execute(async (trx) => {
      const id = await this.repo.nextId(trx);
      await this.assertUnique(trx, parent.id, body.name, code, null);
      await this.repo.insert(trx, {
        id,
        parentId: parent.id,
        townId: body.kind === 'town' ? id : parent.town_id,
        kind: body.kind,
        name: body.name,
        code,
        path: `${parent.path}${id}/`,
        depth: parent.path.split('/').filter(Boolean).length,
        sortOrder: body.sortOrder ?? 0,
      });
      await appendAudit(trx, audit('org.create', `org:${id}`, { name: body.name, kind: body.kind }));
      return id;
    });
    return present(await this.load(a, created));
  }

  async update(a: OrgAccess, id: number, body: OrgUnitUpdate, now: Date, audit: Auditor): Promise<OrgUnit> {
    const unit = await this.load(a, id);
    const parentCode = unit.parent_id ? ((await this.repo.nameAndCode(unit.parent_id))?.code ?? null) : null;
    const code = body.code === undefined ? unit.code : body.code;
    if (body.code !== undefined) checkCode(code, unit.kind, parentCode);
    await this.deps.db.transaction().execute(async (trx) => {
      await this.assertUnique(trx, unit.parent_id, body.name ?? unit.name, code, unit.id);
      const written = await this.repo.update(
        trx,
        unit.id,
        body.version,
        {
          name: body.name ?? unit.name,
          code,
          sortOrder: body.sortOrder ?? unit.sort_order,
          nextVersion: unit.version + 1,
        },
        now,
      );
      if (!written) {
        throw new AppError('VERSION_CONFLICT', '该单位已被他人修改，请刷新后再试', {
          details: { currentVersion: unit.version },
        });
      }
      await appendAudit(trx, audit('org.update', `org:${unit.id}`, { changes: body }));
    });
    return present(await this.load(a, unit.id));
  }

  /** Deletes a unit nothing refers to any more; else 409 naming what still does. */
  async delete(a: OrgAccess, id: number, audit: Auditor): Promise<void> {
    const unit = await this.load(a, id);
    if (unit.kind === 'county' || !unit.parent_id) throw new AppError('CONFLICT', '不能删除顶级单位');
    await this.deps.db.transaction().execute(async (trx) => {
      const ref = await this.repo.firstReference(trx, unit.id);
      if (ref) throw new AppError('CONFLICT', IN_USE[ref]);
      try {
        await this.repo.delete(trx, unit.id);
      } catch (e) {
        // Any other record that still names the unit (the database's foreign keys say which tables can).
        if ((e as { code?: string }).code === '23503')
          throw new AppError('CONFLICT', '该单位还有业务记录引用，不能删除');
        throw e;
      }
      await appendAudit(trx, audit('org.delete', `org:${unit.id}`, { name: unit.name }));
    });
  }

  private async assertUnique(
    trx: Kysely<DB>,
    parentId: number | null,
    name: string,
    code: string | null,
    selfId: number | null,
  ): Promise<void> {
    if (await this.repo.siblingNamed(trx, parentId, name, selfId))
      throw new AppError('CONFLICT', `同一上级下已有名为「${name}」的单位`, {
        fields: [{ path: 'name', message: '单位名称重复' }],
      });
    if (code) {
      const dup = await this.repo.withCode(trx, code, selfId);
      if (dup)
        throw new AppError('CONFLICT', `区划代码 ${code} 已被「${dup.name}」使用`, {
          fields: [{ path: 'code', message: '区划代码重复' }],
        });
    }
  }
}
