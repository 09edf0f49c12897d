/**
 * One area of 依法决策's pages (meetings, major decisions, normative documents, contracts, legal
 * advisers), merged by ./index.tsx into the one web module, as the server merges its parts
 * (server/src/modules/decisions/part.ts).
 */
import type { WebModule } from '../../app/module.ts';

export type DecisionsWebPart = Pick<WebModule, 'routes' | 'publicRoutes' | 'caseSlots' | 'lookups'>;
