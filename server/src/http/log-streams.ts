/**
 * Where `fazhi serve` writes its log (issue 13: the console shows progress, not thousands of
 * JSON lines). Everything at the configured level goes as pino JSON to a file in the data
 * directory (`FAZHI_LOG_FILE`, default `<data dir>/logs/fazhi.log`), which an operator greps
 * or ships; warnings and errors also go to the console as one readable line each.
 * `FAZHI_LOG_FILE=-` keeps the JSON on stdout instead (containers, journald).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino, { type DestinationStream, type Level } from 'pino';

/** A log file above this size is moved to `<file>.1` at start (one generation kept). */
const ROTATE_BYTES = 50 * 1024 * 1024;

const LABELS: Record<number, string> = { 40: '警告', 50: '错误', 60: '严重错误' };

/** One pino JSON line as the console shows it: time, level in Chinese, message, error message. */
export function consoleLine(json: string): string {
  try {
    const o = JSON.parse(json) as { level?: number; time?: number; msg?: string; err?: { message?: string } };
    const time = new Date(o.time ?? Date.now()).toLocaleTimeString('zh-CN', {
      hour12: false,
      timeZone: 'Asia/Shanghai',
    });
    const err = o.err?.message && o.err.message !== o.msg ? `：${o.err.message}` : '';
    const label = LABELS[o.level ?? 50] ?? '日志';
    const msg = o.msg ?? '';
    // Messages written for the console already start with their own 警告.
    return `${time} ${msg.startsWith(label) ? '' : `${label} `}${msg}${err}`;
  } catch {
    return json;
  }
}

export function serveLogStream(file: string, level: string): DestinationStream | undefined {
  if (file === '-') return undefined;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    if (fs.statSync(file).size > ROTATE_BYTES) fs.renameSync(file, `${file}.1`);
  } catch {
    // No log yet.
  }
  const toConsole = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) process.stderr.write(`${consoleLine(line)}\n`);
      done();
    },
  });
  return pino.multistream([
    { level: level as Level, stream: pino.destination({ dest: file, sync: false }) },
    { level: 'warn', stream: toConsole },
  ]);
}
