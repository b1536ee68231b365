import type { Config } from '../../config';
import { CONNECT_OFX_USAGE, runConnectOfx } from './connect-ofx';
import { CONNECT_SIMPLEFIN_USAGE, runConnectSimplefin } from './connect-simplefin';

/** A live source `weft connect` links: its usage line and what runs it (returns the exit code). */
interface ConnectSource {
  usage: string;
  run(args: string[], config: Config): Promise<number>;
}

const SOURCES: Record<string, ConnectSource> = {
  simplefin: { usage: CONNECT_SIMPLEFIN_USAGE, run: runConnectSimplefin },
  ofx: { usage: CONNECT_OFX_USAGE, run: runConnectOfx },
};

/** What `weft connect` prints when its arguments name no source it knows. */
export const CONNECT_USAGE = ['usage:', ...Object.values(SOURCES).map((s) => `  ${s.usage}`)].join('\n');

/**
 * `weft connect SOURCE …`: links a live source as an Item of a client, printing one JSON line
 * (`{"item_id","access_token","accounts","transactions"}`, or `{"error":{"code","message"}}`).
 * Returns the exit code: 2 for arguments that name no source, else the source's own.
 */
export async function runConnectCommand(args: string[], config: Config): Promise<number> {
  const [name = '', ...rest] = args;
  const source = Object.hasOwn(SOURCES, name) ? SOURCES[name] : undefined;
  if (!source) {
    console.error(CONNECT_USAGE);
    return 2;
  }
  return source.run(rest, config);
}
