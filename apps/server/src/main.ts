import { build } from './app';
import { ConfigError, loadConfig } from './config';
import { migrate, openDatabase } from './db/client';
import { shutDownOnSignals } from './lib/graceful-shutdown';
import { listenForMetrics } from './metrics/metrics.routes';
import { KEYS_USAGE, parseKeysCommand, runKeysCommand } from './products/clients/keys.command';
import { runConnectCommand } from './products/connect/connect.command';
import { dashboardOf } from './products/dashboard/dashboard.routes';
import { runSignalCli } from './products/signal/signal.command';
import { runImportCommand } from './products/statement-import/import.command';
import { runWatchlistCli } from './products/watchlist-screening/watchlist.command';
import { parseRoles } from './roles';
import { webhookSigner } from './webhooks/webhooks.module';

/**
 * `weft start [--roles=api,worker]`, `weft migrate`, `weft keys create [name] | list |
 * rotate CLIENT_ID | revoke CLIENT_ID`, `weft webhook-key rotate`, `weft import FILE... --client-id ID
 * [--access-token TOKEN]`.
 */
async function main(argv: string[]): Promise<void> {
  const [command = 'start', ...rest] = argv;
  const config = loadConfigOrExit();

  if (command === 'migrate') {
    const handle = openDatabase(config.database);
    const applied = await migrate(handle.db);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
    await handle.close();
    return;
  }

  if (command === 'keys') {
    const keysCommand = parseKeysCommand(rest);
    if (!keysCommand) {
      console.error(KEYS_USAGE);
      process.exit(2);
    }
    const { app, ctx } = await build(config, { logger: false });
    const code = await runKeysCommand(keysCommand, ctx.clients);
    await app.close();
    if (code !== 0) process.exit(code);
    return;
  }

  if (command === 'import') process.exit(await runImportCommand(rest, config));

  if (command === 'connect') process.exit(await runConnectCommand(rest, config));

  if (command === 'lists' || command === 'programs')
    process.exit(await runWatchlistCli(command, rest, config));

  if (command === 'signal') process.exit(await runSignalCli(rest, config));

  if (command === 'webhook-key' && rest[0] === 'rotate') {
    const { app, ctx } = await build(config, { logger: false });
    const key = await webhookSigner(ctx).rotate();
    console.log(
      `webhooks are now signed with kid ${key.kid}; earlier keys stay available to verify, with expired_at set`,
    );
    await app.close();
    return;
  }

  if (command !== 'start') {
    console.error(
      `unknown command "${[command, ...rest].join(' ')}"; use start, migrate, keys (create, list, rotate, revoke), import, connect, lists, programs, signal or webhook-key rotate`,
    );
    process.exit(2);
  }

  const roles = parseRoles(rest, config.database.dialect);
  if (typeof roles === 'string') {
    console.error(roles);
    process.exit(2);
  }
  // Opened here rather than by build(), so it closes only after requests and jobs have drained.
  const database = openDatabase(config.database);
  const { app, ctx } = await build(config, { database });
  const created = await ctx.clients.bootstrapSandbox(
    config.sandboxClientId && config.sandboxSecret
      ? { clientId: config.sandboxClientId, secret: config.sandboxSecret }
      : undefined,
  );
  if (created) {
    console.log(
      `\nSandbox API keys (shown once; only a hash of the secret is stored):\n  client_id: ${created.clientId}\n  secret:    ${created.secret}\n` +
        'Pin your own with WEFT_SANDBOX_CLIENT_ID and WEFT_SANDBOX_SECRET.\n',
    );
  }
  const setupCode = roles.includes('api') ? await dashboardOf(app)?.issueSetupCode() : null;
  if (setupCode)
    console.log(
      `Dashboard setup code (one-time, valid 24 hours; only its hash is stored): ${setupCode}\n` +
        `Open ${config.publicUrl}/dashboard to create the owner. A new code is printed at each start until then.\n`,
    );
  const metricsServer = config.metrics.port
    ? await listenForMetrics(ctx, config.metrics.port, config.host)
    : undefined;
  shutDownOnSignals(() => ({
    servers: metricsServer ? [app, metricsServer] : [app],
    workers: roles.includes('worker') ? ctx.workers : [],
    database,
    timeoutMs: config.shutdownTimeoutMs,
    log: { info: (m) => console.log(m), warn: (m) => console.error(m) },
    closeIdle: () => app.server.closeIdleConnections(),
    forceClose: () => app.server.closeAllConnections(),
  }));

  if (roles.includes('api')) {
    await app.listen({ port: config.port, host: config.host });
    console.log(
      `Weft is listening on ${config.publicUrl} (${config.database.dialect}, roles: ${roles.join(',')})`,
    );
  }
  // Only once /health answers: after a crash the workers' first runs finish the work it left
  // (histories still loading, webhooks due), and that recovery must not keep the API down.
  if (roles.includes('worker')) {
    for (const w of ctx.workers) await w.start();
    if (!roles.includes('api')) console.log(`Weft worker running (${config.database.dialect})`);
  }
}

function loadConfigOrExit() {
  try {
    return loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
}

main(process.argv.slice(2)).catch((e: unknown) => {
  // A refusal to start (a key that does not match the database's) is a message, not a crash.
  console.error(e instanceof ConfigError ? e.message : e);
  process.exit(1);
});
