/**
 * Cold start of `fazhi serve` on an existing data directory (issue 19: ≤ 3 s):
 *
 *   npm run bench:start [-- --embedded bench/out/town --runs 5]
 *
 * Each run spawns the CLI as an operator would (`node server/bin/fazhi.mjs serve`, which
 * compiles the TypeScript through tsx), polls `GET /api/health` every 20 ms until the first
 * 200, then sends SIGTERM and waits for the process to exit (the embedded PostgreSQL stops
 * with it) before the next run. Reports every run and the median; the phases come from the
 * server's own `startup phases` log line (server/src/cli.ts), in ms since its process began.
 *
 * The directory must hold a load (bench:data or bench:town creates one town of 10,000 cases).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { table } from './stats.ts';
import { BENCH_DIR } from './target.ts';

const TARGET_MS = 3000;

const { values: opts } = parseArgs({
  options: {
    embedded: { type: 'string', default: 'bench/out/town' },
    runs: { type: 'string', default: '5' },
  },
});
const DIR = path.resolve(process.env.INIT_CWD ?? process.cwd(), opts.embedded!);
const RUNS = Number(opts.runs);
const CLI = path.resolve(BENCH_DIR, '..', 'server', 'bin', 'fazhi.mjs');

interface Run {
  health: number;
  phases: Record<string, number> | null;
  stop: number;
}

async function main() {
  if (!fs.existsSync(path.join(DIR, 'pg', 'PG_VERSION'))) {
    throw new Error(`${DIR} holds no embedded PostgreSQL: load it first (npm run bench:data -- --embedded ${DIR})`);
  }
  const load0 = loadavg();
  console.log(
    `date ${new Date().toISOString()} · node ${process.version} · ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}) · load ${load0}`,
  );
  console.log(`fazhi serve on ${DIR}, ${RUNS} runs`);
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await once();
    runs.push(r);
    console.log(
      `  run ${i + 1}: first 200 from /api/health after ${r.health} ms${r.phases ? ` (server: ${describe(r.phases)})` : ''}; stopped in ${r.stop} ms`,
    );
  }
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  };
  const withPhases = runs.filter((r) => r.phases);
  const keys = withPhases[0] ? Object.keys(withPhases[0].phases!) : [];
  const rows = [
    [
      'spawn → first 200 from /api/health',
      `${median(runs.map((r) => r.health))}`,
      runs.map((r) => r.health).join(', '),
    ],
    ...keys.map((k, i) => {
      const d = withPhases.map((r) => r.phases![k]! - (i === 0 ? 0 : r.phases![keys[i - 1]!]!));
      return [`  ${PHASE_LABEL[k] ?? k}`, `${median(d)}`, d.join(', ')];
    }),
    ['SIGTERM → exit', `${median(runs.map((r) => r.stop))}`, runs.map((r) => r.stop).join(', ')],
  ];
  console.log(`\ncold start, median of ${RUNS} (ms):\n`);
  console.log(table(['', 'median', 'runs'], rows));
  const m = median(runs.map((r) => r.health));
  console.log(`\ncold start ≤ ${TARGET_MS} ms: ${m <= TARGET_MS ? 'PASS' : 'FAIL'} (median ${m} ms)`);
  console.log(`load before ${load0} · after ${loadavg()}`);
}

const PHASE_LABEL: Record<string, string> = {
  imports: 'node, tsx and the imports of cli.ts',
  database: 'embedded PostgreSQL started, pool open',
  migrations: 'migration check',
  app: 'buildApp (routes, modules)',
  listening: 'listen',
};

function describe(p: Record<string, number>): string {
  const keys = Object.keys(p);
  return keys.map((k, i) => `${k} ${p[k]! - (i === 0 ? 0 : p[keys[i - 1]!]!)}`).join(', ');
}

async function once(): Promise<Run> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, [CLI, 'serve'], {
    cwd: path.dirname(BENCH_DIR),
    // The JSON log on stdout, where the `startup phases` line is read (server/src/http/log-streams.ts).
    env: { ...process.env, FAZHI_DATA_DIR: DIR, PORT: String(port), HOST: '127.0.0.1', FAZHI_LOG_FILE: '-' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let phases: Record<string, number> | null = null;
  let output = '';
  const onData = (d: Buffer) => {
    output += d;
    for (const line of d.toString('utf8').split('\n')) {
      if (!line.includes('startup phases')) continue;
      try {
        phases = (JSON.parse(line) as { startupMs: Record<string, number> }).startupMs;
      } catch {
        // not the JSON line
      }
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let dead = false;
  void exited.then(() => {
    dead = true;
  });
  let health = 0;
  for (;;) {
    if (dead) throw new Error(`fazhi serve exited before answering:\n${output.slice(-2000)}`);
    if ((await status(port)) === 200) {
      health = Math.round(performance.now() - t0);
      break;
    }
    if (performance.now() - t0 > 120_000) {
      child.kill('SIGTERM');
      throw new Error(`no answer from /api/health within 120 s:\n${output.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  // The phases line is written just before listening ends; give the pipe a moment.
  for (let i = 0; i < 50 && !phases; i++) await new Promise((r) => setTimeout(r, 10));
  const t1 = performance.now();
  child.kill('SIGTERM');
  await exited;
  return { health, phases, stop: Math.round(performance.now() - t1) };
}

function status(port: number): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/api/health', timeout: 1000, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no free port'))));
    });
  });
}

function loadavg(): string {
  return os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
