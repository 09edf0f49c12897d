/**
 * Synthetic county: one county, N towns (villages, departments, staff) and M cases of
 * the engine's test type per town, with the events, documents, parties and derived
 * inbox facts the engine itself would have written.
 *
 *   npm run bench:data -- --towns 100 --cases-per-town 10000          (PostgreSQL)
 *   npm run bench:data -- --embedded bench/out/town --towns 1          (embedded PostgreSQL data dir)
 *
 * Rows are built in JavaScript (so search tokens and clock facts come from the domain's
 * own functions, not a SQL re-implementation of them) and sent as column arrays through
 * `INSERT … SELECT FROM unnest(…)`: one round trip per table per town, one
 * transaction per town. Secondary indexes are dropped for the load and rebuilt after
 * it, which is several times faster than maintaining a GIN index row by row.
 */
import { parseArgs } from 'node:util';
import {
  type CaseEvent,
  type CaseSnapshot,
  createCalendar,
  type InboxFacts,
  inboxFacts,
  searchTokens,
  sequenceNumber,
  shanghaiDate,
} from '@fazhi/domain';
import type { Db } from '@fazhi/server/src/db/index.ts';
import { migrate } from '@fazhi/server/src/db/migrate.ts';
import { blobStoreFor } from '@fazhi/server/src/platform/blobs.ts';
import { createUnit, createUser, type UnitRow } from '@fazhi/server/src/seed/factories.ts';
import { complaintType } from '@fazhi/server/test/fixtures/complaint.ts';
import { type RawBuilder, sql } from 'kysely';
import { BENCH_PASSWORD, resolveTarget, username } from './target.ts';
import {
  ATTACHMENT_NAMES,
  caseText,
  DEPARTMENTS,
  ORGS,
  personName,
  type Rng,
  rng,
  townNames,
  villageNames,
} from './vocab.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const TYPE = complaintType;
const LOADED_TABLES = ['cases', 'case_events', 'parties', 'case_parties', 'documents', 'attachments'];

interface UserRef {
  id: number;
  name: string;
}

interface TownCtx {
  index: number;
  town: UnitRow;
  short: string;
  villages: { unit: UnitRow; officer: UserRef }[];
  depts: UnitRow[];
  tiaojie: UserRef;
  leader: UserRef;
}

interface Blobs {
  notice: { key: string; size: number };
  attachment: { key: string; size: number };
}

async function main() {
  const { values } = parseArgs({
    options: {
      towns: { type: 'string', default: '1' },
      'cases-per-town': { type: 'string', default: '10000' },
      villages: { type: 'string', default: '10' },
      embedded: { type: 'string' },
      // The option's name before decision 0006 (the directory then held PGlite).
      pglite: { type: 'string' },
      db: { type: 'string' },
      seed: { type: 'string', default: '2026' },
      reset: { type: 'boolean', default: false },
    },
  });
  const towns = Number(values.towns);
  const perTown = Number(values['cases-per-town']);
  const villagesPerTown = Number(values.villages);
  const seed = Number(values.seed);
  if (![towns, perTown, villagesPerTown, seed].every((n) => Number.isInteger(n) && n >= 0) || towns < 1) {
    throw new Error('--towns, --cases-per-town, --villages and --seed take non-negative integers (towns ≥ 1)');
  }
  const target = resolveTarget({ embedded: values.embedded ?? values.pglite, db: values.db });
  const started = performance.now();
  log(`target: ${target.label}`);
  if (values.reset) {
    await target.reset();
    log('reset: dropped the previous bench data');
  }
  await target.ensure();
  const database = await target.open(2);
  try {
    const db = database.db;
    await migrate(db);
    const existing = await count(db, 'cases');
    // Staff without cases means an earlier run stopped between the org tree and the first town.
    if (existing > 0 || (await count(db, 'users')) > 0) {
      const complete = await loadIsComplete(db);
      log(
        complete
          ? `already holds ${existing.toLocaleString('en')} cases; pass --reset to regenerate`
          : `holds an incomplete load (${existing.toLocaleString('en')} cases, indexes or sequences missing); rerun with --reset`,
      );
      process.exitCode = complete ? 0 : 1;
      return;
    }
    const now = new Date();
    log(`building the org tree: 1 county, ${towns} town(s) × ${villagesPerTown} villages, and their staff`);
    const ctxs = await buildOrg(db, towns, villagesPerTown, seed);
    const store = blobStoreFor(target.dataDir);
    const notice = await store.put(Buffer.from('受理告知书（基准测试用占位文件）\n', 'utf8'));
    const attachment = await store.put(Buffer.from('附件（基准测试用占位文件）\n', 'utf8'));
    const blobs: Blobs = { notice, attachment };
    log(`org tree ready in ${secs(started)}`);

    const totals = await db.connection().execute(async (conn) => {
      // Foreign keys are satisfied by construction and checked once below; per-row FK
      // triggers would double the load time for 5M events.
      await sql`set session_replication_role = replica`.execute(conn);
      await sql`set maintenance_work_mem = '512MB'`.execute(conn);
      const dropped = await dropSecondaryIndexes(conn);
      const ids = {
        case: await maxId(conn, 'cases'),
        party: await maxId(conn, 'parties'),
        document: await maxId(conn, 'documents'),
        attachment: await maxId(conn, 'attachments'),
      };
      const sums = { cases: 0, events: 0, parties: 0, documents: 0, attachments: 0 };
      const loadStart = performance.now();
      for (const ctx of ctxs) {
        const t0 = performance.now();
        const rows = generateTown(ctx, perTown, now, seed, ids, blobs);
        const genMs = performance.now() - t0;
        await conn.transaction().execute(async (trx) => {
          await insertRows(trx, 'cases', CASE_COLS, rows.cases, true);
          await insertRows(trx, 'case_events', EVENT_COLS, rows.events, false);
          await insertRows(trx, 'parties', PARTY_COLS, rows.parties, true);
          await insertRows(trx, 'case_parties', CASE_PARTY_COLS, rows.caseParties, false);
          await insertRows(trx, 'documents', DOCUMENT_COLS, rows.documents, true);
          await insertRows(trx, 'attachments', ATTACHMENT_COLS, rows.attachments, true);
        });
        sums.cases += rows.cases.length;
        sums.events += rows.events.length;
        sums.parties += rows.parties.length;
        sums.documents += rows.documents.length;
        sums.attachments += rows.attachments.length;
        const done = ctx.index;
        const elapsed = (performance.now() - loadStart) / 1000;
        const eta = (elapsed / done) * (ctxs.length - done);
        log(
          `town ${done}/${ctxs.length} ${ctx.town.name}: ${rows.cases.length} cases, ${rows.events.length} events ` +
            `(generate ${(genMs / 1000).toFixed(2)} s, total ${secs(t0)}) · ` +
            `${sums.cases.toLocaleString('en')} cases so far, ${elapsed.toFixed(0)} s elapsed, ETA ${eta.toFixed(0)} s`,
        );
      }
      log(`rows loaded in ${secs(loadStart)}; rebuilding ${dropped.length} indexes`);
      for (const ix of dropped) {
        const t = performance.now();
        await sql.raw(ix.def).execute(conn);
        log(`  ${ix.name} ${secs(t)}`);
      }
      for (const table of ['cases', 'parties', 'documents', 'attachments']) {
        await sql`select setval(pg_get_serial_sequence(${table}, 'id'), greatest((select max(id) from ${sql.table(table)}), 1))`.execute(
          conn,
        );
      }
      // The numbers handed out above, so the next case a user registers continues them.
      await sql`
        insert into number_sequences (town_id, scope, year, last_seq)
        select town_id, 'case:' || type, year, max(seq) from cases group by town_id, type, year
        on conflict (town_id, scope, year) do update set last_seq = greatest(number_sequences.last_seq, excluded.last_seq)
      `.execute(conn);
      await sql`set session_replication_role = origin`.execute(conn);
      await checkForeignKeys(conn);
      const t = performance.now();
      for (const table of [...LOADED_TABLES, 'org_units', 'users', 'user_roles', 'number_sequences']) {
        await sql`vacuum (analyze) ${sql.table(table)}`.execute(conn);
      }
      log(`vacuum + analyze ${secs(t)}`);
      return sums;
    });

    const size = await sql<{ db: string; cases: string; events: string }>`
      select pg_size_pretty(pg_database_size(current_database())) as db,
             pg_size_pretty(pg_total_relation_size('cases')) as cases,
             pg_size_pretty(pg_total_relation_size('case_events')) as events
    `.execute(db);
    const s = size.rows[0]!;
    log(
      `done: ${totals.cases.toLocaleString('en')} cases, ${totals.events.toLocaleString('en')} events, ` +
        `${totals.parties.toLocaleString('en')} parties, ${totals.documents.toLocaleString('en')} documents, ` +
        `${totals.attachments.toLocaleString('en')} attachments in ${secs(started)} ` +
        `(database ${s.db}; cases ${s.cases}, case_events ${s.events} with indexes)`,
    );
    log(
      `users: ${username.tiaojie(1)}, ${username.leader(1)}, ${username.village(1, 1)}, … password ${BENCH_PASSWORD}`,
    );
  } finally {
    await database.close();
  }
}

// ------------------------------------------------------------------ org tree

async function buildOrg(db: Db, towns: number, villagesPerTown: number, seed: number): Promise<TownCtx[]> {
  const r = rng(seed);
  const names = townNames(towns);
  return db.transaction().execute(async (trx) => {
    const county = await createUnit(trx, { kind: 'county', name: '基准县' });
    await createUser(trx, {
      username: username.county,
      displayName: '县级督查',
      password: BENCH_PASSWORD,
      roles: [{ role: 'county', unit: county }],
    });
    const out: TownCtx[] = [];
    for (let i = 0; i < towns; i++) {
      const name = names[i]!;
      const town = await createUnit(trx, { kind: 'town', name, parent: county, sortOrder: i });
      const short = [...name][0]!;
      await trx.updateTable('org_units').set({ short_name: short }).where('id', '=', town.id).execute();
      const villages: TownCtx['villages'] = [];
      const vnames = villageNames(r, villagesPerTown);
      for (let v = 0; v < vnames.length; v++) {
        const vname = vnames[v]!;
        const unit = await createUnit(trx, {
          kind: vname.endsWith('社区') ? 'community' : 'village',
          name: vname,
          parent: town,
          sortOrder: v,
        });
        const officerName = personName(r);
        const officer = await createUser(trx, {
          username: username.village(i + 1, v + 1),
          displayName: officerName,
          password: BENCH_PASSWORD,
          roles: [{ role: 'village', unit }],
        });
        villages.push({ unit, officer: { id: officer.id, name: officerName } });
      }
      const depts: UnitRow[] = [];
      for (let d = 0; d < DEPARTMENTS.length; d++) {
        depts.push(
          await createUnit(trx, { kind: 'department', name: DEPARTMENTS[d]!, parent: town, sortOrder: 100 + d }),
        );
      }
      // The 矛调中心 clerk sits in the 综治中心 department with a town-wide scope, as in the demo.
      const tiaojieName = personName(r);
      const tiaojie = await createUser(trx, {
        username: username.tiaojie(i + 1),
        displayName: tiaojieName,
        password: BENCH_PASSWORD,
        roles: [{ role: 'tiaojie', unit: depts[0]!, scope: 'town' }],
      });
      const leaderName = personName(r);
      const leader = await createUser(trx, {
        username: username.leader(i + 1),
        displayName: leaderName,
        password: BENCH_PASSWORD,
        roles: [{ role: 'leader', unit: town }],
      });
      out.push({
        index: i + 1,
        town,
        short,
        villages,
        depts,
        tiaojie: { id: tiaojie.id, name: tiaojieName },
        leader: { id: leader.id, name: leaderName },
      });
    }
    return out;
  });
}

// ------------------------------------------------------------------ one town's rows

type Row = Record<string, unknown>;

interface TownRows {
  cases: Row[];
  events: Row[];
  parties: Row[];
  caseParties: Row[];
  documents: Row[];
  attachments: Row[];
}

interface PlannedEvent {
  at: number;
  actor: UserRef;
  action: string;
  to: string;
  data?: Record<string, unknown>;
  doc?: boolean;
  attachment?: string;
  /** Dropped when it would lie in the future. */
  optional?: boolean;
  /** The user an `assign` event hands the case to. */
  assignTo?: UserRef;
}

function generateTown(
  ctx: TownCtx,
  perTown: number,
  now: Date,
  seed: number,
  ids: { case: number; party: number; document: number; attachment: number },
  blobs: Blobs,
): TownRows {
  const r = rng(seed * 7919 + ctx.index);
  const nowMs = now.getTime();
  const today = shanghaiDate(now);
  const plans = [];
  for (let i = 0; i < perTown; i++) plans.push(planCase(r, ctx, today, nowMs));
  // Ids and numbers follow registration order, as the server allocates them.
  plans.sort((a, b) => a.events[0]!.at - b.events[0]!.at);

  const out: TownRows = { cases: [], events: [], parties: [], caseParties: [], documents: [], attachments: [] };
  const seqByYear = new Map<number, number>();
  for (const p of plans) {
    const caseId = ++ids.case;
    const createdAt = new Date(p.events[0]!.at);
    const year = Number(shanghaiDate(createdAt).slice(0, 4));
    const seq = (seqByYear.get(year) ?? 0) + 1;
    seqByYear.set(year, seq);
    const number = sequenceNumber(TYPE.numbering, { townShort: ctx.short, year, seq });

    const engineEvents: CaseEvent[] = [];
    const documents: { kind: string; issuedAt: string; id: number }[] = [];
    let state: string = TYPE.initial;
    let version = 1;
    p.events.forEach((e, i) => {
      const seqNo = i + 1;
      const at = new Date(e.at);
      let data = e.data;
      if (e.doc) {
        const docId = ++ids.document;
        documents.push({ kind: 'acceptance_notice', issuedAt: at.toISOString(), id: docId });
        out.documents.push({
          id: docId,
          town_id: ctx.town.id,
          case_id: caseId,
          kind: 'acceptance_notice',
          title: TYPE.documents.acceptance_notice,
          number: null,
          template_version: '1',
          sha256: blobs.notice.key,
          size: blobs.notice.size,
          storage_key: blobs.notice.key,
          input: '{}',
          issued_by: e.actor.id,
          issued_at: at,
        });
        data = { documentId: docId, number: null };
      }
      if (e.attachment) {
        const attId = ++ids.attachment;
        out.attachments.push({
          id: attId,
          town_id: ctx.town.id,
          case_id: caseId,
          name: e.attachment,
          size: blobs.attachment.size,
          mime: mimeOf(e.attachment),
          sha256: blobs.attachment.key,
          storage_key: blobs.attachment.key,
          uploaded_by: e.actor.id,
          uploaded_at: at,
        });
        data = { attachmentId: attId, name: e.attachment, size: blobs.attachment.size };
      }
      // Every action and issued document bumps the version; creating and attaching do not.
      if (e.action !== 'create' && e.action !== 'attach') version++;
      const from = i === 0 ? null : state;
      engineEvents.push({
        seq: seqNo,
        at: at.toISOString(),
        actorId: String(e.actor.id),
        action: e.action,
        from,
        to: e.to,
        ...(data ? { data } : {}),
      });
      out.events.push({
        case_id: caseId,
        seq: seqNo,
        town_id: ctx.town.id,
        at,
        actor_id: e.actor.id,
        actor_name: e.actor.name,
        action: e.action,
        from_state: from,
        to_state: e.to,
        data: data ? JSON.stringify(data) : null,
      });
      state = e.to;
    });

    const partyNames: string[] = [];
    p.parties.forEach((party, sort) => {
      const partyId = ++ids.party;
      const person = party.kind === 'person';
      out.parties.push({
        id: partyId,
        town_id: ctx.town.id,
        kind: party.kind,
        name: party.name,
        id_hash: person || r.chance(0.5) ? r.hex(64) : null,
        id_masked: person ? `${r.int(110000, 659999)}********${r.int(1000, 9999)}` : null,
        phone_hash: person ? r.hex(64) : null,
        phone_masked: person ? `1${r.int(30, 99)}****${r.int(1000, 9999)}` : null,
        address: p.unit ? `${ctx.town.name}${p.unit.name}${r.int(1, 300)}号` : null,
        unit_id: p.unit?.id ?? null,
        created_at: createdAt,
        updated_at: createdAt,
      });
      out.caseParties.push({
        case_id: caseId,
        party_id: partyId,
        town_id: ctx.town.id,
        role: party.role,
        name: party.name,
        sort,
      });
      if (!partyNames.includes(party.name)) partyNames.push(party.name);
    });
    const partyNameText = partyNames.join('、');

    const snapshot: CaseSnapshot = {
      id: caseId,
      type: TYPE.key,
      state,
      version,
      fields: p.fields,
      events: engineEvents,
      documents,
      assigneeId: p.assignee ? String(p.assignee.id) : null,
      ownerLeaderId: p.ownerLeader ? String(p.ownerLeader.id) : null,
      createdBy: String(p.creator.id),
    };
    const facts = factsOf(snapshot, p.clockKey, now);
    const last = p.events.at(-1)!;
    out.cases.push({
      id: caseId,
      town_id: ctx.town.id,
      type: TYPE.key,
      number,
      year,
      seq,
      title: p.title,
      summary: p.fields.summary,
      state,
      terminal: facts.terminal,
      unit_id: p.unit?.id ?? null,
      unit_path: p.unit?.path ?? ctx.town.path,
      assignee_id: p.assignee?.id ?? null,
      owner_leader_id: p.ownerLeader?.id ?? null,
      created_by: p.creator.id,
      fields: JSON.stringify(p.fields),
      actor_roles: `{${facts.actorRoles.join(',')}}`,
      approval_pending: facts.approvalPending,
      next_due: facts.nextDue,
      next_clock: facts.nextClock,
      party_names: partyNameText,
      // The same text refreshFacts indexes: number, title, summary, party names.
      search_vec: searchTokens([number, p.title, p.fields.summary, partyNameText].join(' ')),
      version,
      created_at: createdAt,
      updated_at: new Date(last.at),
    });
  }
  return out;
}

/**
 * The engine's inbox facts depend only on the state and the clocks' start days here,
 * so one engine call per distinct (state, start day) gives every case its exact facts
 * at a fraction of the cost of calling it a million times.
 */
const factsMemo = new Map<string, InboxFacts>();
const calendar = createCalendar({});
function factsOf(snapshot: CaseSnapshot, key: string, now: Date): InboxFacts {
  const k = `${snapshot.state}|${key}`;
  let f = factsMemo.get(k);
  if (!f) {
    f = inboxFacts(TYPE, snapshot, calendar, now);
    factsMemo.set(k, f);
  }
  return f;
}

interface PlannedParty {
  role: 'complainant' | 'respondent';
  kind: 'person' | 'org';
  name: string;
}

function planCase(r: Rng, ctx: TownCtx, today: string, nowMs: number) {
  const roll = r.next();
  const state = roll < 0.3 ? 'registered' : roll < 0.7 ? 'accepted' : roll < 0.92 ? 'closed' : 'rejected';
  const unitRoll = r.next();
  const village = unitRoll < 0.92 ? r.pick(ctx.villages) : null;
  const unit = village ? village.unit : unitRoll < 0.96 ? r.pick(ctx.depts) : null;
  const place = village ? village.unit.name : ctx.town.name;

  const complainants = r.chance(0.15) ? [personName(r), personName(r)] : [personName(r)];
  const orgRespondent = r.chance(0.15);
  const respondent = orgRespondent ? `${place}${r.pick(ORGS)}` : personName(r);
  const parties: PlannedParty[] = [
    ...complainants.map((name) => ({ role: 'complainant' as const, kind: 'person' as const, name })),
    { role: 'respondent', kind: orgRespondent ? 'org' : 'person', name: respondent },
  ];
  const text = caseText(r, place, complainants[0]!, respondent);

  const tiaojie = ctx.tiaojie;
  const officer = village?.officer;
  const creator = officer && r.chance(0.3) ? officer : tiaojie;
  const firstAssignee = officer && r.chance(0.6) ? officer : tiaojie;
  const otherStaff = (u: UserRef) => (u.id === tiaojie.id ? (officer ?? r.pick(ctx.villages).officer) : tiaojie);

  // Open cases are recent, so their deadlines fall around today; closed ones span a year.
  let receivedOn: string;
  let acceptDay: string | null = null;
  if (state === 'registered') receivedOn = addDays(today, -r.int(1, 28));
  else if (state === 'accepted') {
    acceptDay = addDays(today, -r.int(1, 58));
    receivedOn = addDays(acceptDay, -r.int(1, 14));
  } else if (state === 'closed') {
    acceptDay = addDays(today, -r.int(10, 360));
    receivedOn = addDays(acceptDay, -r.int(1, 14));
  } else receivedOn = addDays(today, -r.int(2, 365));

  const events: PlannedEvent[] = [];
  let assignee: UserRef | null = null;
  const push = (e: PlannedEvent) => events.push(e);
  const created = workTime(r, receivedOn, 8, 12);
  push({ at: created, actor: creator, action: 'create', to: 'registered' });
  const assigned = state !== 'registered' || r.chance(0.7);
  if (assigned) {
    assignee = firstAssignee;
    push({
      at: created + r.int(1, 20) * HOUR,
      actor: tiaojie,
      action: 'assign',
      to: 'registered',
      data: { input: { assigneeId: String(assignee.id) } },
      assignTo: assignee,
    });
  }
  if (state === 'registered' && r.chance(0.5)) {
    push({
      at: created + r.int(2, 30) * HOUR,
      actor: tiaojie,
      action: 'issue:acceptance_notice',
      to: 'registered',
      doc: true,
    });
  }
  if (state === 'registered' && r.chance(0.5)) {
    push({
      at: created + r.int(1, 48) * HOUR,
      actor: creator,
      action: 'attach',
      to: 'registered',
      attachment: r.pick(ATTACHMENT_NAMES),
      optional: true,
    });
  }
  if (acceptDay) {
    const acceptAt = workTime(r, acceptDay, 10, 16);
    push({
      at: acceptAt - r.int(1, 90) * 60_000,
      actor: tiaojie,
      action: 'issue:acceptance_notice',
      to: 'registered',
      doc: true,
    });
    push({ at: acceptAt, actor: tiaojie, action: 'accept', to: 'accepted' });
    if (r.chance(0.3)) {
      const next = otherStaff(assignee ?? tiaojie);
      assignee = next;
      push({
        at: acceptAt + r.int(1, 10) * DAY,
        actor: tiaojie,
        action: 'assign',
        to: 'accepted',
        data: { input: { assigneeId: String(next.id) } },
        assignTo: next,
        optional: true,
      });
    }
    // Photos, statements and contracts collected while handling: 0–3 per case.
    for (let n = r.int(0, 3); n > 0; n--) {
      push({
        at: acceptAt + r.int(2, 240) * HOUR,
        actor: assignee ?? tiaojie,
        action: 'attach',
        to: 'accepted',
        attachment: r.pick(ATTACHMENT_NAMES),
        optional: true,
      });
    }
    if (state === 'closed') {
      const closeDay = minDay(addDays(acceptDay, r.int(3, 40)), addDays(today, -1));
      push({ at: workTime(r, closeDay, 9, 17), actor: assignee ?? tiaojie, action: 'close', to: 'closed' });
    }
  }
  if (state === 'rejected') {
    const day = minDay(addDays(receivedOn, r.int(1, 10)), addDays(today, -1));
    push({
      at: workTime(r, day, 9, 17),
      actor: tiaojie,
      action: 'decline',
      to: 'rejected',
      data: { input: { reason: '不属于本中心受理范围，已告知向有关部门反映' } },
    });
  }
  // Optional events that would lie in the future are dropped; the rest keep their order
  // (a terminal event stays last) with at least a minute between them.
  const kept = events.filter((e) => !e.optional || e.at < nowMs - HOUR);
  const terminalEvent = kept.find((e) => e.action === 'close' || e.action === 'decline');
  const body = kept.filter((e) => e !== terminalEvent).sort((a, b) => a.at - b.at);
  if (terminalEvent) body.push(terminalEvent);
  for (let i = 1; i < body.length; i++) body[i]!.at = Math.max(body[i]!.at, body[i - 1]!.at + 60_000);
  for (const e of body) e.at = Math.min(e.at, nowMs - 60_000);
  // The state each event leads to follows from the order they ended up in.
  let st = 'registered';
  for (const e of body) {
    if (e.action === 'accept' || e.action === 'close' || e.action === 'decline') st = e.to;
    else e.to = st;
  }
  assignee = body.filter((e) => e.action === 'assign').at(-1)?.assignTo ?? null;

  const amount = r.chance(0.3) ? r.int(5, 2000) * 100 : undefined;
  const fields: { receivedOn: string; category: string; summary: string; amount?: number } = {
    receivedOn,
    category: text.category,
    summary: text.summary,
    ...(amount === undefined ? {} : { amount }),
  };
  const acceptEvent = body.find((e) => e.action === 'accept');
  return {
    title: text.title,
    fields,
    unit,
    parties,
    creator,
    assignee,
    ownerLeader: r.chance(0.05) ? ctx.leader : null,
    events: body,
    // What the memoised inbox facts depend on besides the state.
    clockKey: `${receivedOn}|${acceptEvent ? shanghaiDate(new Date(acceptEvent.at)) : ''}`,
  };
}

// ------------------------------------------------------------------ bulk insert

type ColType = 'int8' | 'int4' | 'text' | 'bool' | 'timestamptz' | 'date' | 'jsonb' | 'text[]' | 'tsvector';

const CASE_COLS: Record<string, ColType> = {
  id: 'int8',
  town_id: 'int4',
  type: 'text',
  number: 'text',
  year: 'int4',
  seq: 'int4',
  title: 'text',
  summary: 'text',
  state: 'text',
  terminal: 'bool',
  unit_id: 'int4',
  unit_path: 'text',
  assignee_id: 'int4',
  owner_leader_id: 'int4',
  created_by: 'int4',
  fields: 'jsonb',
  actor_roles: 'text[]',
  approval_pending: 'bool',
  next_due: 'date',
  next_clock: 'text',
  party_names: 'text',
  search_vec: 'tsvector',
  version: 'int4',
  created_at: 'timestamptz',
  updated_at: 'timestamptz',
};
const EVENT_COLS: Record<string, ColType> = {
  case_id: 'int8',
  seq: 'int4',
  town_id: 'int4',
  at: 'timestamptz',
  actor_id: 'int4',
  actor_name: 'text',
  action: 'text',
  from_state: 'text',
  to_state: 'text',
  data: 'jsonb',
};
const PARTY_COLS: Record<string, ColType> = {
  id: 'int8',
  town_id: 'int4',
  kind: 'text',
  name: 'text',
  id_hash: 'text',
  id_masked: 'text',
  phone_hash: 'text',
  phone_masked: 'text',
  address: 'text',
  unit_id: 'int4',
  created_at: 'timestamptz',
  updated_at: 'timestamptz',
};
const CASE_PARTY_COLS: Record<string, ColType> = {
  case_id: 'int8',
  party_id: 'int8',
  town_id: 'int4',
  role: 'text',
  name: 'text',
  sort: 'int4',
};
const DOCUMENT_COLS: Record<string, ColType> = {
  id: 'int8',
  town_id: 'int4',
  case_id: 'int8',
  kind: 'text',
  title: 'text',
  number: 'text',
  template_version: 'text',
  sha256: 'text',
  size: 'int8',
  storage_key: 'text',
  input: 'jsonb',
  issued_by: 'int4',
  issued_at: 'timestamptz',
};
const ATTACHMENT_COLS: Record<string, ColType> = {
  id: 'int8',
  town_id: 'int4',
  case_id: 'int8',
  name: 'text',
  size: 'int8',
  mime: 'text',
  sha256: 'text',
  storage_key: 'text',
  uploaded_by: 'int4',
  uploaded_at: 'timestamptz',
};

/** Types that travel as text and are converted by the server. */
function paramType(t: ColType): string {
  return t === 'jsonb' || t === 'text[]' || t === 'tsvector' || t === 'date' || t === 'timestamptz' ? 'text' : t;
}

function columnExpr(name: string, t: ColType): RawBuilder<unknown> {
  const ref = sql.ref(`u.${name}`);
  if (t === 'tsvector') return sql`to_tsvector('simple', ${ref})`;
  if (paramType(t) === 'text' && t !== 'text') return sql`${ref}::${sql.raw(t)}`;
  return sql`${ref}`;
}

/** One statement per table: `INSERT … SELECT … FROM unnest($1::int8[], $2::text[], …)`. */
async function insertRows(trx: Db, table: string, cols: Record<string, ColType>, rows: Row[], identity: boolean) {
  if (rows.length === 0) return;
  const names = Object.keys(cols);
  const arrays = names.map((n) => {
    const t = cols[n]!;
    return rows.map((row) => {
      const v = row[n];
      if (v == null) return null;
      if (v instanceof Date) return v.toISOString();
      return t === 'int8' || t === 'int4' || t === 'bool' ? v : String(v);
    });
  });
  await sql`
    insert into ${sql.table(table)} (${sql.join(names.map((n) => sql.ref(n)))})
    ${identity ? sql`overriding system value` : sql``}
    select ${sql.join(names.map((n) => columnExpr(n, cols[n]!)))}
    from unnest(${sql.join(names.map((n, i) => sql`${arrays[i]}::${sql.raw(paramType(cols[n]!))}[]`))})
      as u(${sql.join(names.map((n) => sql.ref(n)))})
  `.execute(trx);
}

async function dropSecondaryIndexes(conn: Db): Promise<{ name: string; def: string }[]> {
  const r = await sql<{ name: string; def: string }>`
    select ic.relname as name, pg_get_indexdef(x.indexrelid) as def
    from pg_index x
    join pg_class t on t.oid = x.indrelid
    join pg_class ic on ic.oid = x.indexrelid
    join pg_namespace n on n.oid = t.relnamespace
    where n.nspname = current_schema() and t.relname in (${sql.join(LOADED_TABLES)})
      and not exists (select 1 from pg_constraint c where c.conindid = x.indexrelid)
    order by t.relname, ic.relname
  `.execute(conn);
  for (const ix of r.rows) await sql`drop index ${sql.ref(ix.name)}`.execute(conn);
  return r.rows;
}

/** Complete = every index the migrations declare exists and the number sequences were written. */
async function loadIsComplete(db: Db): Promise<boolean> {
  const r = await sql<{ n: number }>`
    select count(*)::int as n from pg_indexes where schemaname = current_schema() and indexname like 'cases\\_%'
  `.execute(db);
  const seqs = await count(db, 'number_sequences');
  return (r.rows[0]?.n ?? 0) >= 7 && seqs > 0;
}

async function checkForeignKeys(conn: Db) {
  const r = await sql<{ events: number; links: number; docs: number }>`
    select
      (select count(*) from case_events e where not exists (select 1 from cases c where c.id = e.case_id))::int as events,
      (select count(*) from case_parties l where not exists (select 1 from parties p where p.id = l.party_id))::int as links,
      (select count(*) from documents d where not exists (select 1 from cases c where c.id = d.case_id))::int as docs
  `.execute(conn);
  const x = r.rows[0]!;
  if (x.events || x.links || x.docs) throw new Error(`dangling references after the load: ${JSON.stringify(x)}`);
  log('foreign keys: no dangling references');
}

// ------------------------------------------------------------------ helpers

async function count(db: Db, table: string): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db);
  return r.rows[0]?.n ?? 0;
}

async function maxId(db: Db, table: string): Promise<number> {
  const r = await sql<{ n: number }>`select coalesce(max(id), 0)::int8 as n from ${sql.table(table)}`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

function addDays(iso: string, n: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
}

function minDay(a: string, b: string): string {
  return a < b ? a : b;
}

/** An instant on the given Shanghai day within office hours. */
function workTime(r: Rng, day: string, fromHour: number, toHour: number): number {
  return Date.parse(`${day}T00:00:00+08:00`) + fromHour * HOUR + r.int(0, (toHour - fromHour) * 60) * 60_000;
}

function mimeOf(name: string): string {
  if (name.endsWith('.jpg')) return 'image/jpeg';
  if (name.endsWith('.png')) return 'image/png';
  if (name.endsWith('.pdf')) return 'application/pdf';
  return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
}

function secs(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

function log(msg: string) {
  console.log(`[bench:data] ${msg}`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
