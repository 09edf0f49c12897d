import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { openDatabase } from './src/db/index.ts';
import { migrate } from './src/db/migrate.ts';

const t = () => performance.now();
const mode = process.argv[2];
const s = t();
if (mode === 'make') {
  const d = await openDatabase({ databaseUrl: undefined, dataDir: 'memory://' });
  await migrate(d.db);
  fs.writeFileSync('/tmp/s6-empty.tar', Buffer.from(await (await d.pglite!.dumpDataDir('none')).arrayBuffer()));
  await d.close();
} else if (mode === 'open') {
  const p = new PGlite({ extensions: { btree_gin } });
  await p.waitReady;
  console.log('fresh open', (t() - s).toFixed(0));
} else {
  const b = new Blob([fs.readFileSync('/tmp/s6-empty.tar')]);
  console.log('read', (t() - s).toFixed(0));
  const p = new PGlite({ extensions: { btree_gin }, loadDataDir: b });
  await p.waitReady;
  console.log('load', (t() - s).toFixed(0));
}
