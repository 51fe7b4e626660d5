import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fecLinesFromGlEntries, type PostedGlEntry } from './fec.from-gl';
import { checkFecBalances, parseFec, type FecParseResult, type ParsedFecLine } from './fec.parse';
import { FEC_COLUMNS, fecFileName, formatFecAmount, writeFec, type FecLine } from './fec.write';

const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf-8');

const linesOf = (result: FecParseResult): ParsedFecLine[] => {
  if (!result.ok) throw new Error(`expected a valid FEC, got ${JSON.stringify(result.issues, null, 1)}`);
  return result.lines;
};

const HEADER =
  'JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\tCompAuxLib\t' +
  'PieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise';

const base: FecLine = {
  journalCode: 'VT',
  journalLib: 'Ventes',
  ecritureNum: 'VT-000001',
  ecritureDate: '2026-03-02',
  compteNum: '411',
  compteLib: 'Clients',
  compAuxNum: '411C0042',
  compAuxLib: 'Boulangerie Martin',
  pieceRef: 'F-2026-117',
  pieceDate: '2026-03-02',
  ecritureLib: 'Facture F-2026-117',
  debitMinor: 125000n,
  creditMinor: 0n,
  exponent: 2,
  ecritureLet: null,
  dateLet: null,
  validDate: '2026-03-03',
  montantDeviseMinor: null,
  deviseExponent: null,
  idevise: null,
};

const entry: FecLine[] = [
  base,
  {
    ...base,
    compteNum: '4718',
    compteLib: 'Opérations en attente - factures importées',
    compAuxNum: null,
    compAuxLib: null,
    debitMinor: 0n,
    creditMinor: 125000n,
  },
];

describe('writeFec', () => {
  it('starts with the exact header and ends every line with CRLF', () => {
    const text = writeFec(entry);
    expect(text.startsWith(`${HEADER}\r\n`)).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(FEC_COLUMNS.join('\t')).toBe(HEADER);
  });

  it('writes 18 fields on every line, dates AAAAMMJJ, comma decimals, empty for absent values', () => {
    const lines = writeFec(entry).split('\r\n').slice(0, -1);
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line.split('\t')).toHaveLength(18);
    expect(lines[1]?.split('\t')).toEqual([
      'VT',
      'Ventes',
      'VT-000001',
      '20260302',
      '411',
      'Clients',
      '411C0042',
      'Boulangerie Martin',
      'F-2026-117',
      '20260302',
      'Facture F-2026-117',
      '1250,00',
      '0,00',
      '',
      '',
      '20260303',
      '',
      '',
    ]);
    expect(lines[2]?.split('\t').slice(6, 8)).toEqual(['', '']);
  });

  it('formats amounts without thousands separators, whatever the exponent', () => {
    expect(formatFecAmount(123456789n, 2)).toBe('1234567,89');
    expect(formatFecAmount(0n, 2)).toBe('0,00');
    expect(formatFecAmount(-5n, 2)).toBe('-0,05');
    expect(formatFecAmount(165850n, 3)).toBe('165,850');
    expect(formatFecAmount(12345n, 0)).toBe('12345');
  });

  it('replaces tabs and line breaks inside fields so the columns never shift', () => {
    const text = writeFec([{ ...base, ecritureLib: 'Facture\tF-1\r\nsuite', compAuxLib: 'A\nB' }]);
    const line = text.split('\r\n')[1]!;
    expect(line.split('\t')).toHaveLength(18);
    expect(line).toContain('Facture F-1  suite');
    expect(line).toContain('A B');
  });

  it('writes the foreign-currency amount signed with its own decimals', () => {
    const text = writeFec([{ ...base, montantDeviseMinor: -10013n, deviseExponent: 2, idevise: 'USD' }]);
    expect(text.split('\r\n')[1]!.split('\t').slice(16)).toEqual(['-100,13', 'USD']);
  });

  it('refuses a date that is not a calendar day', () => {
    expect(() => writeFec([{ ...base, validDate: '2026-02-30' }])).toThrow(/ValidDate: "2026-02-30"/);
  });
});

describe('fecFileName', () => {
  it('is SIREN + FEC + closing date', () => {
    expect(fecFileName('552100554', '2025-12-31')).toBe('552100554FEC20251231.txt');
  });

  it('names the invalid SIREN', () => {
    expect(() => fecFileName('55210055', '2025-12-31')).toThrow('invalid SIREN "55210055"');
    expect(() => fecFileName('552 100 554', '2025-12-31')).toThrow(/invalid SIREN "552 100 554"/);
  });
});

describe('parseFec', () => {
  it('reads back what writeFec wrote', () => {
    const lines: FecLine[] = [
      ...entry,
      {
        ...base,
        ecritureNum: 'VT-000002',
        ecritureLet: 'AB',
        dateLet: '2026-04-01',
        montantDeviseMinor: 135000n,
        deviseExponent: 2,
        idevise: 'USD',
      },
      {
        ...base,
        ecritureNum: 'VT-000002',
        debitMinor: 0n,
        creditMinor: 125000n,
        montantDeviseMinor: -13500n,
        deviseExponent: 0,
        idevise: 'JPY',
      },
    ];
    const parsed = linesOf(parseFec(writeFec(lines)));
    expect(parsed.map(({ line: _line, ...rest }) => rest)).toEqual(lines);
    expect(parsed.map((l) => l.line)).toEqual([2, 3, 4, 5]);
  });

  it('reads the valid fixture, tab or pipe separated, CRLF or LF', () => {
    const tab = linesOf(parseFec(fixture('fec-valid.txt')));
    const pipe = linesOf(parseFec(fixture('fec-valid-pipe.txt')));
    expect(tab).toHaveLength(8);
    expect(pipe).toEqual(tab);
    expect(checkFecBalances(tab)).toEqual([]);
    const usd = tab[6]!;
    expect(usd).toMatchObject({
      ecritureDate: '2026-03-15',
      compAuxNum: '411C0077',
      debitMinor: 9212n,
      montantDeviseMinor: 10013n,
      idevise: 'USD',
    });
    expect(tab[4]).toMatchObject({ ecritureLet: 'A', dateLet: '2026-03-10' });
  });

  it('detects the unbalanced entry of an otherwise valid file', () => {
    const lines = linesOf(parseFec(fixture('fec-unbalanced.txt')));
    expect(checkFecBalances(lines)).toEqual([
      { journalCode: 'OD', ecritureNum: 'OD-000007', debit: 70000n, credit: 7000n },
    ]);
  });

  it('tells entries with the same number in different journals apart', () => {
    const lines = [
      { journalCode: 'VT', ecritureNum: '1', debitMinor: 100n, creditMinor: 0n },
      { journalCode: 'BQ', ecritureNum: '1', debitMinor: 0n, creditMinor: 100n },
    ];
    expect(checkFecBalances(lines).map((i) => i.journalCode)).toEqual(['VT', 'BQ']);
  });

  it('reports every problem of the broken fixture with its line and column, and no lines', () => {
    const result = parseFec(fixture('fec-broken.txt'));
    if (result.ok) throw new Error('the broken FEC was accepted');
    expect(result.issues.map((i) => `${i.line}:${i.field ?? '-'}`)).toEqual([
      '3:EcritureDate',
      '3:Credit',
      '4:-',
      '5:EcritureLib',
      '5:ValidDate',
      '5:CompAuxLib',
      '6:Debit',
      '6:Idevise',
    ]);
    expect(result.issues[0]?.message).toBe('"2026-03-02" is not a date written AAAAMMJJ');
    expect(result.issues[1]?.message).toMatch(/"1 200,00" is not an amount/);
    expect(result.issues[2]?.message).toBe('17 fields, 18 expected');
    expect(result.issues[6]?.message).toBe('"92,125" has 3 decimals, at most 2 expected');
  });

  it('checks the header column by column', () => {
    const renamed = HEADER.replace('EcritureLib', 'Libelle').replace('\tIdevise', '');
    const result = parseFec(`${renamed}\r\n`);
    expect(result).toEqual({
      ok: false,
      issues: [
        { line: 1, field: 'EcritureLib', message: 'column 11 should be EcritureLib, found "Libelle"' },
        { line: 1, field: 'Idevise', message: 'column 18 should be Idevise, it is missing' },
      ],
    });
    expect(parseFec('JournalCode;JournalLib\r\n')).toMatchObject({ ok: false, issues: [{ line: 1 }] });
    expect(parseFec('')).toEqual({
      ok: false,
      issues: [{ line: 1, field: undefined, message: 'the file is empty' }],
    });
  });

  it('says the Montant/Sens variant is not supported', () => {
    const variant = HEADER.replace('Debit\tCredit', 'Montant\tSens');
    const result = parseFec(`${variant}\r\n`);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues[0]?.message).toMatch(/Montant\/Sens variant/);
  });

  it('accepts a BOM, a dot decimal and an empty amount as zero; reads other exponents on request', () => {
    const line = writeFec([base]).split('\r\n')[1]!.replace('1250,00', '1250.5').replace('\t0,00\t', '\t\t');
    const [parsed] = linesOf(parseFec(`\uFEFF${HEADER}\n${line}\n`));
    expect(parsed).toMatchObject({ debitMinor: 125050n, creditMinor: 0n });
    const [kwd] = linesOf(parseFec(`${HEADER}\n${line}\n`, { exponent: 3 }));
    expect(kwd).toMatchObject({ debitMinor: 1250500n, exponent: 3 });
  });
});

describe('fecLinesFromGlEntries', () => {
  it('maps a posted GL entry, converted from USD, to FEC lines that round-trip and balance', () => {
    const posted: PostedGlEntry = {
      entryNumber: 'VT-000002',
      validDate: '2026-03-16',
      entry: {
        journal: { code: 'VT', label: 'Ventes' },
        entryDate: '2026-03-15',
        label: 'Pièce INV-US-9 Hudson & Co Ltd',
        pieceRef: 'INV-US-9',
        lines: [
          {
            account: '411',
            accountLabel: 'Clients',
            auxiliaryAccount: '411C0077',
            auxiliaryLabel: 'Hudson & Co Ltd',
            label: 'Pièce INV-US-9 Hudson & Co Ltd',
            debitMinor: 9212n,
            creditMinor: 0n,
            currency: 'EUR',
            originalAmountMinor: 10013n,
            originalCurrency: 'USD',
          },
          {
            account: '4718',
            accountLabel: 'Opérations en attente - factures importées',
            auxiliaryAccount: null,
            auxiliaryLabel: null,
            label: 'Pièce INV-US-9 Hudson & Co Ltd',
            debitMinor: 0n,
            creditMinor: 9212n,
            currency: 'EUR',
            originalAmountMinor: -10013n,
            originalCurrency: 'USD',
          },
        ],
      },
    };
    const lines = fecLinesFromGlEntries([posted]);
    expect(lines[0]).toMatchObject({
      ecritureNum: 'VT-000002',
      compAuxNum: '411C0077',
      compAuxLib: 'Hudson & Co Ltd',
      pieceDate: '2026-03-15',
      validDate: '2026-03-16',
      montantDeviseMinor: 10013n,
      idevise: 'USD',
    });
    expect(lines[1]).toMatchObject({ compAuxNum: null, compAuxLib: null, montantDeviseMinor: -10013n });
    const parsed = linesOf(parseFec(writeFec(lines)));
    expect(checkFecBalances(parsed)).toEqual([]);
    expect(writeFec(lines).split('\r\n')[1]).toContain('\t92,12\t0,00\t');
  });
});
