/**
 * .docx → PDF → PNG with LibreOffice and poppler, for the preview endpoint and for tests
 * that look at what a person would see. The issued document itself stays the .docx.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { constants, rmSync } from 'node:fs';
import { access, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
// jszip comes with docx, which writes .docx through it.
import JSZip from 'jszip';
import { LRUCache } from 'lru-cache';

/** fontconfig file mapping the 公文 font names to installed CJK faces. */
export const FONTS_CONF = fileURLToPath(new URL('./fonts.conf', import.meta.url));

/** Debian packages that provide what this module runs. */
export const REQUIRED_PACKAGES = 'libreoffice-writer-nogui poppler-utils fonts-noto-cjk fonts-arphic-ukai';

export interface RunOptions {
  /** Milliseconds before the process group is killed. */
  timeoutMs?: number;
}

async function onPath(cmd: string): Promise<string | null> {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, cmd);
    try {
      await access(file, constants.X_OK);
      return file;
    } catch {
      // not in this directory
    }
  }
  return null;
}

/** Whether `soffice` can be run. */
export async function hasLibreOffice(): Promise<boolean> {
  return (await onPath('soffice')) !== null;
}

/** Whether the poppler tools (pdftoppm, pdftotext, pdffonts, pdfinfo) can be run. */
export async function hasPoppler(): Promise<boolean> {
  const found = await Promise.all(['pdftoppm', 'pdftotext', 'pdffonts', 'pdfinfo'].map(onPath));
  return found.every((f) => f !== null);
}

function exec(
  cmd: string,
  args: string[],
  opts: { timeoutMs: number; env?: NodeJS.ProcessEnv; cwd?: string },
): Promise<{ stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    // Own process group: soffice forks soffice.bin, and a timeout must take both down.
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, detached: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, opts.timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const stderr = Buffer.concat(err).toString('utf8');
      if (timedOut) reject(new Error(`${cmd} 超时（${opts.timeoutMs} ms）`));
      else if (code !== 0) reject(new Error(`${cmd} 退出码 ${code}：${stderr.trim()}`));
      else resolve({ stdout: Buffer.concat(out), stderr });
    });
  });
}

async function inTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'fazhi-doc-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// One LibreOffice profile per process, away from any desktop user's: soffice refuses to
// start a second instance on a profile in use, so conversions here also run one at a time.
const PROFILE_PREFIX = 'fazhi-lo-profile-';
const profileDir = path.join(tmpdir(), `${PROFILE_PREFIX}${process.pid}`);
let profileReady: Promise<void> | undefined;
let queue: Promise<unknown> = Promise.resolve();

/**
 * Removes the profiles of processes that are gone (a worker killed by a test runner never
 * sees 'exit'), and this process's own on a normal exit.
 */
function prepareProfile(): Promise<void> {
  profileReady ??= (async () => {
    process.once('exit', () => rmSync(profileDir, { recursive: true, force: true }));
    for (const name of await readdir(tmpdir()).catch(() => [] as string[])) {
      const pid = Number(name.slice(PROFILE_PREFIX.length));
      if (!name.startsWith(PROFILE_PREFIX) || !Number.isInteger(pid) || pid === process.pid) continue;
      try {
        process.kill(pid, 0);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ESRCH') {
          await rm(path.join(tmpdir(), name), { recursive: true, force: true }).catch(() => undefined);
        }
      }
    }
  })();
  return profileReady;
}

function serialised<T>(fn: () => Promise<T>): Promise<T> {
  const next = queue.then(fn, fn);
  queue = next.catch(() => undefined);
  return next;
}

/** Converts .docx bytes to PDF with headless LibreOffice, the 公文 fonts mapped by fonts.conf. */
export async function docxToPdf(docx: Buffer, opts: RunOptions = {}): Promise<Buffer> {
  return (await docxToPdfMany([docx], opts))[0]!;
}

// ── The conversion cache ─────────────────────────────────────────────────────────────────
// One LibreOffice start costs seconds, and the same document is converted again and again:
// every preview of an issued document (its stored .docx), each case file's documents and
// its timeline, an unchanged report. So the PDFs of the last documents converted are kept,
// bounded by their total size, keyed by what the document says rather than its bytes.

const CACHE_BYTES = 64 * 1024 * 1024;
const pdfCache = new LRUCache<string, Buffer>({ maxSize: CACHE_BYTES, sizeCalculation: (pdf) => pdf.length || 1 });
let converted = 0;

/** How many documents LibreOffice has converted in this process (the cache's misses), for tests. */
export function conversionCount(): number {
  return converted;
}

// docx (and Word) stamp the time a file is written into its core properties, and the zip
// records each part's time too: two builds of the same document differ only there, and
// neither shows on a page, so neither is part of the key.
const VOLATILE = /<dcterms:(created|modified)\b[^>]*>[^<]*<\/dcterms:\1>/g;

/** The cache key of a .docx: a hash of its parts, names and contents, without the timestamps above. */
async function documentKey(docx: Buffer): Promise<string> {
  const hash = createHash('sha256');
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(docx);
  } catch {
    // Not a zip: LibreOffice says what it makes of it; the bytes are the key.
    return `raw:${hash.update(docx).digest('hex')}`;
  }
  const names = Object.keys(zip.files)
    .filter((n) => !zip.files[n]!.dir)
    .sort();
  for (const name of names) {
    let data = await zip.files[name]!.async('nodebuffer');
    if (name === 'docProps/core.xml') data = Buffer.from(data.toString('utf8').replace(VOLATILE, ''), 'utf8');
    hash.update(`${name}\0${data.length}\0`).update(data);
  }
  return `docx:${hash.digest('hex')}`;
}

/**
 * Converts several .docx files, returning the PDFs in the same order. Documents converted
 * before come from the cache; the rest go through one LibreOffice run (its start-up, not the
 * conversion, is most of the time a single file takes), each distinct document once.
 */
export async function docxToPdfMany(docxs: readonly Buffer[], opts: RunOptions = {}): Promise<Buffer[]> {
  if (docxs.length === 0) return [];
  const keys = await Promise.all(docxs.map(documentKey));
  // What this call is handed, held here: an entry may leave the cache while the call waits.
  const found = new Map<string, Buffer>();
  for (const k of keys) {
    const hit = pdfCache.get(k);
    if (hit) found.set(k, hit);
  }
  if (keys.some((k) => !found.has(k))) {
    await serialised(async () => {
      // Looked up again in turn: a conversion queued before this one may have made them.
      const missing = new Map<string, Buffer>();
      keys.forEach((k, i) => {
        if (found.has(k) || missing.has(k)) return;
        const hit = pdfCache.get(k);
        if (hit) found.set(k, hit);
        else missing.set(k, docxs[i]!);
      });
      if (missing.size === 0) return;
      const pdfs = await convert([...missing.values()], opts);
      converted += missing.size;
      let i = 0;
      for (const k of missing.keys()) {
        const pdf = pdfs[i++]!;
        pdfCache.set(k, pdf);
        found.set(k, pdf);
      }
    });
  }
  // Copies, so that no caller can change what the next one is handed.
  return keys.map((k) => Buffer.from(found.get(k)!));
}

/** One LibreOffice run over `docxs`, in order. */
function convert(docxs: readonly Buffer[], opts: RunOptions): Promise<Buffer[]> {
  return inTempDir(async (dir) => {
    await prepareProfile();
    const names = docxs.map((_, i) => `d${String(i).padStart(4, '0')}`);
    await Promise.all(docxs.map((d, i) => writeFile(path.join(dir, `${names[i]}.docx`), d)));
    const { stdout, stderr } = await exec(
      'soffice',
      [
        `-env:UserInstallation=${pathToFileURL(profileDir).href}`,
        '--headless',
        '--norestore',
        '--nolockcheck',
        '--convert-to',
        'pdf:writer_pdf_Export',
        '--outdir',
        dir,
        ...names.map((n) => path.join(dir, `${n}.docx`)),
      ],
      {
        // First start builds the profile, which alone can take several seconds.
        timeoutMs: opts.timeoutMs ?? 90_000 + 10_000 * docxs.length,
        cwd: dir,
        env: { ...process.env, FONTCONFIG_FILE: FONTS_CONF },
      },
    );
    const out: Buffer[] = [];
    for (const n of names) {
      try {
        out.push(await readFile(path.join(dir, `${n}.pdf`)));
      } catch {
        // soffice exits 0 even when it could not convert; say what it printed.
        throw new Error(`LibreOffice 未生成 PDF：${stdout.toString('utf8').trim()} ${stderr.trim()}`);
      }
    }
    return out;
  });
}

/** Renders one page (1-based) of a PDF to PNG at `dpi` (default 60). */
export function pdfToPng(pdf: Buffer, page: number, opts: RunOptions & { dpi?: number } = {}): Promise<Buffer> {
  return inTempDir(async (dir) => {
    await writeFile(path.join(dir, 'in.pdf'), pdf);
    const p = String(page);
    await exec('pdftoppm', ['-f', p, '-l', p, '-r', String(opts.dpi ?? 60), '-png', '-singlefile', 'in.pdf', 'out'], {
      timeoutMs: opts.timeoutMs ?? 20_000,
      cwd: dir,
    });
    return readFile(path.join(dir, 'out.png'));
  });
}

/** The PDF's text in reading order (pdftotext -layout). */
export function pdfToText(pdf: Buffer, opts: RunOptions = {}): Promise<string> {
  return inTempDir(async (dir) => {
    await writeFile(path.join(dir, 'in.pdf'), pdf);
    const { stdout } = await exec('pdftotext', ['-layout', '-enc', 'UTF-8', 'in.pdf', '-'], {
      timeoutMs: opts.timeoutMs ?? 20_000,
      cwd: dir,
    });
    return stdout.toString('utf8');
  });
}

export interface PdfFont {
  /** Base font name without the subset prefix, e.g. 'NotoSerifCJKsc-Regular'. */
  name: string;
  type: string;
  embedded: boolean;
}

/** The fonts a PDF uses, from pdffonts. */
export function pdfFonts(pdf: Buffer, opts: RunOptions = {}): Promise<PdfFont[]> {
  return inTempDir(async (dir) => {
    await writeFile(path.join(dir, 'in.pdf'), pdf);
    const { stdout } = await exec('pdffonts', ['in.pdf'], { timeoutMs: opts.timeoutMs ?? 20_000, cwd: dir });
    // Columns: name, type (may contain spaces), encoding, emb, sub, uni, object ID.
    return stdout
      .toString('utf8')
      .split('\n')
      .slice(2)
      .map((l) => l.match(/^(\S+)\s+(.+?)\s+(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/))
      .filter((m): m is RegExpMatchArray => m !== null)
      .map((m) => ({ name: m[1]!.replace(/^[A-Z]{6}\+/, ''), type: m[2]!, embedded: m[4] === 'yes' }));
  });
}

/** Number of pages, from pdfinfo. */
export function pdfPageCount(pdf: Buffer, opts: RunOptions = {}): Promise<number> {
  return inTempDir(async (dir) => {
    await writeFile(path.join(dir, 'in.pdf'), pdf);
    const { stdout } = await exec('pdfinfo', ['in.pdf'], { timeoutMs: opts.timeoutMs ?? 20_000, cwd: dir });
    const m = /^Pages:\s+(\d+)/m.exec(stdout.toString('utf8'));
    if (!m) throw new Error('pdfinfo 未给出页数');
    return Number(m[1]);
  });
}

// ── The 作废 stamp ─────────────────────────────────────────────────────────────────────────

/** Where the stamp's text sits on its page, in PDF points from the bottom left (A4, top margin 37 mm). */
const STAMP_BAND = { left: 0, right: 595.3, top: 842 - 37 * 2.8346, bottom: 842 - 37 * 2.8346 - 150 };

/**
 * A voided document's preview: its PDF with 「作废」 stamped across every page, slanted and
 * half transparent, so the text stays readable but no print of it passes for valid. The
 * stamp itself is a .docx page converted once (the conversion cache keeps it); the stamping
 * happens on every request, after the cache, so the un-stamped PDF of a voided document is
 * never what the preview serves.
 */
export async function stampVoided(pdf: Buffer, text = '作  废', opts: RunOptions = {}): Promise<Buffer> {
  const [{ stampDocument, toBuffer }, { PDFDocument, degrees }] = await Promise.all([
    import('./build.ts'),
    import('pdf-lib'),
  ]);
  const stampPdf = await docxToPdf(await toBuffer(stampDocument(text)), opts);
  const doc = await PDFDocument.load(pdf);
  const [source] = await PDFDocument.load(stampPdf).then((s) => s.getPages());
  const stamp = await doc.embedPage(source!, STAMP_BAND);
  const angle = 35;
  const rad = (angle * Math.PI) / 180;
  for (const page of doc.getPages()) {
    const { width, height } = page.getSize();
    const w = stamp.width;
    const h = stamp.height;
    // drawPage rotates about the drawn page's lower-left corner: place that corner so the
    // band's centre lands on the page's centre.
    const cx = width / 2 - ((w / 2) * Math.cos(rad) - (h / 2) * Math.sin(rad));
    const cy = height / 2 - ((w / 2) * Math.sin(rad) + (h / 2) * Math.cos(rad));
    page.drawPage(stamp, { x: cx, y: cy, width: w, height: h, rotate: degrees(angle), opacity: 0.45 });
  }
  return Buffer.from(await doc.save());
}
