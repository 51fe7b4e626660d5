import type { DunningLevel } from '@quittance/domain';

/** The languages every standard template is written in. */
export type DunningLanguage = 'en' | 'fr' | 'de' | 'es' | 'nl' | 'it';
export const DUNNING_LANGUAGES: readonly DunningLanguage[] = ['en', 'fr', 'de', 'es', 'nl', 'it'];

export const isDunningLanguage = (value: string): value is DunningLanguage =>
  (DUNNING_LANGUAGES as readonly string[]).includes(value);

/**
 * The locale a language formats money and dates with unless the caller names another
 * (`fr-BE`, `de-CH`, `en-IE`…). English is British English: Quittance writes to European debtors.
 */
export const DEFAULT_LOCALES: Readonly<Record<DunningLanguage, string>> = {
  en: 'en-GB',
  fr: 'fr-FR',
  de: 'de-DE',
  es: 'es-ES',
  nl: 'nl-NL',
  it: 'it-IT',
};

/** A plain decimal amount in the case currency, exactly as `formatMoney` writes it: `"1250.00"`. */
export type DecimalString = string;
/** A calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;

export type DunningItemKind = 'invoice' | 'credit-note' | 'interest' | 'fee' | 'other';

/** One receivable the message chases (or a credit note deducted from them, C11). */
export type DunningItem = {
  readonly number: string;
  readonly kind: DunningItemKind;
  readonly issueDate: IsoDate;
  readonly dueDate: IsoDate;
  /** The original amount; negative for a credit note. */
  readonly amount: DecimalString;
  /** What is still open on it; negative for a credit note not yet used. */
  readonly outstanding: DecimalString;
  /** Negative while the item is not yet due (prevention). */
  readonly daysPastDue: number;
};

/**
 * Everything a dunning template can use (C16), all values already formatted as data: amounts as
 * decimal strings in the case currency, dates as `YYYY-MM-DD`. Templates turn them into text with
 * the `money` and `date` filters, which follow the template language's locale.
 *
 * In Liquid: `{{ company.name }}`, `{{ customer.reference }}`, `{{ case.customFields.contract }}`,
 * `{% for item in items %}`, `{{ totals.totalDue | money }}`, `{{ step.level }}`,
 * `{{ payment.reference }}`, `{{ today | date }}`, `{{ collector.name }}`.
 */
export type DunningContext = {
  /** The legal entity sending the message (letterhead, signature, payee). */
  readonly company: {
    readonly name: string;
    readonly legalName: string;
    readonly addressLines: readonly string[];
    /** The town the letters are dated from (`Paris, le 5 mars 2025`); else the last address line. */
    readonly city?: string;
    readonly email?: string;
    readonly phone?: string;
    readonly website?: string;
    readonly iban?: string;
    readonly bic?: string;
    /** SIREN, HRB, KvK…, as it must appear on business letters: `SIREN 552 100 554`. */
    readonly registration?: string;
    readonly vatNumber?: string;
    /** PNG or JPEG shown on letters; read by the caller, never by a template. */
    readonly logoPath?: string;
  };
  /**
   * The creditor when it is not the company (the company collects on its behalf, K. outsourcing).
   * Absent: the company is the creditor. Rendering fills it with the company's name and address.
   */
  readonly creditor?: { readonly name: string; readonly addressLines: readonly string[] };
  readonly customer: {
    readonly name: string;
    /** The customer's account number at the creditor. */
    readonly reference: string;
    readonly type: 'business' | 'consumer';
    readonly language: DunningLanguage;
    readonly addressLines: readonly string[];
    /** The person to address in a business letter, if known. */
    readonly contactName?: string;
    readonly email?: string;
    readonly phone?: string;
  };
  readonly case: {
    readonly number: string;
    /** ISO 4217; the currency every amount of the context is in. */
    readonly currency: string;
    readonly phase: string;
    /** What the debt arises from (contract, order), for the debtor to recognise it. */
    readonly basis?: string;
    /** The case's custom fields (from accounting), as `case.customFields.<name>`. */
    readonly customFields: Readonly<Record<string, string | number | boolean | null>>;
  };
  readonly items: readonly DunningItem[];
  readonly totals: {
    /** Outstanding principal of the items chased (credit notes deducted). */
    readonly principal: DecimalString;
    /** Late-payment interest accrued. */
    readonly interest: DecimalString;
    /** Fees charged to the debtor (for businesses, the fixed compensation for recovery costs). */
    readonly fees: DecimalString;
    /** Other costs charged to the debtor where the law allows it; zero for French consumers. */
    readonly costs: DecimalString;
    readonly totalDue: DecimalString;
  };
  readonly step: {
    readonly level: DunningLevel;
    readonly id: string;
    /** The first letter sent for this debt, recalled in later ones (CPCE R124-4 last paragraph). */
    readonly firstLetter?: { readonly reference: string; readonly date: IsoDate };
  };
  readonly payment: {
    readonly iban: string;
    readonly bic: string;
    /** The reference the debtor must quote (structured creditor reference, +++…+++, or text). */
    readonly reference: string;
    readonly link?: string;
    /** The date by which payment is asked; rendering fills `today` + 10 days when absent. */
    readonly payBy?: IsoDate;
  };
  readonly today: IsoDate;
  /** The person the debtor can talk to. */
  readonly collector: { readonly name: string; readonly phone?: string; readonly email?: string };
};
