import { parseDate } from '@quittance/domain';
import type { DunningContext, DunningLanguage } from '../templates/context';
import { formatDateForLocale } from '../templates/format';
import { DUNNING_LABELS } from '../templates/labels';
import type { MessageBlock } from '../templates/markdown-light';
import type { RenderedDunningMessage } from '../templates/render';

/**
 * Where the address block sits for the window envelope: `din5008` (DIN 5008 form B, window on
 * the left, 20 mm from the edge, 45 mm from the top) or `nf` (the French window on the right,
 * about 110 mm from the left edge).
 */
export type LetterLayout = 'din5008' | 'nf';

/** Everything printed on a letter; `renderLetterPdf` lays it out. */
export type Letter = {
  /**
   * Identifies the letter (the dunning action). With `createdAt` it makes the PDF's creation date
   * and file identifier, so the same letter always renders to the same bytes (C13).
   */
  readonly id: string;
  /** The instant the letter was issued, ISO 8601 (`2025-03-31T08:00:00Z`). */
  readonly createdAt: string;
  readonly language: DunningLanguage;
  /** BCP 47 locale of the dates and amounts (`fr-FR`). */
  readonly locale: string;
  readonly layout?: LetterLayout;
  /** The legal entity writing: letterhead and footer. */
  readonly sender: {
    readonly name: string;
    readonly legalName: string;
    readonly addressLines: readonly string[];
    readonly phone?: string;
    readonly email?: string;
    readonly website?: string;
    readonly registration?: string;
    readonly vatNumber?: string;
    readonly iban?: string;
    readonly bic?: string;
    /** PNG or JPEG, as bytes or a file path. */
    readonly logo?: Buffer | string;
  };
  /** The address block: the name, then each line (attention of, street, town, country). */
  readonly recipient: { readonly name: string; readonly lines: readonly string[] };
  /** The reference block: our reference, your customer number, contact… */
  readonly references: readonly { readonly label: string; readonly value: string }[];
  /** « Lyon, le 31 mars 2025 », already formatted. */
  readonly placeAndDate: string;
  readonly subject: string;
  readonly blocks: readonly MessageBlock[];
};

const placeOf = (context: DunningContext): string =>
  context.company.city ??
  (context.company.addressLines
    .at(-2)
    ?.replace(/^[\d\s-]+/, '')
    .trim() ||
    context.company.name);

/**
 * The letter for a rendered message: letterhead from the company, the debtor's address, the
 * references (case, customer number, collector), the place and date from `context.today`.
 */
export const letterFromMessage = (
  message: RenderedDunningMessage,
  context: DunningContext,
  options: {
    readonly id: string;
    readonly createdAt: string;
    readonly layout?: LetterLayout;
    readonly logo?: Buffer | string;
  },
): Letter => {
  const labels = DUNNING_LABELS[message.language].letter;
  const { company, customer, collector } = context;
  const logo = options.logo ?? company.logoPath;
  const layout = options.layout ?? (message.language === 'fr' ? 'nf' : 'din5008');
  return {
    id: options.id,
    createdAt: options.createdAt,
    language: message.language,
    locale: message.locale,
    layout,
    sender: {
      name: company.name,
      legalName: company.legalName,
      addressLines: company.addressLines,
      ...(company.phone !== undefined ? { phone: company.phone } : {}),
      ...(company.email !== undefined ? { email: company.email } : {}),
      ...(company.website !== undefined ? { website: company.website } : {}),
      ...(company.registration !== undefined ? { registration: company.registration } : {}),
      ...(company.vatNumber !== undefined ? { vatNumber: company.vatNumber } : {}),
      ...(company.iban !== undefined ? { iban: company.iban } : {}),
      ...(company.bic !== undefined ? { bic: company.bic } : {}),
      ...(logo !== undefined ? { logo } : {}),
    },
    recipient: {
      name: customer.name,
      lines: [...(customer.contactName ? [customer.contactName] : []), ...customer.addressLines],
    },
    references: [
      { label: labels.ourReference, value: context.case.number },
      { label: labels.yourReference, value: customer.reference },
      { label: labels.contact, value: collector.name },
      ...(collector.phone ? [{ label: labels.phone, value: collector.phone }] : []),
      ...(collector.email ? [{ label: labels.email, value: collector.email }] : []),
    ],
    placeAndDate: labels.placeAndDate
      .replace('{place}', placeOf(context))
      .replace('{date}', formatDateForLocale(parseDate(context.today), message.locale)),
    subject: message.subject,
    blocks: message.blocks,
  };
};
