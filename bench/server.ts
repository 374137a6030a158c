/**
 * The server a benchmark measures: the same composition root as `jiesu serve` (src/main.ts), run as
 * a child process of the benchmark so the load generator and the server never share an event loop.
 * Unlike `jiesu serve` it never builds or serves the web app (a build would touch the shared dist/).
 * Configuration comes from the environment (src/platform/config/config.ts); prints `listening <url>` when ready.
 */
import { loadConfig } from '../src/platform/config/config.ts';
import { startServer } from '../src/main.ts';

const server = await startServer(loadConfig(), null);
console.log(`listening ${server.url}`);
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
