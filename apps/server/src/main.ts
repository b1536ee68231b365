import { build } from './app';
import { ConfigError, loadConfig } from './config';
import { migrate, openDatabase } from './db/client';
import { webhookSigner } from './webhooks/webhooks.module';

const ROLES = ['api', 'worker'] as const;
type Role = (typeof ROLES)[number];

/**
 * `weft start [--roles=api,worker]`, `weft migrate`, `weft keys create [name]`,
 * `weft webhook-key rotate`.
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
    const { app, ctx } = await build(config, { logger: false });
    const keys = await ctx.clients.create(rest[1] ?? 'client');
    console.log(
      `client_id: ${keys.clientId}\nsecret:    ${keys.secret}\n(the secret is shown once; only its hash is stored)`,
    );
    await app.close();
    return;
  }

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
      `unknown command "${[command, ...rest].join(' ')}"; use start, migrate, keys create or webhook-key rotate`,
    );
    process.exit(2);
  }

  const roles = parseRoles(rest);
  const { app, ctx } = await build(config);
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
  if (roles.includes('worker')) for (const w of ctx.workers) await w.start();

  const shutdown = async () => {
    for (const w of ctx.workers) await w.stop().catch(() => undefined);
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);

  if (roles.includes('api')) {
    await app.listen({ port: config.port, host: config.host });
    console.log(
      `Weft is listening on ${config.publicUrl} (${config.database.dialect}, roles: ${roles.join(',')})`,
    );
  } else {
    console.log(`Weft worker running (${config.database.dialect})`);
  }
}

function parseRoles(args: string[]): Role[] {
  const flag = args.find((a) => a.startsWith('--roles='));
  if (!flag) return [...ROLES];
  const roles = flag.slice(8).split(',').filter(Boolean);
  const bad = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (bad.length > 0 || roles.length === 0) {
    console.error(`--roles takes a comma-separated list of: ${ROLES.join(', ')}`);
    process.exit(2);
  }
  return roles as Role[];
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
  console.error(e);
  process.exit(1);
});
