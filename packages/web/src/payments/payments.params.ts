// The payments screens keep their state in the URL: the entries view its status filter
// (?status=all|open|assigned|movement), so that it can be shared and survives a reload.

export const ENTRY_FILTERS = ['all', 'open', 'assigned', 'movement'] as const;
export type EntryFilter = (typeof ENTRY_FILTERS)[number];

export function isEntryFilter(value: string): value is EntryFilter {
  return (ENTRY_FILTERS as readonly string[]).includes(value);
}

/** The status filter of the entries view: the URL's if known, else all entries. */
export function parseEntryFilter(params: URLSearchParams): EntryFilter {
  const value = params.get('status')?.trim() ?? '';
  return isEntryFilter(value) ? value : 'all';
}

export const PAYMENTS_QUEUE = '/app/payments/queue';
export const PAYMENTS_IMPORT = '/app/payments/import';

export function entriesHref(filter: EntryFilter = 'all'): string {
  return `/app/payments/entries?status=${filter}`;
}

/** The API path of a list of bank entries. */
export function bankEntriesPath(filter: EntryFilter): string {
  return `/bank-entries?status=${filter}`;
}

/** The API path of an import: the file name tells the server's records which file it was. */
export function statementImportPath(fileName: string): string {
  return `/bank-statements?${new URLSearchParams({ fileName: fileName || 'statement' }).toString()}`;
}
