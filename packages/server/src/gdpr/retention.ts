import { sql } from 'kysely';
import { DomainError } from '@quittance/domain';
import type { Tx } from '../db/tenancy';

export type GdprSettings = {
  /** How long accounting records are kept after their date (French Code de commerce L123-22: 10 years). */
  readonly accountingRetentionYears: number;
};

export const DEFAULT_GDPR_SETTINGS: GdprSettings = { accountingRetentionYears: 10 };

export const gdprSettings = async (tx: Tx, _tenantId: string): Promise<GdprSettings> => {
  const row = await tx.selectFrom('tenant_settings').select('gdpr').executeTakeFirst();
  return { ...DEFAULT_GDPR_SETTINGS, ...((row?.gdpr ?? {}) as Partial<GdprSettings>) };
};

export const saveGdprSettings = async (
  tx: Tx,
  tenantId: string,
  change: Partial<GdprSettings>,
): Promise<GdprSettings> => {
  const years = change.accountingRetentionYears;
  if (years !== undefined && (!Number.isInteger(years) || years < 0 || years > 100)) {
    throw new DomainError('validation_failed', 'accountingRetentionYears: a whole number of years, 0 to 100');
  }
  await tx
    .insertInto('tenant_settings')
    .values({ tenant_id: tenantId })
    .onConflict((oc) => oc.column('tenant_id').doNothing())
    .execute();
  const next = { ...(await gdprSettings(tx, tenantId)), ...change };
  await tx
    .updateTable('tenant_settings')
    .set({ gdpr: JSON.stringify(next) })
    .execute();
  return next;
};

export type RetentionReason =
  | {
      readonly kind: 'open_case';
      readonly caseId: string;
      readonly caseNumber: string;
      /** Unknown while the case is open: the recovery of the debt is not over. */
      readonly until: null;
      readonly legalBasis: string;
      readonly message: string;
    }
  | {
      readonly kind: 'accounting_records';
      readonly lastEntryDate: string;
      readonly years: number;
      /** The first day erasure is allowed, as far as the accounting records go. */
      readonly until: string;
      readonly legalBasis: string;
      readonly message: string;
    };

export type ErasureAssessment = {
  readonly partyId: string;
  readonly asOf: string;
  readonly erasable: boolean;
  /** When every reason has a date, the day erasure becomes possible; null while a case is open. */
  readonly until: string | null;
  readonly reasons: readonly RetentionReason[];
  readonly accountingRetentionYears: number;
};

export const RECOVERY_BASIS =
  'Legitimate interest and contract (GDPR art. 6(1)(b) and (f)): recovery of a debt';
export const ACCOUNTING_BASIS =
  'Legal obligation (GDPR art. 6(1)(c)): accounting retention, French Code de commerce L123-22';

/** `date` (YYYY-MM-DD) plus whole years; 29 February falls back to the 28th. */
export const addYears = (date: string, years: number): string => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const year = y + years;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const day = m === 2 && d === 29 && !leap ? 28 : d;
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
};

/** The cases a party is party to, as debtor or in another role. */
export const casesOfParty = async (tx: Tx, partyId: string) =>
  tx
    .selectFrom('cases')
    .select(['id', 'number', 'status'])
    .where((eb) =>
      eb.or([
        eb('debtor_party_id', '=', partyId),
        eb('id', 'in', eb.selectFrom('case_parties').select('case_id').where('party_id', '=', partyId)),
      ]),
    )
    .orderBy('number')
    .execute();

/**
 * Whether the party's personal data may be erased on `asOf`: not while one of its cases is open,
 * nor while accounting records of its cases are younger than the tenant's accounting retention.
 */
export const assessErasure = async (
  tx: Tx,
  tenantId: string,
  partyId: string,
  asOf: string,
): Promise<ErasureAssessment> => {
  const settings = await gdprSettings(tx, tenantId);
  const cases = await casesOfParty(tx, partyId);
  const reasons: RetentionReason[] = cases
    .filter((c) => c.status === 'open')
    .map((c) => ({
      kind: 'open_case',
      caseId: c.id,
      caseNumber: c.number,
      until: null,
      legalBasis: RECOVERY_BASIS,
      message: `case ${c.number} is open: the data is needed to recover the debt`,
    }));
  if (cases.length > 0) {
    const ids = cases.map((c) => c.id);
    const last = await sql<{ last: string | null }>`
      select max(entry_date)::text as last from ledger_entries where case_id in (${sql.join(ids)})
    `.execute(tx);
    const lastEntryDate = last.rows[0]?.last ?? null;
    if (lastEntryDate) {
      const until = addYears(lastEntryDate, settings.accountingRetentionYears);
      if (asOf < until) {
        reasons.push({
          kind: 'accounting_records',
          lastEntryDate,
          years: settings.accountingRetentionYears,
          until,
          legalBasis: ACCOUNTING_BASIS,
          message: `accounting records of ${lastEntryDate} are kept ${settings.accountingRetentionYears} years, until ${until}`,
        });
      }
    }
  }
  const dated = reasons.map((r) => r.until);
  const until = dated.length === 0 || dated.includes(null) ? null : [...(dated as string[])].sort().at(-1)!;
  return {
    partyId,
    asOf,
    erasable: reasons.length === 0,
    until,
    reasons,
    accountingRetentionYears: settings.accountingRetentionYears,
  };
};
