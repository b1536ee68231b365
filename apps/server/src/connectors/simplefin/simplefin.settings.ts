import fs from 'node:fs';

/** How Weft talks to SimpleFIN Bridges, from the environment (config.ts). */
export interface SimplefinSettings {
  /** PEM certificates replacing Node's bundled roots for Bridges (WEFT_SIMPLEFIN_CA_FILE). */
  ca?: string;
}

/** Reads WEFT_SIMPLEFIN_CA_FILE, pushing each problem: a bad file stops Weft at start, not at a read. */
export function parseSimplefinSettings(env: NodeJS.ProcessEnv, problems: string[]): SimplefinSettings {
  const caFile = env.WEFT_SIMPLEFIN_CA_FILE;
  if (!caFile) return {};
  try {
    const ca = fs.readFileSync(caFile, 'utf8');
    if (ca.includes('-----BEGIN CERTIFICATE-----')) return { ca };
    problems.push(`WEFT_SIMPLEFIN_CA_FILE: ${caFile} holds no PEM certificate`);
  } catch (e) {
    problems.push(
      `WEFT_SIMPLEFIN_CA_FILE: cannot read ${caFile} (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  return {};
}
