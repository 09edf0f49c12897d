/**
 * Where attachment and document bytes live. Content-addressed (the key is the
 * SHA-256), so a file uploaded twice is stored once and a stored file cannot change
 * under its database row. The disk store keeps them under the data directory; a
 * county deployment with several server processes replaces it with a shared store
 * (docs/architecture.md §Scale) by implementing the same interface.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface StoredBlob {
  key: string;
  sha256: string;
  size: number;
}

export interface BlobStore {
  put(data: Buffer): Promise<StoredBlob>;
  get(key: string): Promise<Buffer>;
}

export class DiskBlobStore implements BlobStore {
  constructor(readonly root: string) {}

  async put(data: Buffer): Promise<StoredBlob> {
    const sha256 = createHash('sha256').update(data).digest('hex');
    const file = this.#file(sha256);
    if (!fs.existsSync(file)) {
      await fs.promises.mkdir(path.dirname(file), { recursive: true });
      // Write then rename, so a crash never leaves a truncated file under a valid key.
      const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
      await fs.promises.writeFile(tmp, data, { mode: 0o600 });
      await fs.promises.rename(tmp, file);
    }
    return { key: sha256, sha256, size: data.length };
  }

  async get(key: string): Promise<Buffer> {
    if (!/^[0-9a-f]{64}$/.test(key)) throw new Error('invalid blob key');
    return fs.promises.readFile(this.#file(key));
  }

  #file(sha256: string): string {
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }
}

/** The data directory's store; an in-memory database (tests) gets a private temp directory. */
export function blobStoreFor(dataDir: string): BlobStore {
  const root = dataDir.startsWith('memory://')
    ? fs.mkdtempSync(path.join(os.tmpdir(), 'fazhi-blobs-'))
    : path.join(dataDir, 'blobs');
  return new DiskBlobStore(root);
}
