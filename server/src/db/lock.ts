/**
 * One app per data directory: the app owns the embedded PostgreSQL's life, and a second
 * app on the same cluster would restart it under the first (db/embedded.ts). We take an
 * exclusive lock file with O_EXCL and refuse to start while a live process holds it
 * (or this process already does).
 */
import fs from 'node:fs';
import path from 'node:path';

export interface DirLock {
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Lock files this process holds. */
const held = new Set<string>();

function inUse(dir: string, pid: number): Error {
  return new Error(
    `数据目录 ${dir} 正被进程 ${pid} 使用。嵌入式数据库不能被两个程序同时使用。` +
      `请先停止该进程，或通过 DATABASE_URL 使用 PostgreSQL 服务器。`,
  );
}

export function acquireDirLock(dir: string): DirLock {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'fazhi.lock');
  if (held.has(file)) throw inUse(dir, process.pid);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      let released = false;
      held.add(file);
      const release = () => {
        if (released) return;
        released = true;
        held.delete(file);
        try {
          if (fs.readFileSync(file, 'utf8') === String(process.pid)) fs.unlinkSync(file);
        } catch {
          // already gone
        }
      };
      process.once('exit', release);
      return { release };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(fs.readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw inUse(dir, pid);
      }
      // A stale lock from a crashed process: remove it and try once more.
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`无法锁定数据目录 ${dir}`);
}
