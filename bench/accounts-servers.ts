import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import Fastify from 'fastify';
import { build } from '../apps/server/src/app';
import { loadConfig } from '../apps/server/src/config';

/**
 * Child process of accounts.bench.ts: starts Weft (SQLite in a temp folder, or DATABASE_URL) and a
 * bare Fastify route serving the same /accounts/get body, then prints their ports and a request;
 * afterwards answers each line on stdin with its CPU time used so far.
 */
async function main(): Promise<void> {
  const dataDir = path.join(os.tmpdir(), `weft-bench-${process.pid}`);
  // Keep the rate-limit hook in the measured path, with a budget the load cannot exhaust.
  process.env.WEFT_RATE_LIMITS ??= '/accounts/get=1000000000/1000000000';
  const config = loadConfig({
    ...process.env,
    WEFT_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    PORT: '0',
    WEFT_DEMO: 'false',
  });
  const { app, ctx } = await build(config, { logger: false });
  const keys = await ctx.clients.create('bench');
  await app.listen({ port: 0, host: '127.0.0.1' });
  const auth = { client_id: keys.clientId, secret: keys.secret };

  const pt = await app.inject({
    method: 'POST',
    url: '/sandbox/public_token/create',
    payload: { ...auth, institution_id: 'ins_109508', initial_products: ['auth'] },
  });
  const ex = await app.inject({
    method: 'POST',
    url: '/item/public_token/exchange',
    payload: { ...auth, public_token: pt.json().public_token },
  });
  const body = { ...auth, access_token: ex.json().access_token as string };
  const sample = (await app.inject({ method: 'POST', url: '/accounts/get', payload: body })).json();

  const bare = Fastify({ logger: false });
  bare.post('/accounts/get', async () => sample);
  await bare.listen({ port: 0, host: '127.0.0.1' });

  const port = (s: typeof app.server) => (s.address() as { port: number }).port;
  process.stdout.write(
    `${JSON.stringify({ weft: port(app.server), bare: port(bare.server), body, dialect: config.database.dialect })}\n`,
  );
  // Each "cpu" line asks for this process's CPU time so far, in microseconds.
  readline.createInterface({ input: process.stdin }).on('line', () => {
    const { user, system } = process.cpuUsage();
    process.stdout.write(`${user + system}\n`);
  });
}

for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => process.exit(0));

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
