import { describe, expect, it } from 'vitest';
import { bankEntriesPath, entriesHref, parseEntryFilter, statementImportPath } from './payments.params';

describe('payments params', () => {
  it('reads the status filter of the entries view, all entries by default', () => {
    expect(parseEntryFilter(new URLSearchParams('status=movement'))).toBe('movement');
    expect(parseEntryFilter(new URLSearchParams('status=open'))).toBe('open');
    expect(parseEntryFilter(new URLSearchParams('status=paid'))).toBe('all');
    expect(parseEntryFilter(new URLSearchParams())).toBe('all');
  });

  it('builds the screen and API addresses', () => {
    expect(entriesHref()).toBe('/app/payments/entries?status=all');
    expect(bankEntriesPath('open')).toBe('/bank-entries?status=open');
  });

  it('passes the file name to the import, encoded', () => {
    expect(statementImportPath('relevé 2026-03.xml')).toBe(
      '/bank-statements?fileName=relev%C3%A9+2026-03.xml',
    );
    expect(statementImportPath('')).toBe('/bank-statements?fileName=statement');
  });
});
