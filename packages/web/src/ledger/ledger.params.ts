// The accounting screens keep their filters in the URL (?from=&to=&company= and ?asOf=) so that a
// trial balance or an account ledger can be shared and bookmarked. Malformed values are dropped.

export type PeriodFilter = {
  /** YYYY-MM-DD, inclusive */
  from: string | null;
  /** YYYY-MM-DD, inclusive */
  to: string | null;
  /** Company (legal entity) code */
  company: string | null;
};

export const NO_PERIOD: PeriodFilter = { from: null, to: null, company: null };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD (not 2026-02-30). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The local calendar day of `now` as YYYY-MM-DD: "today" for the person at the screen. */
export function todayIso(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${String(now.getFullYear()).padStart(4, '0')}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function dateParam(params: URLSearchParams, name: string): string | null {
  const value = params.get(name)?.trim() ?? '';
  return isIsoDate(value) ? value : null;
}

export function parsePeriod(params: URLSearchParams): PeriodFilter {
  const company = params.get('company')?.trim() ?? '';
  return { from: dateParam(params, 'from'), to: dateParam(params, 'to'), company: company || null };
}

/** "?from=…&to=…&company=…" without the empty ones; "" when there is no filter. Browser URL and API alike. */
export function periodQuery(filter: PeriodFilter): string {
  const params = new URLSearchParams();
  if (filter.from) params.set('from', filter.from);
  if (filter.to) params.set('to', filter.to);
  if (filter.company) params.set('company', filter.company);
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** A period that ends before it starts: the API would answer nothing, the screen says why. */
export function isReversed(filter: PeriodFilter): boolean {
  return filter.from !== null && filter.to !== null && filter.from > filter.to;
}

/** The as-of date of the daily validation: the URL's if valid, else today. */
export function parseAsOf(params: URLSearchParams, today: string): string {
  return dateParam(params, 'asOf') ?? today;
}

export function entryHref(entryId: string): string {
  return `/app/ledger/entries/${encodeURIComponent(entryId)}`;
}

export function accountHref(account: string, filter: PeriodFilter = NO_PERIOD): string {
  return `/app/ledger/accounts/${encodeURIComponent(account)}${periodQuery(filter)}`;
}

export function caseHref(caseId: string): string {
  return `/app/cases/${encodeURIComponent(caseId)}`;
}
