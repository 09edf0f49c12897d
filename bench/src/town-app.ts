/**
 * The bench town and its app process, shared by `bench:town` (town.ts) and `bench:web`
 * (web.ts): the data directory is loaded once by bench:data, the app runs in a process of its
 * own (town-server.ts) so that its memory and event loop are its own.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BENCH_DIR, OUT_DIR } from './target.ts';

export interface Ready {
  port: number;
  barePort: number;
  dbUrl: string;
  postmaster: number;
}

/** bench:data on the directory: loads one town of 10,000 cases if absent, leaves a complete load alone. */
export async function ensureTownData(dir: string): Promise<void> {
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/data.ts', '--embedded', dir, '--towns', '1', '--cases-per-town', '10000'],
      { cwd: BENCH_DIR, stdio: 'inherit' },
    );
    child.on('error', reject);
    child.on('exit', resolve);
  });
  if (code !== 0) throw new Error(`bench:data on ${dir} failed (${code}); rerun it with --reset`);
}

/** Starts town-server.ts on the directory and waits until it listens; its log goes to bench/out. */
export async function startTownServer(
  dir: string,
  logName = 'town-server.log',
): Promise<{ child: ChildProcess; ready: Ready; stop(): Promise<void> }> {
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const logFile = path.join(OUT_DIR, logName);
  const log = fs.openSync(logFile, 'w');
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/town-server.ts', dir], {
    cwd: BENCH_DIR,
    stdio: ['ignore', log, 'inherit', 'ipc'],
  });
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Ready));
    child.once('exit', (code) => reject(new Error(`the app exited (${code}) before listening; see ${logFile}`)));
  });
  console.log(
    `app pid ${child.pid} on :${ready.port} (bare route :${ready.barePort}), postmaster pid ${ready.postmaster}`,
  );
  return {
    child,
    ready,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      fs.closeSync(log);
    },
  };
}
