/**
 * The decision catalogue over HTTP (domain/api/decisions-decision.ts is the contract) and the
 * public pages of the published catalogue and decisions. Readers: the decision case type's
 * readers (党政办, 司法所, 镇领导, 县) over the towns their assignment covers; the 党政办 keeps the
 * catalogue, the 镇领导 records the Party committee's agreement (art 3 ¶3). A town out of reach
 * is a 404.
 */
import {
  CATALOGUE_APPROVER_ROLES,
  CATALOGUE_WRITER_ROLES,
  CatalogueApproveBodySchema,
  CatalogueIdParamsSchema,
  CatalogueItemBodySchema,
  CatalogueItemPatchSchema,
  CataloguePublishBodySchema,
  CatalogueQuerySchema,
  CatalogueSchema,
  CatalogueTransitionSchema,
  DecisionProposalBodySchema,
  PublicDecisionsQuerySchema,
  PublicDecisionsSchema,
  StartedSchema,
  StartItemBodySchema,
} from '@fazhi/domain/api/decisions-decision';
import { PublicTownParamsSchema } from '@fazhi/domain/api/enforcement';
import { decision } from '@fazhi/domain/cases/decision';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { caseAccess, requireTypeAccess } from '../../../cases/access.ts';
import { auditorOf } from '../../../http/context.ts';
import { readTown, townRegisterAccess, writeTown } from '../../../platform/town-registers.ts';
import type { DecisionOwn } from './own.ts';

const TAGS = ['依法决策'];
const TownQuery = z.object({
  townId: z
    .string()
    .regex(/^\d{1,10}$/, '乡镇编号无效')
    .optional()
    .describe('乡镇'),
});

const WORDS = {
  read: '您的角色无权查看决策事项目录',
  write: '您的角色无权编制决策事项目录（限党政办）',
};
const APPROVE_WORDS = { read: WORDS.read, write: '您的角色无权登记党委同意（限镇领导）' };

export async function decisionRoutes(fastify: FastifyInstance, own: DecisionOwn) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { services } = fastify;
  const db = () => services.database.db;
  const readers = decision.access.read;
  const editors = (req: FastifyRequest) =>
    townRegisterAccess(db(), req.auth, { readers, writers: CATALOGUE_WRITER_ROLES }, WORDS);
  const approvers = (req: FastifyRequest) =>
    townRegisterAccess(db(), req.auth, { readers, writers: CATALOGUE_APPROVER_ROLES }, APPROVE_WORDS);
  const read = { preHandler: requireTypeAccess('decision', 'read') };
  const write = { preHandler: requireTypeAccess('decision', 'write') };

  app.get(
    '/api/decisions/catalogue',
    {
      ...read,
      schema: {
        tags: TAGS,
        summary: '决策事项目录（年度）',
        querystring: CatalogueQuerySchema.extend(TownQuery.shape),
        response: { 200: CatalogueSchema },
      },
    },
    async (request) => {
      const [edit, approve] = await Promise.all([editors(request), approvers(request)]);
      const town = readTown(edit, request.query.townId);
      const canEdit = edit.writeTowns.includes(town.id);
      const can = {
        edit: canEdit,
        approve: approve.writeTowns.includes(town.id),
        publish: canEdit,
        start: canEdit,
      };
      return own.catalogue.list(town.id, request.query.year, can);
    },
  );

  app.post(
    '/api/decisions/catalogue',
    {
      ...write,
      schema: {
        tags: TAGS,
        summary: '新增目录事项（党政办）',
        querystring: TownQuery,
        body: CatalogueItemBodySchema,
        response: { 200: z.object({ id: z.number() }) },
      },
    },
    async (request) => {
      const townId = writeTown(await editors(request), request.query.townId);
      const now = services.now();
      const id = await own.catalogue.add(townId, request.body, request.auth!.userId, now, auditorOf(request, now));
      return { id };
    },
  );

  app.patch(
    '/api/decisions/catalogue/:id',
    {
      ...write,
      schema: {
        tags: TAGS,
        summary: '修改目录事项（草拟中）',
        params: CatalogueIdParamsSchema,
        querystring: TownQuery,
        body: CatalogueItemPatchSchema,
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (request) => {
      const townId = writeTown(await editors(request), request.query.townId);
      const now = services.now();
      await own.catalogue.update(townId, request.params.id, request.body, now, auditorOf(request, now));
      return { ok: true as const };
    },
  );

  app.post(
    '/api/decisions/catalogue/approve',
    {
      ...write,
      schema: {
        tags: TAGS,
        summary: '登记党委同意年度目录（镇领导）',
        querystring: TownQuery,
        body: CatalogueApproveBodySchema,
        response: { 200: CatalogueTransitionSchema },
      },
    },
    async (request) => {
      const townId = writeTown(await approvers(request), request.query.townId);
      const now = services.now();
      const count = await own.catalogue.approve(
        townId,
        request.body.year,
        request.body.approvedOn,
        now,
        auditorOf(request, now),
      );
      return { count };
    },
  );

  app.post(
    '/api/decisions/catalogue/publish',
    {
      ...write,
      schema: {
        tags: TAGS,
        summary: '公布年度目录（党政办）',
        querystring: TownQuery,
        body: CataloguePublishBodySchema,
        response: { 200: CatalogueTransitionSchema },
      },
    },
    async (request) => {
      const townId = writeTown(await editors(request), request.query.townId);
      const now = services.now();
      const count = await own.catalogue.publish(
        townId,
        request.body.year,
        request.body.publishedOn,
        now,
        auditorOf(request, now),
      );
      return { count };
    },
  );

  app.post(
    '/api/decisions/catalogue/:id/start',
    {
      ...write,
      schema: {
        tags: TAGS,
        summary: '目录事项启动决策程序（登记决策案件）',
        params: CatalogueIdParamsSchema,
        querystring: TownQuery,
        body: StartItemBodySchema,
        response: { 200: StartedSchema },
      },
    },
    async (request) => {
      const townId = writeTown(await editors(request), request.query.townId);
      const now = services.now();
      const access = await caseAccess(db(), request.auth, services.registry);
      return own.catalogue.start(
        access,
        townId,
        request.params.id,
        request.body.description,
        now,
        auditorOf(request, now),
      );
    },
  );

  app.post(
    '/api/decisions/proposals',
    {
      ...write,
      schema: {
        tags: TAGS,
        summary: '目录外提出决策事项（登记案件并列入目录）',
        querystring: TownQuery,
        body: DecisionProposalBodySchema,
        response: { 200: StartedSchema },
      },
    },
    async (request) => {
      const townId = writeTown(await editors(request), request.query.townId);
      const now = services.now();
      const access = await caseAccess(db(), request.auth, services.registry);
      return own.catalogue.propose(access, townId, request.body, now, auditorOf(request, now));
    },
  );

  app.get(
    '/api/public/decisions/:townCode',
    {
      schema: {
        tags: ['公示'],
        summary: '公开：决策事项目录和已公布的重大行政决策（无需登录）',
        params: PublicTownParamsSchema,
        querystring: PublicDecisionsQuerySchema,
        response: { 200: PublicDecisionsSchema },
      },
    },
    async (request) => own.publicity.decisions(request.params.townCode, request.query.year, services.now()),
  );
}
