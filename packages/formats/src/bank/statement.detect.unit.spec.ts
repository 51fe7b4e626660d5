import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CsvBankMapping } from './bank-csv.parse';
import { detectStatementFormat, parseBankStatement } from './statement.detect';

const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf-8');

const bytes = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));

describe('detectStatementFormat', () => {
  it('names each camt variant from its namespace, from text or bytes', () => {
    expect(detectStatementFormat(fixture('camt053-v02.xml'))).toBe('camt.053.001.02');
    expect(detectStatementFormat(bytes('camt053-v08.xml'))).toBe('camt.053.001.08');
    expect(detectStatementFormat(bytes('camt054-v08.xml'))).toBe('camt.054.001.08');
    expect(
      detectStatementFormat(fixture('camt054-v08.xml').replace('camt.054.001.08', 'camt.054.001.02')),
    ).toBe('camt.054.001.02');
  });

  it('recognises MT940 with or without SWIFT blocks', () => {
    expect(detectStatementFormat(bytes('mt940-sample.sta'))).toBe('mt940');
    expect(detectStatementFormat(fixture('mt940-unbalanced.sta'))).toBe('mt940');
    expect(detectStatementFormat('{1:F01GEBABEBBAXXX0000000000}{2:O940}{4:\r\n:20:X\r\n')).toBe('mt940');
  });

  it('gives null for CSV, other XML and text that merely mentions :20:', () => {
    expect(detectStatementFormat(fixture('bank-export-signed.csv'))).toBeNull();
    expect(
      detectStatementFormat('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"/>'),
    ).toBeNull();
    expect(detectStatementFormat('reference field :20: is missing')).toBeNull();
  });
});

describe('parseBankStatement', () => {
  const mapping: CsvBankMapping = {
    decimal: '.',
    dateFormat: 'YYYY-MM-DD',
    columns: { bookingDate: 'booking_date', amount: 'amount', reference: 'transaction_id' },
    account: { iban: 'BE68539007547034', currency: 'EUR' },
  };

  it('reads each format through the right reader', () => {
    const formats = ['camt053-v02.xml', 'camt054-v08.xml', 'mt940-sample.sta'].map((name) => {
      const result = parseBankStatement(bytes(name));
      return result.ok ? result.statements.map((s) => s.format) : result.issues;
    });
    expect(formats).toEqual([['camt.053.001.02'], ['camt.054.001.08'], ['mt940', 'mt940']]);
  });

  it('reads CSV only with a mapping, and says so without one', () => {
    const withMapping = parseBankStatement(fixture('bank-export-signed.csv'), { csvMapping: mapping });
    expect(withMapping.ok && withMapping.statements[0]?.entries.length).toBe(4);
    const without = parseBankStatement(fixture('bank-export-signed.csv'));
    expect(without.ok ? null : without.issues[0]?.message).toContain('needs a column mapping');
  });

  it('passes the problems of a broken file through', () => {
    const broken = parseBankStatement(fixture('mt940-broken.sta'), { csvMapping: mapping });
    expect(broken.ok ? [] : broken.issues.map((issue) => issue.location)).toContain('line 5');
    const unsupported = parseBankStatement(
      fixture('camt053-v02.xml').replace('camt.053.001.02', 'camt.053.001.06'),
    );
    expect(unsupported.ok ? null : unsupported.issues[0]?.message).toContain('not supported');
  });
});
