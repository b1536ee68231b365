import type { Config } from '../../config';

// Placeholder until the ofx connector lands; replaced by its CLI handler.
export const CONNECT_OFX_USAGE = 'weft connect ofx …';

export async function runConnectOfx(_args: string[], _config: Config): Promise<number> {
  console.log(JSON.stringify({ error: { code: 'NOT_BUILT', message: 'ofx is not connected yet' } }));
  return 1;
}
