import { sql } from 'kysely';
import { currencyExponent, type DunningLevel, type ListedItem } from '@quittance/domain';
import type { Tx } from '../db/tenancy';
import { decimal } from '../rules/case-facts';
import { isDunningLanguage, type DunningContext, type DunningLanguage } from './templates';

const LANGUAGE_OF_COUNTRY: Readonly<Record<string, DunningLanguage>> = {
  FR: 'fr',
  BE: 'fr',
  LU: 'fr',
  MC: 'fr',
  CH: 'de',
  DE: 'de',
  AT: 'de',
  ES: 'es',
  NL: 'nl',
  IT: 'it',
};

/** The language a debtor is written to: theirs (`fr`, `nl-BE` → `nl`), else their country's, else English. */
export const languageOf = (language: string | null, country: string | null): DunningLanguage => {
  const base = (language ?? '').slice(0, 2).toLowerCase();
  if (isDunningLanguage(base)) return base;
  return (country && LANGUAGE_OF_COUNTRY[country]) || 'en';
};

/**
 * Everything a dunning template may use (C16), for one case and the items one action lists:
 * the company as letters present it, the debtor, the case and its custom fields, the items,
 * the totals from the ledger, the payment details, today and the collector.
 */
export const dunningContext = async (
  tx: Tx,
  caseId: string,
  step: { readonly level: DunningLevel; readonly id: string },
  listed: readonly ListedItem[],
  today: string,
): Promise<DunningContext> => {
  const kase = await tx
    .selectFrom('cases as c')
    .innerJoin('companies as co', 'co.code', 'c.company_code')
    .leftJoin('parties as p', 'p.id', 'c.debtor_party_id')
    .select([
      'c.number',
      'c.currency',
      'c.phase',
      'c.manager',
      'c.custom_fields',
      'co.name as company_name',
      'co.profile',
      'co.siren',
      'p.name',
      'p.reference',
      'p.customer_type',
      'p.language',
      'p.country',
      'p.addresses',
      'p.contacts',
    ])
    .where('c.id', '=', caseId)
    .executeTakeFirstOrThrow();
  const currency = kase.currency.trim();
  const exponent = currencyExponent(currency);
  const profile = kase.profile ?? {};
  const items = listed.length
    ? await tx
        .selectFrom('financial_items')
        .select([
          'id',
          'number',
          'kind',
          'issue_date',
          'due_date',
          'amount_minor',
          'outstanding_minor',
          'structured_reference',
        ])
        .where(
          'id',
          'in',
          listed.map((i) => i.itemId),
        )
        .execute()
    : [];
  const byId = new Map(items.map((i) => [i.id, i]));
  const balances = await sql<{ account: string; total: string }>`
    select lp.account, sum(lp.amount_minor)::text as total
    from ledger_postings lp join ledger_entries le on le.id = lp.entry_id
    where le.case_id = ${caseId} and lp.account in ('interest', 'fees', 'costs')
    group by lp.account
  `.execute(tx);
  const account = (name: string): bigint =>
    BigInt(balances.rows.find((r) => r.account === name)?.total ?? '0');
  const principal = listed.reduce((total, i) => total + i.outstandingMinor, 0n);
  const [interest, fees, costs] = [account('interest'), account('fees'), account('costs')];
  const addresses = (kase.addresses ?? []) as {
    lines: string[];
    postalCode?: string;
    city?: string;
    country: string;
  }[];
  const address = addresses[0];
  const contacts = (kase.contacts ?? []) as { kind: string; value: string; optOut: boolean }[];
  const email = contacts.find((c) => c.kind === 'email' && !c.optOut)?.value;
  const phone = contacts.find((c) => c.kind === 'phone' && !c.optOut)?.value;
  const references = items.map((i) => i.structured_reference).filter((r): r is string => !!r);
  const customFields = Object.fromEntries(
    Object.entries((kase.custom_fields ?? {}) as Record<string, unknown>).filter(
      (entry): entry is [string, string | number | boolean | null] =>
        entry[1] === null || ['string', 'number', 'boolean'].includes(typeof entry[1]),
    ),
  );
  const companyAddress = profile.addressLines ?? [];
  return {
    company: {
      name: kase.company_name,
      legalName: profile.legalName ?? kase.company_name,
      addressLines: companyAddress,
      ...(profile.city ? { city: profile.city } : {}),
      ...(profile.email ? { email: profile.email } : {}),
      ...(profile.phone ? { phone: profile.phone } : {}),
      ...(profile.website ? { website: profile.website } : {}),
      ...(profile.iban ? { iban: profile.iban } : {}),
      ...(profile.bic ? { bic: profile.bic } : {}),
      ...(profile.registration
        ? { registration: profile.registration }
        : kase.siren
          ? { registration: `SIREN ${kase.siren}` }
          : {}),
      ...(profile.vatNumber ? { vatNumber: profile.vatNumber } : {}),
    },
    customer: {
      name: kase.name ?? kase.number,
      reference: kase.reference ?? '',
      type: kase.customer_type === 'consumer' ? 'consumer' : 'business',
      language: languageOf(kase.language, kase.country),
      addressLines: address
        ? [
            ...address.lines,
            [address.postalCode, address.city].filter(Boolean).join(' '),
            address.country,
          ].filter((l) => l !== '')
        : [],
      ...(email ? { email } : {}),
      ...(phone ? { phone } : {}),
    },
    case: { number: kase.number, currency, phase: kase.phase, customFields },
    items: listed.map((i) => {
      const row = byId.get(i.itemId);
      return {
        number: i.number,
        kind: i.kind === 'credit_note' ? 'credit-note' : 'invoice',
        issueDate: row?.issue_date ?? i.dueDate,
        dueDate: i.dueDate,
        amount: decimal(BigInt(row?.amount_minor ?? i.outstandingMinor), exponent),
        outstanding: decimal(i.outstandingMinor, exponent),
        daysPastDue: i.daysPastDue,
      };
    }),
    totals: {
      principal: decimal(principal, exponent),
      interest: decimal(interest, exponent),
      fees: decimal(fees, exponent),
      costs: decimal(costs, exponent),
      totalDue: decimal(principal + interest + fees + costs, exponent),
    },
    step: { level: step.level, id: step.id },
    payment: {
      iban: profile.iban ?? '',
      bic: profile.bic ?? '',
      reference: references.length === 1 ? references[0]! : kase.number,
    },
    today,
    collector: {
      name: profile.collectorName ?? kase.manager ?? kase.company_name,
      ...(profile.phone ? { phone: profile.phone } : {}),
      ...(profile.email ? { email: profile.email } : {}),
    },
  };
};
