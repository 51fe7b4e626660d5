import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BankStatement, StatementParseResult } from './bank-statement.types';
import { detectCamtFormat, parseCamt } from './camt.parse';

const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf-8');

const statementsOf = (result: StatementParseResult): BankStatement[] => {
  if (!result.ok)
    throw new Error(`expected a valid statement, got ${JSON.stringify(result.issues, null, 1)}`);
  return result.statements;
};

const onlyStatement = (result: StatementParseResult): BankStatement => {
  const statements = statementsOf(result);
  expect(statements).toHaveLength(1);
  const [statement] = statements;
  if (statement === undefined) throw new Error('no statement');
  return statement;
};

const issuesOf = (result: StatementParseResult) => {
  if (result.ok) throw new Error('expected issues, the file was accepted');
  return result.issues;
};

const eur = (amountMinor: bigint) => ({ amountMinor, currency: 'EUR' });

describe('parseCamt on camt.053.001.02', () => {
  const statement = onlyStatement(parseCamt(fixture('camt053-v02.xml')));

  it('reads the statement, its account and both balances', () => {
    expect(statement.format).toBe('camt.053.001.02');
    expect(statement.id).toBe('BE68539007547034-20240305');
    expect(statement.createdAt).toBe('2024-03-05T22:14:03');
    expect(statement.account).toEqual({
      iban: 'BE68539007547034',
      otherId: null,
      currency: 'EUR',
      bic: 'GEBABEBB',
      ownerName: 'Quittance Recouvrement SRL',
    });
    expect(statement.openingBalance).toEqual(eur(1250000n));
    expect(statement.closingBalance).toEqual(eur(1695300n));
  });

  it('reads every entry with its bank reference, direction, amount and status', () => {
    expect(
      statement.entries.map((e) => [
        e.location,
        e.bankReference,
        e.direction,
        e.amount.amountMinor,
        e.status,
      ]),
    ).toEqual([
      ['Stmt[0]/Ntry[0]', '2024030500001', 'credit', 125000n, 'booked'],
      ['Stmt[0]/Ntry[1]', '2024030500002', 'credit', 48050n, 'booked'],
      ['Stmt[0]/Ntry[2]', '2024030500003', 'credit', 200000n, 'booked'],
      ['Stmt[0]/Ntry[3]', '2024030500004', 'credit', 73500n, 'booked'],
      ['Stmt[0]/Ntry[4]', '2024030500005', 'debit', 15000n, 'booked'],
      ['Stmt[0]/Ntry[5]', '2024030500006', 'credit', 15000n, 'booked'],
      ['Stmt[0]/Ntry[6]', 'auto:BE68539007547034-20240305:2024-03-05:D12.50:6', 'debit', 1250n, 'booked'],
      ['Stmt[0]/Ntry[7]', '2024030500008', 'credit', 9900n, 'pending'],
    ]);
  });

  it('keeps creditor references as given and free text line by line', () => {
    const remittances = statement.entries.map((e) => e.transactions.map((t) => t.remittance));
    expect(remittances[0]).toEqual([{ structured: ['RF82INV24001'], unstructured: [] }]);
    expect(remittances[1]).toEqual([{ structured: ['024000123451'], unstructured: [] }]);
    expect(remittances[2]).toEqual([
      { structured: [], unstructured: ['FACT 2024-0012 / INV-24002', 'Solde dossier Q-2024-117'] },
    ]);
    expect(remittances[6]).toEqual([
      { structured: [], unstructured: ['Frais de gestion de compte mars 2024'] },
    ]);
  });

  it('splits a batch into its transactions, each with its own amount and payer', () => {
    const batch = statement.entries[3];
    expect(batch?.transactions.map((t) => [t.amount.amountMinor, t.counterparty.name, t.remittance])).toEqual(
      [
        [25000n, 'Claire Lefèvre', { structured: ['RF17INV24007'], unstructured: [] }],
        [18500n, 'Hoffmann Logistik GmbH', { structured: [], unstructured: ['INV-24019'] }],
        [30000n, 'De Vries Installatietechniek BV', { structured: ['RF83CASE2024117'], unstructured: [] }],
      ],
    );
    expect(batch?.transactions[2]?.instructionId).toBe('ORD-88412');
  });

  it('names the payer of a credit and the payee of a debit, with account and bank', () => {
    expect(statement.entries[0]?.transactions[0]?.counterparty).toEqual({
      name: 'Boulangerie Martin SARL',
      iban: 'FR1420041010050500013M02606',
      bic: 'PSSTFRPPPAR',
    });
    expect(statement.entries[2]?.transactions[0]?.counterparty.name).toBe('Garage Dubois & Fils');
    expect(statement.entries[4]?.transactions[0]?.counterparty).toEqual({
      name: 'Marc Janssens',
      iban: 'BE43068999999501',
      bic: 'GKCCBEBB',
    });
  });

  it('reads a returned refund with its reason and the customer, not ourselves, as counterparty', () => {
    const returned = statement.entries[5]?.transactions[0];
    expect(returned?.returnReason).toBe('AC04');
    expect(returned?.endToEndId).toBe('REFUND-2024-0007');
    expect(returned?.counterparty.name).toBe('Marc Janssens');
  });

  it('reads NOTPROVIDED as no end-to-end id', () => {
    expect(statement.entries[1]?.transactions[0]?.endToEndId).toBeNull();
    expect(statement.entries[0]?.transactions[0]?.endToEndId).toBe('E2E-BM-240301');
  });

  it('dates a pending entry without booking date by its value date', () => {
    expect(statement.entries[7]).toMatchObject({ bookingDate: '2024-03-06', valueDate: '2024-03-06' });
    expect(statement.entries[2]).toMatchObject({ bookingDate: '2024-03-05', valueDate: '2024-03-04' });
  });
});

describe('parseCamt on camt.053.001.08', () => {
  it('reads the same statement as the 001.02 file, from the 001.08 syntax', () => {
    const v02 = onlyStatement(parseCamt(fixture('camt053-v02.xml')));
    const v08 = onlyStatement(parseCamt(fixture('camt053-v08.xml')));
    expect(v08.format).toBe('camt.053.001.08');
    expect({ ...v08, format: v02.format }).toEqual(v02);
  });
});

describe('parseCamt on camt.054.001.08', () => {
  const notification = onlyStatement(parseCamt(fixture('camt054-v08.xml')));

  it('reads a notification without balances', () => {
    expect(notification.format).toBe('camt.054.001.08');
    expect(notification.id).toBe('NTF-20240306-0931');
    expect(notification.openingBalance).toBeNull();
    expect(notification.closingBalance).toBeNull();
    expect(notification.entries.map((e) => e.location)).toEqual([
      'Ntfctn[0]/Ntry[0]',
      'Ntfctn[0]/Ntry[1]',
      'Ntfctn[0]/Ntry[2]',
    ]);
  });

  it('takes the booking date of a date-time as written', () => {
    expect(notification.entries[0]?.bookingDate).toBe('2024-03-06');
  });

  it('keeps a framed OGM as given', () => {
    expect(notification.entries[1]?.transactions[0]?.remittance.structured).toEqual(['+++024/0005/67833+++']);
  });
});

describe('parseCamt rejects', () => {
  it('a statement that does not add up, with the arithmetic', () => {
    expect(issuesOf(parseCamt(fixture('camt053-unbalanced.xml')))).toEqual([
      {
        location: 'Stmt[0]',
        message:
          'statement BE68539007547034-20240306: opening 1000.00 + credits 250.00 − debits 100.00 = 1150.00, but the closing balance is 1200.00',
      },
    ]);
  });

  it('every problem of a broken statement, each at its element', () => {
    const issues = issuesOf(parseCamt(fixture('camt053-broken.xml')));
    expect(issues.map((issue) => issue.location)).toEqual([
      'Stmt[0]/Bal',
      'Stmt[0]/Ntry[0]/Amt',
      'Stmt[0]/Ntry[1]/CdtDbtInd',
      'Stmt[0]/Ntry[2]',
      'Stmt[0]/Ntry[3]/BookgDt',
      'Stmt[0]/Ntry[4]/Amt',
    ]);
    expect(issues[0]?.message).toContain('no closing balance');
    expect(issues[1]?.message).toContain('"12,50"');
    expect(issues[3]?.message).toBe('the 2 transactions add up to 300.00 but the entry amount is 350.00');
    expect(issues[4]?.message).toContain('2024-02-30');
  });

  it('malformed XML with one issue at its line', () => {
    const issues = issuesOf(parseCamt(fixture('camt053-malformed.xml')));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.location).toBe('line 13');
    expect(issues[0]?.message).toMatch(/^the file is not well-formed XML/);
  });

  it('a camt version it does not read, saying which', () => {
    const v04 = fixture('camt053-v02.xml').replace('camt.053.001.02', 'camt.053.001.04');
    expect(issuesOf(parseCamt(v04))[0]?.message).toContain('camt.053.001.04 is not supported');
  });

  it('XML that is not camt, and an empty file', () => {
    expect(issuesOf(parseCamt('<Document xmlns="urn:example"><A/></Document>'))).toHaveLength(1);
    expect(issuesOf(parseCamt(''))[0]?.message).toBe('the file is empty');
  });

  it('a batch transaction without an amount', () => {
    const xml = fixture('camt053-v02.xml').replace(
      /<AmtDtls>\s*<TxAmt>\s*<Amt Ccy="EUR">185\.00<\/Amt>\s*<\/TxAmt>\s*<\/AmtDtls>/,
      '',
    );
    expect(issuesOf(parseCamt(xml))).toEqual([
      {
        location: 'Stmt[0]/Ntry[3]/NtryDtls[0]/TxDtls[1]',
        message: 'a transaction of a batch needs its own amount in EUR (Amt or AmtDtls/TxAmt/Amt)',
      },
    ]);
  });
});

describe('parseCamt reads', () => {
  it('bytes, and a Latin-1 file that says so', () => {
    const xml = fixture('camt053-v02.xml').replace('encoding="UTF-8"', 'encoding="ISO-8859-1"');
    const latin1 = Uint8Array.from([...xml].map((c) => c.charCodeAt(0)));
    const statement = onlyStatement(parseCamt(latin1));
    expect(statement.entries[3]?.transactions[0]?.counterparty.name).toBe('Claire Lefèvre');
    expect(onlyStatement(parseCamt(new TextEncoder().encode(fixture('camt053-v02.xml')))).id).toBe(
      'BE68539007547034-20240305',
    );
  });

  it('a document whose elements carry a namespace prefix', () => {
    const prefixed = fixture('camt053-v08.xml')
      .replace('xmlns="urn:', 'xmlns:ns2="urn:')
      .replace(/<(\/?)([A-Za-z]\w*)/g, '<$1ns2:$2');
    expect(onlyStatement(parseCamt(prefixed)).entries).toHaveLength(8);
  });

  it('a reversal as an entry in its own direction, counted that way in the balance', () => {
    const xml = fixture('camt053-unbalanced.xml').replace(
      '<CdtDbtInd>DBIT</CdtDbtInd>',
      '<CdtDbtInd>DBIT</CdtDbtInd>\n        <RvslInd>true</RvslInd>',
    );
    const issues = issuesOf(parseCamt(xml));
    expect(issues[0]?.message).toContain('− debits 100.00');
    const balanced = xml.replace('<Amt Ccy="EUR">1200.00</Amt>', '<Amt Ccy="EUR">1150.00</Amt>');
    const entry = onlyStatement(parseCamt(balanced)).entries[2];
    expect(entry).toMatchObject({ direction: 'debit', reversal: true });
  });

  it('a debit opening balance as negative', () => {
    const xml = fixture('camt053-unbalanced.xml')
      .replace('<CdtDbtInd>CRDT</CdtDbtInd>', '<CdtDbtInd>DBIT</CdtDbtInd>')
      .replace('<Amt Ccy="EUR">1200.00</Amt>', '<Amt Ccy="EUR">850.00</Amt>')
      .replace(/(<Cd>CLBD<\/Cd>[\s\S]*?)<CdtDbtInd>CRDT<\/CdtDbtInd>/, '$1<CdtDbtInd>DBIT</CdtDbtInd>');
    const statement = onlyStatement(parseCamt(xml));
    expect(statement.openingBalance).toEqual(eur(-100000n));
    expect(statement.closingBalance).toEqual(eur(-85000n));
  });

  it('amounts beyond float precision exactly', () => {
    const xml = fixture('camt053-unbalanced.xml')
      .replace('<Amt Ccy="EUR">1000.00</Amt>', '<Amt Ccy="EUR">90071992547409.93</Amt>')
      .replace('<Amt Ccy="EUR">1200.00</Amt>', '<Amt Ccy="EUR">90071992547509.93</Amt>')
      .replace('<Amt Ccy="EUR">200.00</Amt>', '<Amt Ccy="EUR">150.00</Amt>');
    expect(onlyStatement(parseCamt(xml)).closingBalance).toEqual(eur(9007199254750993n));
  });
});

describe('detectCamtFormat', () => {
  it('names the format and version from the namespace', () => {
    expect(detectCamtFormat(fixture('camt053-v02.xml'))).toBe('camt.053.001.02');
    expect(detectCamtFormat(fixture('camt054-v08.xml'))).toBe('camt.054.001.08');
    expect(detectCamtFormat('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.052.001.08"/>')).toBeNull();
  });
});
