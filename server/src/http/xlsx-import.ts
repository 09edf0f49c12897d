/**
 * Reading an uploaded workbook without trusting it (issue 11). A 13 KB template with one
 * cell at row 1,048,576 used to make the import walk a million row numbers (2.9 GB, the
 * process died); a zip entry can also inflate a thousandfold. So, before exceljs sees a byte:
 * every byte of the archive must belong to an entry its directory lists, each entry must
 * inflate to what it declares (checked by inflating it, streaming, into nothing), the total
 * stays under MAX_UNPACKED_BYTES, and no sheet may declare (<dimension>) more rows than the
 * cap. Then exceljs's streaming reader yields only the <row> elements that exist, and
 * reading stops at the first one past the cap. Streaming also yields to the event loop
 * between chunks, so one import does not stall other users' requests.
 */
import { PassThrough, Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { AppError } from '@fazhi/domain';
import type { Config } from '../config.ts';
import { loadExcel } from '../platform/lazy-libs.ts';

export interface ImportLimits {
  /** Data rows (below the header row) one file may hold. */
  maxRows: number;
  /** The uploaded file's size in MB. */
  maxMb: number;
}

export function importLimits(config: Pick<Config, 'importMaxRows' | 'importMaxMb'>): ImportLimits {
  return { maxRows: config.importMaxRows, maxMb: config.importMaxMb };
}

/**
 * What the unpacked workbook may weigh. A filled 5,000-row template is a few MB of XML;
 * the shared strings are held in memory while the sheet streams, so this bounds memory too.
 */
export const MAX_UNPACKED_BYTES = 64 * 1024 * 1024;
const MAX_ENTRIES = 500;

const UNREADABLE = '无法读取文件：请上传由模板填写的 .xlsx 文件';

function unreadable(detail?: string): AppError {
  return AppError.validation([{ path: 'file', message: detail ? `${UNREADABLE}（${detail}）` : UNREADABLE }]);
}

function tooManyRows(maxRows: number, where: string): AppError {
  return new AppError(
    'PAYLOAD_TOO_LARGE',
    `导入文件：行数超过上限 ${maxRows} 行（${where}）。请删除多余的行，或分批导入`,
  );
}

function tooBig(): AppError {
  return new AppError(
    'PAYLOAD_TOO_LARGE',
    `导入文件：解压后的内容过大（超过 ${MAX_UNPACKED_BYTES / 1024 / 1024} MB），不像由模板填写的表格，请检查文件`,
  );
}

interface Entry {
  name: string;
  flags: number;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localOffset: number;
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const SIG_DESCRIPTOR = 0x08074b50;

/** The central directory of a zip file, as it declares itself. */
function centralDirectory(data: Buffer): { entries: Entry[]; cdOffset: number } {
  const min = Math.max(0, data.length - 22 - 0xffff);
  let end = -1;
  for (let i = data.length - 22; i >= min; i--) {
    if (data.readUInt32LE(i) === SIG_END) {
      end = i;
      break;
    }
  }
  if (end < 0) throw unreadable();
  const count = data.readUInt16LE(end + 10);
  const cdSize = data.readUInt32LE(end + 12);
  const cdOffset = data.readUInt32LE(end + 16);
  const commentLength = data.readUInt16LE(end + 20);
  // Zip64 (4 GB archives) has no place in an import; trailing bytes could hide a second archive.
  if (count === 0xffff || cdOffset === 0xffffffff) throw unreadable('不支持 Zip64 格式');
  if (end + 22 + commentLength !== data.length || cdOffset + cdSize !== end) throw unreadable();
  if (count > MAX_ENTRIES) throw tooBig();
  const entries: Entry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > end || data.readUInt32LE(p) !== SIG_CENTRAL) throw unreadable();
    const nameLength = data.readUInt16LE(p + 28);
    const extraLength = data.readUInt16LE(p + 30);
    const commentLen = data.readUInt16LE(p + 32);
    entries.push({
      flags: data.readUInt16LE(p + 8),
      method: data.readUInt16LE(p + 10),
      compressedSize: data.readUInt32LE(p + 20),
      uncompressedSize: data.readUInt32LE(p + 24),
      localOffset: data.readUInt32LE(p + 42),
      name: data.toString('utf8', p + 46, p + 46 + nameLength),
    });
    p += 46 + nameLength + extraLength + commentLen;
  }
  if (p !== end) throw unreadable();
  return { entries, cdOffset };
}

/**
 * Checks the archive before it is parsed (see the module comment). exceljs's streaming
 * reader (unzipper) walks the local headers in file order, so the local records must tile
 * the file up to the central directory exactly, with the same names and sizes: no entry
 * can hide between the listed ones.
 */
export async function checkArchive(data: Buffer, maxRows: number): Promise<void> {
  if (data.length < 22 || data.readUInt32LE(0) !== SIG_LOCAL) throw unreadable();
  const { entries, cdOffset } = centralDirectory(data);
  const declared = entries.reduce((n, e) => n + e.uncompressedSize, 0);
  if (declared > MAX_UNPACKED_BYTES) throw tooBig();
  const sorted = [...entries].sort((a, b) => a.localOffset - b.localOffset);
  let expected = 0;
  for (const e of sorted) {
    const p = e.localOffset;
    if (p !== expected || p + 30 > cdOffset || data.readUInt32LE(p) !== SIG_LOCAL) throw unreadable();
    const flags = data.readUInt16LE(p + 6);
    const method = data.readUInt16LE(p + 8);
    const localCompressed = data.readUInt32LE(p + 18);
    const nameLength = data.readUInt16LE(p + 26);
    const extraLength = data.readUInt16LE(p + 28);
    const name = data.toString('utf8', p + 30, p + 30 + nameLength);
    const start = p + 30 + nameLength + extraLength;
    const stop = start + e.compressedSize;
    if (name !== e.name || method !== e.method || flags !== e.flags || stop > cdOffset) throw unreadable();
    if (method !== 0 && method !== 8) throw unreadable('不支持的压缩方式');
    const hasDescriptor = (flags & 0x08) !== 0;
    if (localCompressed !== e.compressedSize && !(hasDescriptor && localCompressed === 0)) throw unreadable();
    let next = stop;
    if (hasDescriptor) {
      // unzipper requires the descriptor's signature, and finds the end of a size-less
      // entry by searching for it: it must not occur inside the data.
      if (stop + 16 > cdOffset || data.readUInt32LE(stop) !== SIG_DESCRIPTOR) throw unreadable();
      if (localCompressed === 0 && data.subarray(start, stop).indexOf(DESCRIPTOR_BYTES) >= 0) throw unreadable();
      next = stop + 16;
    }
    expected = next;
    await checkInflated(data.subarray(start, stop), e, maxRows);
  }
  if (expected !== cdOffset) throw unreadable();
}

const DESCRIPTOR_BYTES = Buffer.from([0x50, 0x4b, 0x07, 0x08]);
const WORKSHEET = /^xl\/worksheets\/sheet\d+\.xml$/;

/**
 * Inflates one entry into nothing, counting: more than it declared is refused (the declared
 * sizes were already summed). A worksheet's <dimension ref="A1:X1048576"> (in its first
 * bytes) that passes the row cap is refused here, before any row is read.
 */
async function checkInflated(raw: Buffer, e: Entry, maxRows: number): Promise<void> {
  const isSheet = WORKSHEET.test(e.name);
  let head = '';
  let seen = 0;
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > e.uncompressedSize) return done(tooBig());
      if (isSheet && head.length < 4096) head += chunk.toString('utf8', 0, Math.min(chunk.length, 4096));
      done();
    },
  });
  try {
    await pipeline(Readable.from([raw]), e.method === 8 ? zlib.createInflateRaw() : new PassThrough(), sink);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw unreadable();
  }
  if (seen !== e.uncompressedSize) throw unreadable();
  if (isSheet) {
    const m = /<(?:\w+:)?dimension\s+ref="[A-Z]{1,3}\d+(?::[A-Z]{1,3}(\d+))?"/.exec(head);
    const last = m?.[1] ? Number(m[1]) : 0;
    if (last > maxRows + 1) throw tooManyRows(maxRows, `工作表的范围到第 ${last} 行`);
  }
}

/** One row as read: its number in the sheet and its cells' values, values[col - 1]. */
export interface SheetRow {
  number: number;
  values: unknown[];
}

/**
 * The first sheet: row 1's headers (headers[col - 1]) and every later row that exists, its
 * values up to the header's width. All rows are read (and the cap enforced) before the
 * caller does any work with them; at the cap that is a few MB.
 */
export async function readSheet(data: Buffer, limits: ImportLimits): Promise<{ headers: unknown[]; rows: SheetRow[] }> {
  let headers: unknown[] = [];
  const rows: SheetRow[] = [];
  for await (const row of sheetRows(data, limits)) {
    if (row.number === 1) headers = row.values;
    else if (row.values.some((v) => v != null && v !== '')) rows.push(row);
  }
  return { headers, rows };
}

/**
 * The rows of the workbook's first sheet that exist, streaming; the file is checked first
 * (checkArchive). A row past the cap (header + maxRows) stops reading with a 413.
 * Styles are read because a date typed in Excel is a number with a date format.
 */
async function* sheetRows(data: Buffer, limits: ImportLimits): AsyncGenerator<SheetRow> {
  if (data.length > limits.maxMb * 1024 * 1024) {
    throw new AppError('PAYLOAD_TOO_LARGE', `导入文件过大：不能超过 ${limits.maxMb} MB`);
  }
  await checkArchive(data, limits.maxRows);
  const ExcelJS = await loadExcel();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([data]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let sheets = 0;
  let width = 0;
  try {
    for await (const ws of reader) {
      sheets++;
      for await (const row of ws) {
        if (row.number > limits.maxRows + 1) throw tooManyRows(limits.maxRows, `第 ${row.number} 行`);
        // Cells right of the header are nobody's column; a stray one at XFD stays unread.
        if (row.number === 1) row.eachCell((_c, col) => (width = Math.max(width, col)));
        const values: unknown[] = [];
        for (let col = 1; col <= width; col++) values.push(row.findCell(col)?.value ?? null);
        yield { number: row.number, values };
      }
      // Only the first sheet is imported (the template's second sheet is its 填写说明).
      return;
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw unreadable();
  }
  if (sheets === 0) throw AppError.validation([{ path: 'file', message: '文件中没有工作表' }]);
}
