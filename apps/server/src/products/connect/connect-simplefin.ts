import type { Config } from '../../config';

// Placeholder until the simplefin connector lands; replaced by its CLI handler.
export const CONNECT_SIMPLEFIN_USAGE = 'weft connect simplefin …';

export async function runConnectSimplefin(_args: string[], _config: Config): Promise<number> {
  console.log(JSON.stringify({ error: { code: 'NOT_BUILT', message: 'simplefin is not connected yet' } }));
  return 1;
}
