/**
 * How the server sends the built web app (issue 19): hashed assets are kept by the browser for a
 * year, index.html is asked for anew each time (deep links too), and a browser that accepts
 * brotli or gzip gets the copy the build compressed. A small fake web/dist stands in for the build.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, harness } from './helpers.ts';

let h: Harness;
let dist: string;
const JS = `export const greeting = ${JSON.stringify('你好'.repeat(2000))};\n`;
const HTML =
  '<!doctype html><html><body><div id="root"></div><script type="module" src="/assets/index-AbC123.js"></script></body></html>';

beforeAll(async () => {
  dist = fs.mkdtempSync(path.join(os.tmpdir(), 'fazhi-dist-'));
  fs.mkdirSync(path.join(dist, 'assets'));
  const js = path.join(dist, 'assets', 'index-AbC123.js');
  fs.writeFileSync(js, JS);
  fs.writeFileSync(`${js}.br`, zlib.brotliCompressSync(JS));
  fs.writeFileSync(`${js}.gz`, zlib.gzipSync(JS));
  fs.writeFileSync(path.join(dist, 'assets', 'small-XyZ.css'), 'body{margin:0}');
  fs.writeFileSync(path.join(dist, 'index.html'), HTML);
  fs.writeFileSync(path.join(dist, 'index.html.gz'), zlib.gzipSync(HTML));
  h = await harness({ webDist: dist });
});
afterAll(async () => {
  await h?.close();
  fs.rmSync(dist, { recursive: true, force: true });
});

const get = (url: string, acceptEncoding?: string) =>
  h.app.inject({ method: 'GET', url, headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} });

describe('the web app as the server sends it', () => {
  it('keeps hashed assets for a year, as they are immutable', async () => {
    for (const url of ['/assets/index-AbC123.js', '/assets/small-XyZ.css']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('public, max-age=31536000, immutable');
    }
  });

  it('has index.html revalidated every time, at / and at a deep link', async () => {
    for (const url of ['/', '/index.html', '/cases/123']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toMatch(/^text\/html/);
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(res.body, url).toBe(HTML);
    }
  });

  it('sends the brotli copy to a browser that accepts it, gzip to one that accepts only gzip', async () => {
    const br = await get('/assets/index-AbC123.js', 'gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(zlib.brotliDecompressSync(br.rawPayload).toString()).toBe(JS);

    const gz = await get('/assets/index-AbC123.js', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.rawPayload).toString()).toBe(JS);

    const html = await get('/', 'gzip, br');
    expect(html.headers['content-encoding']).toBe('gzip');
    expect(html.headers['cache-control']).toBe('no-cache');
    expect(zlib.gunzipSync(html.rawPayload).toString()).toBe(HTML);
  });

  it('sends the plain file to a client that asks for no encoding, and 404 for an old asset', async () => {
    const plain = await get('/assets/index-AbC123.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(JS);
    expect((await get('/assets/index-Old999.js', 'br')).statusCode).toBe(404);
  });

  it('leaves the API uncached', async () => {
    const res = await get('/api/health');
    expect(res.headers['cache-control']).toBe('no-store');
  });
});
