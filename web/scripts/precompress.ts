/**
 * A Vite plugin that writes `name.br` and `name.gz` beside every text asset of the build, so the
 * server sends them as they are (@fastify/static `preCompressed`, server/src/app.ts) instead of
 * compressing on each request or sending JS uncompressed. Brotli at quality 11 and gzip at
 * level 9 cost seconds once at build time and nothing at run time.
 *
 * node:zlib rather than a plugin package: the work is 30 lines, and it keeps the build free of a
 * dependency whose support for Vite 8 / rolldown would have to be watched.
 */
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Plugin } from 'vite';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Below this a compressed copy saves less than its headers cost. */
const MIN_BYTES = 1024;
const TEXT = /\.(?:js|mjs|css|html|svg|json|txt|map)$/;

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).flatMap((e) => {
    return e.isFile() ? [path.join(e.parentPath, e.name)] : [];
  });
}

export async function precompressDir(dir: string): Promise<number> {
  const files = filesUnder(dir).filter((f) => TEXT.test(f) && fs.statSync(f).size >= MIN_BYTES);
  await Promise.all(
    files.map(async (file) => {
      const data = await fs.promises.readFile(file);
      const [br, gz] = await Promise.all([
        brotli(data, {
          params: {
            [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
            [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
          },
        }),
        gzip(data, { level: 9 }),
      ]);
      await fs.promises.writeFile(`${file}.br`, br);
      await fs.promises.writeFile(`${file}.gz`, gz);
    }),
  );
  return files.length;
}

export function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'fazhi-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      const n = await precompressDir(outDir);
      this.info(`precompressed ${n} files (.br, .gz)`);
    },
  };
}
