/** A case number as users read it: the year and a per-tenant sequence, e.g. `2026-000123`. */
export const formatCaseNumber = (year: number, sequence: number): string =>
  `${year}-${String(sequence).padStart(6, '0')}`;

export const CASE_NUMBER_PATTERN = /^\d{4}-\d{6,}$/;
