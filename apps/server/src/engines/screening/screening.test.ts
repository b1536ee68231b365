import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { countryCode } from './countries';
import { parseDelimited } from './lists/csv';
import { detectFormat, type ListFile, ListFormatError, loadLists } from './lists/load';
import { parseListDate } from './lists/ofac';
import { parseUnXml } from './lists/un';
import { foldText, prepareName, transliterate } from './normalize';
import { DEFAULT_WEIGHTS, dateSimilarity, prepareQuery, type ScreeningQuery, scoreEntry } from './score';
import { screenEntity, screenIndividual } from './screen';
import { ScreeningIndex } from './search-index';

/** Weft's own invented list files, one per published format (fixtures/). */
const file = (name: string): ListFile => ({
  name: `fixtures/${name}`,
  bytes: fs.readFileSync(path.join(__dirname, 'fixtures', name)),
  modifiedOn: '2026-01-01',
});
const ALL = [
  'sdn.csv',
  'alt.csv',
  'add.csv',
  'sdn_comments.csv',
  'cons_prim.csv',
  'cons_alt.csv',
  'un.xml',
  'dpl.txt',
  'csl.csv',
];

describe('name preparation', () => {
  it.each([
    ['MADURO MOROS, Nicolas', 'individual', 'nicolas maduro moros'],
    ['Nicolás  Maduro', 'individual', 'nicolas maduro'],
    ['Dr. Karim Al-Farsi', 'individual', 'karim al farsi'],
    ['Sheikh Mr Omar', 'individual', 'omar'],
    ["Seán O'Brien", 'individual', 'sean obrien'],
    ['Владимир Путин', 'individual', 'vladimir putin'],
    ['Юлия Щербакова', 'individual', 'yuliya shcherbakova'],
    ['Αλέξης Τσίπρας', 'individual', 'alexis tsipras'],
    ['محمد', 'individual', 'mhmd'],
    ['يوسف', 'individual', 'yusf'],
    ['Straße', 'individual', 'strasse'],
    ['BLUE HERON TRADING CO., LTD.', 'entity', 'blue heron trading'],
    ['OOO Northwind Petroleum', 'entity', 'northwind petroleum'],
    ['Blue Heron Trading Company Limited', 'entity', 'blue heron trading'],
    // One word alone keeps its legal form.
    ['OOO Northwind', 'entity', 'ooo northwind'],
    ['Acme GmbH', 'entity', 'acme gmbh'],
    ['ACME Corporation', 'entity', 'acme corporation'],
    ['Bella Ltd LLC', 'entity', 'bella ltd'],
    ['A.I.C. SOGO KENKYUSHO', 'entity', 'a i c sogo kenkyusho'],
    ['Limited', 'entity', 'limited'],
    ['Mr', 'individual', 'mr'],
  ] as const)('%s (%s) → %s', (raw, kind, expected) => {
    expect(prepareName(raw, kind).join(' ')).toBe(expected);
  });

  it('folds case, accents and punctuation and transliterates only the scripts it knows', () => {
    expect(foldText('  ÉLODIE -- d’Arc!! ')).toBe('elodie darc');
    expect(transliterate('Zürich 東京')).toBe('Zürich 東京');
  });

  it('knows countries by name, alias and code', () => {
    expect(['Russia', 'Korea, North', 'Burma', 'de', 'Iran', 'Nowhere'].map(countryCode)).toEqual([
      'RU',
      'KP',
      'MM',
      'DE',
      'IR',
      null,
    ]);
  });

  it('reads list dates at every precision', () => {
    expect(
      ['03 Mar 1980', 'Mar 1980', 'circa 1975', '1969-11-30', '01/15/2021', 'unknown'].map(parseListDate),
    ).toEqual(['1980-03-03', '1980-03', '1975', '1969-11-30', '2021-01-15', null]);
    expect(dateSimilarity('1980-03-03', '1980-03-03')).toBe(1);
    expect(dateSimilarity('1980-03-03', '1980')).toBe(1);
    expect(dateSimilarity('1980-03-03', '1980-04-03')).toBeCloseTo(0.97, 2);
    expect(dateSimilarity('1980-03-03', '1990-03-03')).toBeLessThan(0.7);
  });

  it('splits quoted, multi-line delimited text', () => {
    expect(parseDelimited('a,"b ""c"", d",\n"x\ny",2\r\n\n3,')).toEqual([
      ['a', 'b "c", d', ''],
      ['x\ny', '2'],
      ['3', ''],
    ]);
    expect(parseDelimited('"a"\t"b c"\n', '\t')).toEqual([['a', 'b c']]);
  });
});

describe('list files', () => {
  it('detects each format from its name and content', () => {
    expect(ALL.map((n) => detectFormat(file(n))?.source)).toEqual([
      'ofac_sdn',
      'ofac_sdn',
      'ofac_sdn',
      'ofac_sdn',
      'ofac_consolidated',
      'ofac_consolidated',
      'un_consolidated',
      'bis_dpl',
      'us_csl',
    ]);
    expect(detectFormat({ name: 'notes.txt', bytes: new TextEncoder().encode('hello') })).toBeNull();
    expect(() => loadLists([{ name: 'x.csv', bytes: new TextEncoder().encode('a,b') }])).toThrow(
      ListFormatError,
    );
    expect(() => loadLists([file('alt.csv')])).toThrow(/without its primary/);
  });

  it('loads every format with names, dates, documents, countries and a version and date', () => {
    const lists = loadLists(ALL.map(file));
    const by = Object.fromEntries(lists.map((l) => [l.source, l]));
    expect(Object.keys(by).sort()).toEqual([
      'bis_dpl',
      'ofac_consolidated',
      'ofac_sdn',
      'un_consolidated',
      'us_csl',
    ]);
    for (const l of lists) expect(l.version).toMatch(/^[0-9a-f]{16}$/);
    expect(by.un_consolidated!.publishedOn).toBe('2026-05-01');
    expect(by.ofac_sdn!.publishedOn).toBe('2026-01-01');
    expect(by.bis_dpl!.publishedOn).toBe('2021-01-15');

    const sdn = by.ofac_sdn!.entries;
    const yelena = sdn.find((e) => e.sourceUid === '101')!;
    expect(yelena).toMatchObject({
      list: 'US_SDN',
      type: 'individual',
      datesOfBirth: ['1980-03-03'],
      countries: ['RU'],
      documents: [{ type: 'passport', number: '7700112233' }],
      emails: ['yelena.v@example.org'],
      gender: 'female',
    });
    expect(yelena.names.map((n) => n.full)).toEqual(['VORONTSOVA, Yelena Petrovna', 'VORONTSOVA, Elena']);
    expect(yelena.locations).toEqual([{ full: 'ul. Lesnaya 5, Moscow, Russia', country: 'RU' }]);
    const heron = sdn.find((e) => e.sourceUid === '102')!;
    expect(heron.type).toBe('entity');
    expect(heron.names.map((n) => n.full)).toContain('BLUE HERON TRADERS');
    expect(heron.programs).toEqual(['SDGT', 'IRAN']);
    expect(heron.documents).toEqual([{ type: 'business_number', number: '44556677' }]);
    const vessel = sdn.find((e) => e.sourceUid === '103')!;
    expect(vessel).toMatchObject({ type: 'vessel', countries: ['PA'] });
    expect(vessel.identifiers).toEqual(['ZZ9Q1', '9100001']);
    expect(sdn.find((e) => e.sourceUid === '104')!.datesOfBirth).toEqual(['1975', '1976']);

    const cons = by.ofac_consolidated!.entries;
    expect(cons.map((e) => [e.sourceUid, e.list, e.type])).toEqual([
      ['201', 'US_SSI', 'entity'],
      ['202', 'US_PLC', 'individual'],
    ]);

    const un = by.un_consolidated!.entries;
    expect(un[0]).toMatchObject({
      list: 'IZ_UNC',
      sourceUid: '500',
      datesOfBirth: ['1969-11-30'],
      countries: ['CZ'],
      documents: [{ type: 'passport', number: 'CZ 4455' }],
      listedOn: '2020-02-02',
    });
    expect(un[0]!.names).toEqual([
      { full: 'TOMAS ZELENKA', primary: true, weak: false },
      { full: 'Томас Зеленка', primary: false, weak: false },
      { full: 'Tom Z', primary: false, weak: true },
    ]);
    expect(un[0]!.gender).toBeUndefined();
    expect(un[1]).toMatchObject({ type: 'entity', countries: ['CH'] });
    const [withGender] = parseUnXml(
      '<INDIVIDUALS><INDIVIDUAL><DATAID>7</DATAID><FIRST_NAME>A</FIRST_NAME><GENDER>Male</GENDER></INDIVIDUAL></INDIVIDUALS>',
    );
    expect(withGender!.gender).toBe('male');
    expect(un[1]!.names[1]!.full).toBe('Fondation Lanterne Gris&e');

    expect(by.bis_dpl!.entries.map((e) => [e.list, e.names[0]!.full, e.countries])).toEqual([
      ['US_DPL', 'PELLEGRINO OSTROWSKI', ['US']],
      ['US_DPL', 'MARGIT FENWICK', ['CA']],
    ]);
    const csl = by.us_csl!.entries;
    expect(csl[0]).toMatchObject({ list: 'US_TEL', type: 'entity', countries: ['CN'] });
    expect(csl[0]!.names.map((n) => n.full)).toEqual([
      'Quartz Meridian Electronics',
      'QME',
      'Quartz Meridian Elec.',
    ]);
    expect(csl[0]!.documents).toEqual([{ type: 'business_number', number: '90001122' }]);
    expect(csl[1]).toMatchObject({
      list: 'US_ISN',
      type: 'individual',
      datesOfBirth: ['1988-08-08'],
      countries: ['NG'],
      documents: [{ type: 'passport', number: 'A1234567' }],
    });
  });
});

describe('screening', () => {
  const index = new ScreeningIndex(loadLists(ALL.map(file)).flatMap((l) => l.entries));
  const everyList = ['US_SDN', 'US_SSI', 'US_PLC', 'IZ_UNC', 'US_DPL', 'US_TEL', 'US_ISN'] as const;
  const person = (
    name: string,
    extra = {},
    sensitivity: 'coarse' | 'balanced' | 'strict' | 'exact' = 'balanced',
  ) =>
    screenIndividual(index, { name, ...extra }, { lists: everyList, sensitivity }).map(
      (h) => h.entry.sourceUid,
    );

  it('finds people by reordered, transliterated, shortened and misspelt names', () => {
    expect(person('Yelena Petrovna Vorontsova')).toEqual(['101']);
    expect(person('Vorontsova, Yelena')).toEqual(['101']);
    expect(person('Елена Воронцова')).toEqual(['101']);
    expect(person('Yelena Vorontsva')).toEqual(['101']);
    expect(person('Томас Зеленка')).toEqual(['500']);
    expect(person('Kareem Al Farsi')).toEqual(['104']);
    expect(person('Pellegrino Ostrowski')).toEqual(['PELLEGRINO OSTROWSKI']);
    expect(person('Adaeze Okonkwo')).toEqual(['a2']);
  });

  it('does not hit unrelated people, nor organisations when screening a person', () => {
    expect(person('John Smith')).toEqual([]);
    expect(person('Maria Garcia Lopez')).toEqual([]);
    expect(person('Blue Heron Trading')).toEqual([]);
  });

  it('lets a date of birth or country filter and boost, and a document decide', () => {
    const [plain] = screenIndividual(
      index,
      { name: 'Elena Vorontsova' },
      { lists: everyList, sensitivity: 'balanced' },
    );
    const [withDob] = screenIndividual(
      index,
      { name: 'Elena Vorontsova', dateOfBirth: '1980-03-03', country: 'RU' },
      { lists: everyList, sensitivity: 'balanced' },
    );
    expect(withDob!.score.score).toBeGreaterThan(plain!.score.score);
    expect(withDob!.score.analysis).toMatchObject({
      datesOfBirth: 'match',
      locations: 'match',
      names: 'match',
    });
    expect(person('Elena Vorontsova', { dateOfBirth: '1951-10-10' })).toEqual([]);
    const byPassport = screenIndividual(
      index,
      { name: 'Someone Else', documentNumber: '77-0011-2233' },
      { lists: everyList, sensitivity: 'strict' },
    );
    expect(byPassport.map((h) => [h.entry.sourceUid, h.score.decidedBy, h.score.analysis.documents])).toEqual(
      [['101', 'document', 'match']],
    );
  });

  it('scores an entry from its pieces: documents, identifiers, dates, countries and gender', () => {
    const at = (uid: string) => index.entries.findIndex((e) => e.sourceUid === uid);
    const score = (uid: string, q: Omit<ScreeningQuery, 'kind'>, w = DEFAULT_WEIGHTS) => {
      const e = at(uid);
      const entry = index.entries[e]!;
      const names = index.namesOf[e]!.map((n) => index.names[n]!);
      const kind = entry.type === 'individual' ? 'individual' : 'entity';
      return scoreEntry(prepareQuery({ ...q, kind }), entry, names, w);
    };
    // An identity document decides; the name sets how close to 1 the score is.
    const sameName = score('101', { name: 'Yelena Petrovna Vorontsova', documentNumber: '7700112233' });
    const otherName = score('101', { name: 'Someone Else', documentNumber: '7700112233' });
    expect([sameName.decidedBy, sameName.score]).toEqual(['document', 1]);
    expect(otherName.decidedBy).toBe('document');
    expect(otherName.score).toBeCloseTo(0.9 + 0.1 * otherName.nameScore, 10);
    expect(otherName.score).toBeLessThan(1);
    // An IMO number, an e-mail: score 1 whatever the name.
    expect(score('103', { name: 'Unnamed tanker', documentNumber: 'IMO 9100001' }).score).toBe(1);
    expect(score('101', { name: 'Someone Else', email: 'Yelena.V@example.org' }).score).toBe(1);
    // A differing document weighs 110, a differing vessel identifier 55.
    const plain = score('101', { name: 'Yelena Vorontsova' });
    const otherDoc = score('101', { name: 'Yelena Vorontsova', documentNumber: '1234567' });
    expect(otherDoc.analysis.documents).toBe('no_match');
    const n = 35 * 1.2 * plain.nameScore;
    expect(otherDoc.score).toBeCloseTo((n / (42 + 110)) * 0.9 * 0.95, 10);
    const vessel = score('103', { name: 'Morning Cormorant', identifiers: ['XX000'] });
    expect(vessel.score).toBeCloseTo((42 / (42 + 55)) * 0.9 * 0.95, 10);
    // A date of birth agreeing does not lift the name-only discount; a country does.
    const noNameOnly = { ...DEFAULT_WEIGHTS, nameOnlyFactor: 1 };
    const dob = { name: 'Yelena Vorontsova', dateOfBirth: '1980-03-03' };
    expect(score('101', dob).score).toBeCloseTo(score('101', dob, noNameOnly).score * 0.95, 10);
    const country = { name: 'Yelena Vorontsova', country: 'RU' };
    expect(score('101', country).score).toBe(score('101', country, noNameOnly).score);
    // Gender: the list's own adds nothing, another one costs 5%.
    expect(score('101', { ...dob, gender: 'F' }).score).toBe(score('101', dob).score);
    expect(score('101', { ...dob, gender: 'male' }).score).toBeCloseTo(score('101', dob).score * 0.95, 10);
  });

  it('screens only the lists asked for, at the sensitivity asked for', () => {
    expect(
      screenIndividual(index, { name: 'Tomas Zelenka' }, { lists: ['US_SDN'], sensitivity: 'coarse' }),
    ).toEqual([]);
    expect(person('Tomas Zelenka')).toEqual(['500']);
    expect(person('Tomas Zelenko', {}, 'exact')).toEqual([]);
    expect(person('Tomas Zelenka', {}, 'exact')).toEqual(['500']);
  });

  it('finds organisations and vessels by name, alias and identifier', () => {
    const entity = (name: string, extra = {}) =>
      screenEntity(index, { name, ...extra }, { lists: everyList, sensitivity: 'balanced' }).map(
        (h) => h.entry.sourceUid,
      );
    expect(entity('Blue Heron Trading Company Limited')).toEqual(['102']);
    expect(entity('Blue Heron Traders LLC')).toEqual(['102']);
    expect(entity('Morning Cormorant')).toEqual(['103']);
    expect(entity('Unnamed tanker', { documentNumber: 'IMO 9100001' })).toEqual(['103']);
    expect(entity('Northwind Petroleum')).toEqual(['201']);
    expect(entity('Grey Lantern Foundation')).toEqual(['600']);
    expect(entity('Quartz Meridian Electronics Co')).toEqual(['a1']);
    expect(entity('Yelena Vorontsova')).toEqual([]);
    expect(entity('Second Time Around')).toEqual([]);
  });
});
