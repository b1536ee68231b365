import { build } from '../../app';
import type { WeftContext } from '../../app-context';
import type { Config } from '../../config';
import type { WatchlistKind } from '../../db/tables/watchlist-screening';
import { ListFormatError } from '../../engines/screening';
import { ListsRepository } from './lists.repository';
import { type ProgramSettings, ProgramSettingsError } from './programs.service';
import { presentProgram } from './watchlist.presenter';
import { watchlistServices } from './watchlist.routes';

/** What `weft lists` and `weft programs` print when their arguments make no sense. */
export const WATCHLIST_USAGE = [
  'usage: weft lists import PATH...        (OFAC sdn.csv/alt.csv/add.csv/sdn_comments.csv, cons_*.csv,',
  '                                          UN consolidated XML, BIS dpl.txt, CSL csv; format detected)',
  '       weft lists show',
  '       weft programs list --client-id ID [--kind individual|entity]',
  '       weft programs create --client-id ID --kind individual|entity [--name N] [--lists A,B]',
  '                            [--sensitivity coarse|balanced|strict|exact] [--rescanning on|off] [--webhook URL]',
  '       weft programs update --client-id ID --program PROGRAM_ID [same options] [--archived on|off]',
  '  one JSON line per result; exit 1 on failure, 2 on bad arguments',
].join('\n');

type Out = (line: string) => void;

/**
 * Imports list files and screens again every monitored screening whose lists changed; prints one
 * JSON line per list loaded and one for the monitoring pass. 1 when a file cannot be read.
 */
export async function importLists(
  ctx: WeftContext,
  paths: readonly string[],
  out: Out,
  err: Out,
): Promise<number> {
  if (paths.length === 0) {
    err(WATCHLIST_USAGE);
    return 2;
  }
  const { lists, watchlist } = watchlistServices(ctx);
  let imported: Awaited<ReturnType<typeof lists.importPaths>>;
  try {
    imported = await lists.importPaths(paths);
  } catch (e) {
    if (e instanceof ListFormatError || (e as NodeJS.ErrnoException).code === 'ENOENT') {
      err(JSON.stringify({ error: (e as Error).message }));
      return 1;
    }
    throw e;
  }
  for (const l of imported) out(JSON.stringify(l));
  const monitoring = await watchlist.rescreenAll();
  out(JSON.stringify({ monitoring }));
  return 0;
}

function parseFlags(args: readonly string[]): { words: string[]; flags: Map<string, string> } | undefined {
  const words: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) {
      words.push(arg);
      continue;
    }
    const [flag, inline] = arg.split(/=(.*)/s, 2) as [string, string | undefined];
    const value = inline ?? args[++i];
    if (value === undefined || flags.has(flag)) return undefined;
    flags.set(flag, value);
  }
  return { words, flags };
}

const onOff = (v: string | undefined) =>
  v === undefined ? undefined : v === 'on' ? true : v === 'off' ? false : null;

/** `weft programs …` against an app's services; 2 on bad arguments, 1 when refused. */
export async function programsCommand(
  ctx: WeftContext,
  args: readonly string[],
  out: Out,
  err: Out,
): Promise<number> {
  const parsed = parseFlags(args);
  const known = new Set([
    '--client-id',
    '--kind',
    '--name',
    '--lists',
    '--sensitivity',
    '--rescanning',
    '--webhook',
    '--program',
    '--archived',
  ]);
  const clientId = parsed?.flags.get('--client-id');
  if (
    !parsed ||
    !clientId ||
    [...parsed.flags.keys()].some((f) => !known.has(f)) ||
    parsed.words.length !== 1
  ) {
    err(WATCHLIST_USAGE);
    return 2;
  }
  const { flags } = parsed;
  const kind = flags.get('--kind') as WatchlistKind | undefined;
  if (kind !== undefined && kind !== 'individual' && kind !== 'entity') {
    err(WATCHLIST_USAGE);
    return 2;
  }
  const rescanning = onOff(flags.get('--rescanning'));
  const archived = onOff(flags.get('--archived'));
  if (rescanning === null || archived === null) {
    err(WATCHLIST_USAGE);
    return 2;
  }
  const webhook = flags.get('--webhook');
  const settings: ProgramSettings = {
    name: flags.get('--name'),
    lists: flags
      .get('--lists')
      ?.split(',')
      .map((l) => l.trim())
      .filter(Boolean),
    sensitivity: flags.get('--sensitivity'),
    rescanning,
    archived,
    webhook: webhook === undefined ? undefined : webhook === '' || webhook === 'none' ? null : webhook,
  };
  const client = await ctx.db
    .selectFrom('clients')
    .select('client_id')
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  if (!client) {
    err(JSON.stringify({ error: `no client ${clientId}` }));
    return 1;
  }
  const { programs } = watchlistServices(ctx).watchlist;
  const print = (p: Parameters<typeof presentProgram>[0]) =>
    out(
      JSON.stringify({
        ...presentProgram(p),
        kind: p.kind,
        is_default: p.is_default === 1,
        webhook: p.webhook,
      }),
    );
  try {
    switch (parsed.words[0]) {
      case 'list':
        for (const k of kind ? [kind] : (['individual', 'entity'] as const))
          for (const p of await programs.list(clientId, k, 0, 10_000)) print(p);
        return 0;
      case 'create':
        if (!kind) break;
        print(await programs.create(clientId, kind, settings));
        return 0;
      case 'update': {
        const program = flags.get('--program');
        if (!program) break;
        print(await programs.update(clientId, program, settings));
        return 0;
      }
    }
  } catch (e) {
    if (e instanceof ProgramSettingsError) {
      err(JSON.stringify({ error: e.message }));
      return 1;
    }
    throw e;
  }
  err(WATCHLIST_USAGE);
  return 2;
}

/** `weft lists …` and `weft programs …` from main.ts: builds the app, runs, closes. */
export async function runWatchlistCli(
  command: 'lists' | 'programs',
  args: string[],
  config: Config,
): Promise<number> {
  const { app, ctx } = await build(config, { logger: false });
  try {
    if (command === 'programs') return await programsCommand(ctx, args, console.log, console.error);
    if (args[0] === 'import') return await importLists(ctx, args.slice(1), console.log, console.error);
    if (args[0] === 'show' && args.length === 1) {
      for (const l of await new ListsRepository(ctx.db).infos()) console.log(JSON.stringify(l));
      return 0;
    }
    console.error(WATCHLIST_USAGE);
    return 2;
  } finally {
    await app.close();
  }
}
