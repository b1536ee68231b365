import { createHash } from 'node:crypto';
import type { ListSource, LoadedList, WatchlistEntry } from '../model';
import { parseBisDpl, parseCsl } from './csl';
import { parseOfac } from './ofac';
import { parseUnXml, unDateGenerated } from './un';

/** A list file as given: its name (the format is told from the name and the content) and bytes. */
export interface ListFile {
  name: string;
  bytes: Uint8Array;
  /** The file's modification day, the date of last resort for files that state none. */
  modifiedOn?: string;
}

/** Text of a list file: UTF-8, or Latin-1 for the OFAC files that are still published in it. */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('latin1').decode(bytes);
  }
}

const base = (name: string) => name.split(/[\\/]/).pop()!.toLowerCase();

/** Which source format a file is, from its name and first bytes; null when it is none Weft reads. */
export function detectFormat(file: ListFile): { source: ListSource; role: string } | null {
  const name = base(file.name);
  const head = decodeText(file.bytes.subarray(0, 4096));
  if (/<CONSOLIDATED_LIST[\s>]/.test(head)) return { source: 'un_consolidated', role: 'xml' };
  if (/^\uFEFF?"?Name"?\t"?Street_Address/.test(head)) return { source: 'bis_dpl', role: 'tsv' };
  if (/^\uFEFF?(_id,)?source,entity_number,type,programs,name/.test(head))
    return { source: 'us_csl', role: 'csv' };
  const ofac = /^(sdn|add|alt|sdn_comments|cons_prim|cons_add|cons_alt|cons_comments)\.csv$/.exec(name);
  if (ofac && /^\d+,/.test(head.trimStart())) {
    const role = ofac[1]!.replace(/^(sdn_|cons_)/, '');
    const source = name.startsWith('cons_') ? 'ofac_consolidated' : 'ofac_sdn';
    return { source, role: role === 'sdn' || role === 'prim' ? 'primary' : role };
  }
  return null;
}

/** An error naming the file that could not be read as a list. */
export class ListFormatError extends Error {}

const version = (parts: Uint8Array[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex').slice(0, 16);
};

/** The newest listing date among entries, as the date of a file that states none. */
function newestListing(entries: WatchlistEntry[]): string | null {
  let best: string | null = null;
  for (const e of entries)
    if (e.listedOn && e.listedOn.length === 10 && (!best || e.listedOn > best)) best = e.listedOn;
  return best;
}

/**
 * Reads a set of list files into loaded lists, one per source found. OFAC's companion files
 * (add, alt, comments) join the primary file given beside them; a companion without its primary,
 * or a file of no known format, is an error naming it.
 */
export function loadLists(files: readonly ListFile[]): LoadedList[] {
  const groups = new Map<ListSource, Map<string, ListFile>>();
  for (const f of files) {
    const format = detectFormat(f);
    if (!format) throw new ListFormatError(`${f.name}: not a list format Weft reads`);
    const group = groups.get(format.source) ?? new Map<string, ListFile>();
    if (group.has(format.role))
      throw new ListFormatError(`${f.name}: a second ${format.source} ${format.role} file`);
    group.set(format.role, f);
    groups.set(format.source, group);
  }
  const out: LoadedList[] = [];
  for (const [source, group] of groups) {
    const text = (role: string) => {
      const f = group.get(role);
      return f ? decodeText(f.bytes) : undefined;
    };
    const ordered = [...group.values()].sort((a, b) => base(a.name).localeCompare(base(b.name)));
    const fallbackDate =
      ordered
        .map((f) => f.modifiedOn)
        .filter(Boolean)
        .sort()
        .at(-1) ?? null;
    let entries: WatchlistEntry[];
    let stated: string | null = null;
    switch (source) {
      case 'ofac_sdn':
      case 'ofac_consolidated': {
        const primary = text('primary');
        if (primary === undefined)
          throw new ListFormatError(`${ordered[0]!.name}: ${source} companion file without its primary file`);
        entries = parseOfac(
          { primary, addresses: text('add'), alternates: text('alt'), comments: text('comments') },
          source === 'ofac_sdn' ? 'US_SDN' : null,
        );
        break;
      }
      case 'un_consolidated': {
        const xml = text('xml')!;
        entries = parseUnXml(xml);
        stated = unDateGenerated(xml);
        break;
      }
      case 'bis_dpl':
        entries = parseBisDpl(text('tsv')!);
        break;
      case 'us_csl':
        entries = parseCsl(text('csv')!);
        break;
    }
    if (entries.length === 0)
      throw new ListFormatError(`${ordered[0]!.name}: no entries in the ${source} file`);
    out.push({
      source,
      version: version(ordered.map((f) => f.bytes)),
      publishedOn: stated ?? newestListing(entries) ?? fallbackDate,
      entries,
    });
  }
  return out;
}
