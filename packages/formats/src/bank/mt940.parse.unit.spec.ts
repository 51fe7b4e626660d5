import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BankStatement, StatementParseResult } from './bank-statement.types';
import { parseMt940 } from './mt940.parse';

const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf-8');

const statementsOf = (result: StatementParseResult): BankStatement[] => {
  if (!result.ok) throw new Error(`expected valid statements, got ${JSON.stringify(result.issues, null, 1)}`);
  return result.statements;
};

const issuesOf = (result: StatementParseResult) => {
  if (result.ok) throw new Error('expected issues, the file was accepted');
  return result.issues;
};

const eur = (amountMinor: bigint) => ({ amountMinor, currency: 'EUR' });

describe('parseMt940 on a file of two statements', () => {
  const [first, second] = statementsOf(parseMt940(fixture('mt940-sample.sta')));

  it('reads both statements, named :20:/:28C:, with their balances', () => {
    expect(first?.id).toBe('STMT231231/00312/001');
    expect(second?.id).toBe('STMT240102/00001/001');
    expect(first?.format).toBe('mt940');
    expect(first?.openingBalance).toEqual(eur(1500000n));
    expect(first?.closingBalance).toEqual(eur(1658050n));
    expect(second?.openingBalance).toEqual(eur(1658050n));
    expect(second?.closingBalance).toEqual(eur(1735300n));
  });

  it('reads the account as an IBAN, with or without a currency suffix', () => {
    const account = { iban: 'BE68539007547034', otherId: null, currency: 'EUR', bic: null, ownerName: null };
    expect(first?.account).toEqual(account);
    expect(second?.account).toEqual(account);
  });

  it('locates each entry at its :61: line and takes the bank reference after //', () => {
    expect(
      first?.entries.map((e) => [e.location, e.bankReference, e.direction, e.amount.amountMinor]),
    ).toEqual([
      ['line 6', 'BK23123100001', 'credit', 125000n],
      ['line 11', 'BK23123100002', 'debit', 15000n],
      ['line 15', 'BK23123100003', 'credit', 48050n],
    ]);
    expect(
      second?.entries.map((e) => [e.location, e.bankReference, e.direction, e.amount.amountMinor]),
    ).toEqual([
      ['line 27', 'BK24010200001', 'credit', 73500n],
      ['line 30', 'auto:STMT240102/00001/001:2024-01-02:D12.50:1', 'debit', 1250n],
      ['line 32', 'BK24010200003', 'credit', 15000n],
      ['line 35', 'BK24010200004', 'debit', 10000n],
    ]);
  });

  it('puts an entry date across the new year in the right year, both ways', () => {
    expect(first?.entries[0]).toMatchObject({ valueDate: '2024-01-02', bookingDate: '2023-12-31' });
    expect(second?.entries[0]).toMatchObject({ valueDate: '2023-12-29', bookingDate: '2024-01-02' });
    expect(first?.entries[1]).toMatchObject({ valueDate: '2023-12-31', bookingDate: '2023-12-31' });
  });

  it('reads the /KEYWORD/ layout of :86: across its cut lines', () => {
    expect(first?.entries[0]?.transactions[0]).toMatchObject({
      endToEndId: 'E2E-BM-231231',
      accountServicerReference: 'BK23123100001',
      counterparty: {
        name: 'Boulangerie Martin SARL',
        iban: 'FR1420041010050500013M02606',
        bic: 'PSSTFRPPPAR',
      },
      remittance: { structured: ['RF82INV24001'], unstructured: [] },
    });
    expect(first?.entries[1]?.transactions[0]?.remittance).toEqual({
      structured: [],
      unstructured: ['Remboursement trop-percu Q-2023-310'],
    });
  });

  it('reads the ?-subfield layout of :86:, joining purpose lines cut mid-word', () => {
    expect(first?.entries[2]?.transactions[0]).toMatchObject({
      endToEndId: null,
      counterparty: { name: 'Jan Peeters', iban: 'BE71096123456769', bic: 'GKCCBEBB' },
      remittance: { structured: [], unstructured: ['FACT 2023-0412 / INV-23088'] },
    });
  });

  it('keeps free text :86: as one line', () => {
    expect(second?.entries[0]?.transactions[0]?.remittance.unstructured).toEqual([
      'Virement Claire Lefevre FACT 2023-0415 + 2023-0416',
    ]);
  });

  it('reads a return reason and a reversal of a credit as a debit', () => {
    expect(second?.entries[2]?.transactions[0]).toMatchObject({
      returnReason: 'AC04',
      endToEndId: 'REFUND-2023-0042',
      counterparty: { name: 'Marc Janssens', iban: 'BE43068999999501' },
    });
    expect(second?.entries[3]).toMatchObject({ direction: 'debit', reversal: true });
    expect(second?.entries[3]?.transactions[0]?.remittance.structured).toEqual(['024000567833']);
  });

  it('takes the customer reference as end-to-end id when :86: has none, but not NONREF', () => {
    expect(first?.entries[1]?.transactions[0]?.endToEndId).toBe('REFUND-2023-0042');
    expect(second?.entries[0]?.transactions[0]?.endToEndId).toBeNull();
  });

  it('reads Windows line ends and bare statements without message blocks the same', () => {
    const bare = fixture('mt940-sample.sta')
      .split('\n')
      .filter((line) => !line.startsWith('{') && line !== '-}')
      .join('\r\n');
    const statements = statementsOf(parseMt940(bare));
    expect(statements.map((s) => [s.id, s.entries.length])).toEqual([
      ['STMT231231/00312/001', 3],
      ['STMT240102/00001/001', 4],
    ]);
  });
});

describe('parseMt940 rejects', () => {
  it('a statement that does not add up, at its closing balance', () => {
    expect(issuesOf(parseMt940(fixture('mt940-unbalanced.sta')))).toEqual([
      {
        location: 'line 16',
        message:
          'statement UNBAL-2/00003/001: opening 1000.00 + credits 250.00 − debits 100.00 = 1150.00, but the closing balance is 1200.00',
      },
    ]);
  });

  it('every bad amount, date and missing field, by line', () => {
    const issues = issuesOf(parseMt940(fixture('mt940-broken.sta')));
    expect(issues.map((issue) => issue.location)).toEqual([
      'line 5',
      'line 7',
      'line 9',
      'line 10',
      'line 11',
      'line 12',
    ]);
    expect(issues[0]?.message).toContain('"1.250,00" is not an MT940 amount');
    expect(issues[1]?.message).toContain('"240230" is not a value date');
    expect(issues[2]?.message).toContain('"1332" is not an entry date');
    expect(issues[3]?.message).toContain('"35,123" has 3 decimals');
    expect(issues[4]?.message).toMatch(/^:62F:/);
    expect(issues[5]?.message).toContain(':28C:');
  });

  it('a file without any :20:, and an empty one', () => {
    expect(issuesOf(parseMt940('hello\nworld\n'))[0]?.message).toContain('no :20:');
    expect(issuesOf(parseMt940(''))[0]?.message).toBe('the file is empty');
  });

  it('fields before the first :20:', () => {
    expect(issuesOf(parseMt940(':25:BE68539007547034\n'))).toEqual([
      { location: 'line 1', message: 'field :25: comes before any :20:' },
    ]);
  });
});

describe('parseMt940 reads', () => {
  const statement = (account: string, lines: string[]): string =>
    [':20:T1', `:25:${account}`, ':28C:1', ':60F:C240101EUR100,00', ...lines, ':62F:C240101EUR100,00'].join(
      '\n',
    );

  it('a domestic account number, with a BIC before it and a currency after it', () => {
    const [parsed] = statementsOf(parseMt940(statement('COBADEFFXXX/10020030/1234567890EUR', [])));
    expect(parsed?.account).toMatchObject({ iban: null, otherId: '10020030/1234567890', bic: 'COBADEFFXXX' });
  });

  it('an RD entry as a credit reversing a debit, with a funds code', () => {
    const [parsed] = statementsOf(
      parseMt940(
        statement('BE68539007547034', [':61:240101RDR5,00NTRFNONREF//B1', ':61:240101D5,00NTRFNONREF//B2']),
      ),
    );
    expect(parsed?.entries.map((e) => [e.direction, e.reversal, e.amount.amountMinor])).toEqual([
      ['credit', true, 500n],
      ['debit', false, 500n],
    ]);
  });

  it('a German purpose with SEPA keywords', () => {
    const [parsed] = statementsOf(
      parseMt940(
        statement('BE68539007547034', [
          ':61:240101C5,00NTRFNONREF//B1',
          ':86:166?00SEPA-GUTSCHRIFT?20EREF+E2E-77?21SVWZ+RF18 5390 0754 7034?22 Rechnung 12?30COBADEFFXXX?31DE89370400440532013000?32HOFFMANN LOGISTIK GMBH UND C?33O KG',
          ':61:240101D5,00NTRFNONREF//B2',
        ]),
      ),
    );
    expect(parsed?.entries[0]?.transactions[0]).toMatchObject({
      endToEndId: 'E2E-77',
      counterparty: {
        name: 'HOFFMANN LOGISTIK GMBH UND CO KG',
        iban: 'DE89370400440532013000',
        bic: 'COBADEFFXXX',
      },
      remittance: { structured: [], unstructured: ['RF18 5390 0754 7034 Rechnung 12'] },
    });
  });

  it('a counterparty from /CNTP/ and ignores an :86: that belongs to the statement', () => {
    const [parsed] = statementsOf(
      parseMt940(
        [
          ':20:T2',
          ':25:BE68539007547034',
          ':28C:1',
          ':60F:C240101EUR0,',
          ':61:240101C10,NTRFNONREF//B1',
          ':86:/CNTP/NL91ABNA0417164300/ABNANL2A/DE VRIES BV/UTRECHT/REMI/USTD//INV-24080/',
          ':62F:C240101EUR10,',
          ':86:closing remarks',
        ].join('\n'),
      ),
    );
    expect(parsed?.entries).toHaveLength(1);
    expect(parsed?.entries[0]?.transactions[0]).toMatchObject({
      counterparty: { name: 'DE VRIES BV', iban: 'NL91ABNA0417164300', bic: 'ABNANL2A' },
      remittance: { unstructured: ['INV-24080'] },
    });
  });

  it('Windows-1252 bytes', () => {
    const text = statement('BE68539007547034', [
      ':61:240101C5,00NTRFNONREF//B1',
      ':86:Gutschrift Müller',
      ':61:240101D5,00NTRFNONREF//B2',
    ]);
    const bytes = Uint8Array.from([...text].map((c) => c.charCodeAt(0)));
    const [parsed] = statementsOf(parseMt940(bytes));
    expect(parsed?.entries[0]?.transactions[0]?.remittance.unstructured).toEqual(['Gutschrift Müller']);
  });
});
