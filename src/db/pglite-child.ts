// Child process that owns the embedded database and serves it over a private Unix socket, so that queries
// never run on the web server's event loop. Started by openDatabase(); exits when its parent goes away.
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { openPglite } from './pglite.ts';

const [dataDir, socketPath] = process.argv.slice(2);
if (!dataDir || !socketPath || !process.send) {
  console.error('usage: pglite-child <dataDir> <socketPath> (started by the server, with IPC)');
  process.exit(2);
}

const db = await openPglite(dataDir);
const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: 1 });
await server.start();

let closing = false;
async function shutdown(code: number): Promise<void> {
  if (closing) return;
  closing = true;
  try {
    await server.stop();
    await db.close();
  } finally {
    process.exit(code);
  }
}
process.on('disconnect', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
process.on('SIGINT', () => void shutdown(0));
process.on('message', (m) => {
  if (m === 'close') void shutdown(0);
});
process.send({ type: 'ready' });
