/**
 * The report facts at town and county scale (issue 6): every fact of one town-year, and of a
 * county of N towns, through FactService.values — the call the dashboard, the report and the
 * county roll-up make. The case-engine dataset (data.ts) holds only the test type
 * `complaint`, which no fact counts, so this program loads its own database of mediation
 * cases and petitions shaped like the modules' (the fields, events, parties and clock
 * markers the facts read), generated in SQL.
 *
 *   npm run bench:facts -- --towns 100 --cases-per-town 10000 --reset   (PostgreSQL, db fazhi_bench_facts)
 *   npm run bench:facts                                                  (measure only, data kept)
 *
 * 70 % of a town's cases are mediation cases registered in 2025, 30 % petitions received in
 * 2025. Targets: < 1 s per town, < 10 s for the county; printed as PASS/FAIL.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { ModuleSet } from '@fazhi/server/src/core/module.ts';
import { factProviders } from '@fazhi/server/src/core/services.ts';
import { openDatabase } from '@fazhi/server/src/db/index.ts';
import { migrate } from '@fazhi/server/src/db/migrate.ts';
import { FactService } from '@fazhi/server/src/facts/fact-service.ts';
import { MODULES } from '@fazhi/server/src/modules.ts';
import { sql } from 'kysely';
import pg from 'pg';

const { values: opts } = parseArgs({
  options: {
    db: { type: 'string', default: 'fazhi_bench_facts' },
    towns: { type: 'string', default: '100' },
    'cases-per-town': { type: 'string', default: '10000' },
    iterations: { type: 'string', default: '5' },
    reset: { type: 'boolean', default: false },
  },
});
const TOWNS = Number(opts.towns);
const PER_TOWN = Number(opts['cases-per-town']);
const ITER = Number(opts.iterations);
const YEAR = 2025;
const NOW = new Date('2026-01-20T09:00:00+08:00');

const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const url = new URL(base);
url.pathname = `/${opts.db}`;

async function admin(q: string): Promise<void> {
  const c = new pg.Client({ connectionString: base });
  await c.connect();
  try {
    await c.query(q);
  } finally {
    await c.end();
  }
}

async function exists(): Promise<boolean> {
  const c = new pg.Client({ connectionString: base });
  await c.connect();
  try {
    const r = await c.query('select 1 from pg_database where datname = $1', [opts.db]);
    return r.rowCount === 1;
  } finally {
    await c.end();
  }
}

const ms = (t: number) => `${t.toFixed(0)} ms`;

async function load() {
  const t0 = performance.now();
  if (opts.reset && (await exists())) await admin(`drop database ${opts.db} with (force)`);
  if (!(await exists())) await admin(`create database ${opts.db}`);
  const database = await openDatabase({ databaseUrl: url.toString(), dataDir: 'memory://' });
  const db = database.db;
  await migrate(db);
  const n = await db.selectFrom('cases').select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
  if (Number(n.n) > 0) {
    console.log(`${opts.db}: ${n.n} cases already loaded (use --reset to regenerate)`);
    return database;
  }
  const mediation = Math.round(PER_TOWN * 0.7);
  const petitions = PER_TOWN - mediation;
  console.log(`loading ${TOWNS} towns × (${mediation} mediation + ${petitions} petitions) into ${opts.db} …`);
  await sql`set session_replication_role = replica`.execute(db);
  await sql`insert into org_units (kind, name, path, depth, town_id) values ('county', '基准县', '/', 0, null)`.execute(
    db,
  );
  await sql`update org_units set path = '/' || id || '/' where kind = 'county'`.execute(db);
  await sql`
    insert into org_units (parent_id, kind, name, path, depth, sort_order)
    select c.id, 'town', '基准' || g || '镇', '', 1, g from org_units c, generate_series(1, ${TOWNS}) g where c.kind = 'county'`.execute(
    db,
  );
  await sql`update org_units u set town_id = u.id, path = c.path || u.id || '/' from org_units c
    where u.kind = 'town' and c.id = u.parent_id`.execute(db);
  await sql`
    insert into org_units (parent_id, town_id, kind, name, path, depth, sort_order)
    select t.id, t.id, 'village', t.name || v || '村', '', 2, v from org_units t, generate_series(1, 10) v where t.kind = 'town'`.execute(
    db,
  );
  await sql`update org_units u set path = t.path || u.id || '/' from org_units t
    where u.kind = 'village' and t.id = u.parent_id`.execute(db);
  await sql`insert into users (username, display_name, password_hash, must_change_password)
    values ('bench', '基准', 'x', false)`.execute(db);

  // Mediation: registered through 2025; 90 % accepted, 75 % mediated, outcomes as the demo's.
  await sql`
    insert into cases (town_id, type, number, year, seq, title, state, terminal, unit_id, unit_path, created_by,
                       risk, fields, created_at, updated_at)
    select t.id, 'mediation', t.id || '调〔2025〕' || g || '号', ${YEAR}, g, '矛盾纠纷' || g,
      case when x.outcome is null then 'mediating' when x.outcome = 'referred' then 'referred' else 'performed' end,
      coalesce(x.outcome = 'referred', false), v.id, v.path, 1,
      case when x.r6 < 0.05 then 'high' when x.r6 < 0.3 then 'medium' else 'low' end,
      jsonb_strip_nulls(jsonb_build_object(
        'disputeType', (array['neighbor','land','labor','contract','family'])[1 + (g % 5)],
        'receivedOn', to_char(x.d, 'YYYY-MM-DD'),
        'acceptedOn', case when x.r1 < 0.9 then to_char(x.d + 1, 'YYYY-MM-DD') end,
        'mediatorId', case when x.r1 < 0.75 then '1' end,
        'outcome', x.outcome,
        'agreementType', case when x.outcome = 'success' then case when x.r3 < 0.6 then 'written' else 'oral' end end,
        'amount', case when x.r4 < 0.7 then round((x.r4 * 80000)::numeric, 2) end,
        'performanceDue', case when x.outcome = 'success' then to_char(x.d + 40, 'YYYY-MM-DD') end,
        'performanceStatus', case when x.outcome = 'success' and x.r5 < 0.7 then 'full' end,
        'judicialConfirmation', case when x.outcome = 'success' and x.r5 < 0.2 then jsonb_build_object('result', 'confirmed') end,
        'policeReports', case when x.r6 < 0.03 then jsonb_build_array(jsonb_build_object('date', to_char(x.d, 'YYYY-MM-DD'))) end
      )),
      x.d::timestamp + interval '9 hours' - interval '8 hours', x.d::timestamp + interval '9 hours' - interval '8 hours'
    from org_units t
    cross join generate_series(1, ${mediation}) g
    cross join lateral (
      select d, r1, r2, r3, r4, r5, r6,
        case when r1 >= 0.75 then (case when r1 < 0.8 then 'referred' end)
             when r2 < 0.55 then 'success' when r2 < 0.75 then 'failed' when r2 < 0.8 then 'withdrawn' end as outcome
      from (select date '2025-01-01' + ((g * 7919) % 360) as d, random() r1, random() r2, random() r3, random() r4,
                   random() r5, random() r6) y
    ) x
    join org_units v on v.parent_id = t.id and v.kind = 'village' and v.sort_order = 1 + g % 10
    where t.kind = 'town'`.execute(db);
  console.log(`  mediation cases ${ms(performance.now() - t0)}`);
  await sql`
    insert into case_events (case_id, seq, town_id, at, actor_id, actor_name, action, to_state)
    select c.id, 1, c.town_id, c.created_at, 1, '基准', 'create', 'registered' from cases c where c.type = 'mediation'`.execute(
    db,
  );
  await sql`
    insert into case_events (case_id, seq, town_id, at, actor_id, actor_name, action, to_state)
    select c.id, 2, c.town_id, c.created_at + ((5 + c.id % 35) || ' days')::interval, 1, '基准',
      case c.fields->>'outcome' when 'success' then 'agree_' || (c.fields->>'agreementType')
        when 'failed' then 'terminate' else 'withdraw' end, 'x'
    from cases c where c.type = 'mediation' and c.fields->>'outcome' in ('success', 'failed', 'withdrawn')`.execute(db);
  // The ending action also writes the day mediation ended on the case (fields.endedOn).
  await sql`
    update cases c set fields = c.fields || jsonb_build_object('endedOn',
      to_char(((e.at at time zone 'UTC') + interval '8 hours')::date, 'YYYY-MM-DD'))
    from case_events e
    where e.case_id = c.id and e.seq = 2 and c.type = 'mediation'`.execute(db);
  await sql`
    insert into case_clock_breaches (case_id, clock, due, town_id, recorded_at)
    select c.id, 'mediation', (c.created_at + interval '31 days')::date, c.town_id, c.created_at + interval '32 days'
    from cases c where c.type = 'mediation' and c.fields->>'mediatorId' is not null and c.id % 29 = 0`.execute(db);
  console.log(`  mediation events ${ms(performance.now() - t0)}`);

  // Petitions: received through 2025, 60 % claims accepted and replied, some late, rated, reviewed.
  await sql`
    insert into cases (town_id, type, number, year, seq, title, state, unit_id, unit_path, created_by, owner_leader_id,
                       fields, created_at, updated_at)
    select t.id, 'petition', t.id || '信〔2025〕' || g || '号', ${YEAR}, g, '信访事项' || g,
      case when x.r1 < 0.6 then 'closed' else 'registered' end, v.id, v.path, 1,
      case when x.r5 < 0.02 then 1 end,
      jsonb_strip_nulls(jsonb_build_object(
        'receivedOn', to_char(x.d, 'YYYY-MM-DD'),
        'channel', (array['letter','visit','online','phone'])[1 + (g % 4)],
        'category', case when x.r1 < 0.6 then 'claim' when x.r1 < 0.8 then 'suggestion' else 'accusation' end,
        'peopleCount', case when x.r2 < 0.05 then 6 else 1 end,
        'satisfaction', case when x.r1 < 0.5 then (array['satisfied','basically_satisfied','unsatisfied'])[1 + (g % 3)] end,
        'review', case when x.r3 < 0.04 then jsonb_build_object('outcome', 'upheld') end
      )),
      x.d::timestamp + interval '1 hour', x.d::timestamp + interval '1 hour'
    from org_units t
    cross join generate_series(1, ${petitions}) g
    cross join lateral (select date '2025-01-01' + ((g * 104729) % 355) as d, random() r1, random() r2, random() r3,
                               random() r5) x
    join org_units v on v.parent_id = t.id and v.kind = 'village' and v.sort_order = 1 + g % 10
    where t.kind = 'town'`.execute(db);
  await sql`
    insert into case_events (case_id, seq, town_id, at, actor_id, actor_name, action, to_state, data)
    select c.id, 1, c.town_id, c.created_at, 1, '基准', 'create', 'registered',
      jsonb_build_object('input', jsonb_build_object('receivedOn', c.fields->>'receivedOn'))
    from cases c where c.type = 'petition'`.execute(db);
  await sql`
    insert into case_events (case_id, seq, town_id, at, actor_id, actor_name, action, to_state)
    select c.id, 2, c.town_id, c.created_at + ((2 + c.id % 17) || ' days')::interval, 1, '基准', 'accept', 'accepted'
    from cases c where c.type = 'petition' and c.fields->>'category' = 'claim'`.execute(db);
  await sql`
    insert into case_events (case_id, seq, town_id, at, actor_id, actor_name, action, to_state, data)
    select c.id, 3, c.town_id, c.created_at + interval '20 days', 1, '基准', 'extend', 'accepted',
      jsonb_build_object('input', jsonb_build_object('length', 30))
    from cases c where c.type = 'petition' and c.fields->>'category' = 'claim' and c.id % 17 = 0`.execute(db);
  await sql`
    insert into case_events (case_id, seq, town_id, at, actor_id, actor_name, action, to_state)
    select c.id, 4, c.town_id, c.created_at + ((30 + c.id % 50) || ' days')::interval, 1, '基准', 'reply', 'replied'
    from cases c where c.type = 'petition' and c.fields->>'category' = 'claim'`.execute(db);
  // One petitioner each, drawn from a pool a third the size: some petition again (repeat).
  await sql`
    insert into parties (town_id, kind, name, id_hash, created_at, updated_at)
    select t.id, 'person', '信访人' || p, 'h' || t.id || '-' || p, now(), now()
    from org_units t cross join generate_series(1, ${Math.max(1, Math.round(petitions / 3))}) p where t.kind = 'town'`.execute(
    db,
  );
  await sql`
    insert into case_parties (case_id, party_id, town_id, role, name, sort)
    select c.id, p.id, c.town_id, 'petitioner', p.name, 0
    from cases c join parties p on p.town_id = c.town_id
      and p.id_hash = 'h' || c.town_id || '-' || (1 + c.seq % ${Math.max(1, Math.round(petitions / 3))})
    where c.type = 'petition'`.execute(db);
  await sql`set session_replication_role = origin`.execute(db);
  await sql`vacuum analyze`.execute(db);
  const counts = await sql<{ type: string; n: string }>`select type, count(*) as n from cases group by type`.execute(
    db,
  );
  console.log(`  loaded in ${ms(performance.now() - t0)}:`, counts.rows.map((r) => `${r.type} ${r.n}`).join(', '));
  return database;
}

async function main() {
  const database = await load();
  const db = database.db;
  // The product's modules, composed as the server composes them (core/services.ts).
  const providers = factProviders(new ModuleSet(MODULES));
  const facts = new FactService(providers);
  const towns = (await db.selectFrom('org_units').select('id').where('kind', '=', 'town').orderBy('id').execute()).map(
    (t) => t.id,
  );
  console.log(
    `\n${towns.length} towns; year ${YEAR}; now ${NOW.toISOString()}; load average ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );

  const time = async (label: string, townIds: number[]) => {
    await facts.values(db, { townIds, year: YEAR, now: NOW }); // warm-up
    const runs: number[] = [];
    let out: Awaited<ReturnType<FactService['values']>> | undefined;
    for (let i = 0; i < ITER; i++) {
      const t = performance.now();
      out = await facts.values(db, { townIds, year: YEAR, now: NOW });
      runs.push(performance.now() - t);
    }
    runs.sort((a, b) => a - b);
    // Each module alone (through the service, so with its chunking), for where the time goes.
    const perProvider: string[] = [];
    for (const p of providers) {
      const t = performance.now();
      await facts.values(db, { townIds, year: YEAR, now: NOW }, { modules: [p.module] });
      const d = performance.now() - t;
      if (d >= 5) perProvider.push(`${p.module} ${ms(d)}`);
    }
    return { label, runs, out: out!, perProvider };
  };

  const one = await time('one town-year', [towns[0]!]);
  const county = await time(`county of ${towns.length} towns`, towns);
  const first = one.out.get(towns[0]!)!;
  const sample = [
    'mediation.registered',
    'mediation.success_rate',
    'petition.received',
    'petition.handled_on_time_rate',
  ]
    .map((k) => `${k}=${first[k]?.value}`)
    .join(', ');
  console.log(`sample (town ${towns[0]}): ${sample}`);
  for (const [r, target] of [
    [one, 1000],
    [county, 10_000],
  ] as const) {
    const p50 = r.runs[Math.floor(r.runs.length / 2)]!;
    const max = r.runs.at(-1)!;
    console.log(
      `${r.label.padEnd(24)} p50 ${ms(p50).padStart(8)}  max ${ms(max).padStart(8)}  (${ITER} runs; target < ${target} ms: ${
        max < target ? 'PASS' : 'FAIL'
      })  per provider: ${r.perProvider.join(', ')}`,
    );
  }
  await database.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
