import { DomainError, formatMoney, type Money } from '@quittance/domain';
import { isValidBic, normalizeIban } from '../bank/iban';
import { isCountryCode } from '../codes/countries';

// What the SEPA writers (pain.001 credit transfers, pain.008 direct debits) check and render
// alike: the EPC restrictions on texts, identifiers, parties and amounts, and a small XML writer.

export type SepaPostalAddress = {
  streetName?: string;
  buildingNumber?: string;
  postCode?: string;
  townName: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
};

/**
 * Inside the EEA a SEPA party's address is optional; when one is given it is structured, with at
 * least the town and the country.
 */
export type SepaParty = { name: string; iban: string; bic?: string; address?: SepaPostalAddress };

export const fail = (message: string): never => {
  throw new DomainError('validation_failed', message);
};

/** Runs the checks of one item, prefixing any `validation_failed` message with the item's name. */
export const checkNamed = (name: string, checks: () => void): void => {
  try {
    checks();
  } catch (error) {
    if (error instanceof DomainError) fail(`${name}: ${error.message}`);
    throw error;
  }
};

// Characters XML 1.0 cannot carry, and line breaks, which no SEPA field may hold.
const hasControlCharacter = (value: string): boolean =>
  [...value].some((c) => {
    const code = c.codePointAt(0) ?? 0;
    return code < 0x20 || code === 0x7f || code === 0xfffe || code === 0xffff;
  });
// SEPA identifiers: the EPC basic Latin set, not starting or ending with "/", no "//".
const SEPA_ID = /^[A-Za-z0-9/\-?:().,'+ ]+$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})?$/;
// The largest amount a SEPA credit transfer or direct debit may carry: 999 999 999.99 EUR.
const MAX_SEPA_MINOR = 99_999_999_999n;

export const isDateTime = (value: string): boolean => DATE_TIME.test(value);

export const checkText = (value: string | undefined, what: string, max: number, required: boolean): void => {
  if (value === undefined || value.trim() === '') {
    if (required) fail(`${what} is required`);
    return;
  }
  if (hasControlCharacter(value)) fail(`${what} contains a control character or a line break`);
  if ([...value].length > max) fail(`${what} is longer than ${max} characters`);
};

export const checkId = (value: string | undefined, what: string, required: boolean): void => {
  checkText(value, what, 35, required);
  if (value === undefined || value === '') return;
  if (!SEPA_ID.test(value) || value.startsWith('/') || value.endsWith('/') || value.includes('//')) {
    fail(
      `${what} "${value}" may only hold letters, digits and / - ? : ( ) . , ' + space, without a leading, trailing or double "/"`,
    );
  }
};

export const checkParty = (party: SepaParty, what: string): void => {
  checkText(party.name, `${what} name`, 70, true);
  if (normalizeIban(party.iban) === null) fail(`${what} IBAN "${party.iban}" is not valid`);
  if (party.bic !== undefined && party.bic !== '' && !isValidBic(party.bic))
    fail(`${what} BIC "${party.bic}" is not valid`);
  const { address } = party;
  if (address === undefined) return;
  checkText(address.streetName, `${what} street name`, 70, false);
  checkText(address.buildingNumber, `${what} building number`, 16, false);
  checkText(address.postCode, `${what} post code`, 16, false);
  checkText(address.townName, `${what} town name`, 35, true);
  if (!isCountryCode(address.country))
    fail(`${what} country "${address.country}" is not an ISO 3166 alpha-2 code`);
};

/** `scheme` completes "a ... is in EUR", e.g. "SEPA credit transfer". */
export const checkSepaAmount = (amount: Money, scheme: string): void => {
  if (amount.currency !== 'EUR') fail(`the amount is in ${amount.currency}; a ${scheme} is in EUR`);
  if (amount.amountMinor <= 0n) fail(`the amount ${formatMoney(amount)} is not more than zero`);
  if (amount.amountMinor > MAX_SEPA_MINOR) {
    fail(`the amount ${formatMoney(amount)} exceeds the SEPA maximum of 999999999.99`);
  }
};

export const escapeXml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );

/** An element: a text leaf, or children; omitted when it has neither. */
export type XmlNode = {
  name: string;
  attributes?: Record<string, string>;
  text?: string;
  children?: (XmlNode | null)[];
};

export const leaf = (
  name: string,
  text: string | undefined,
  attributes?: Record<string, string>,
): XmlNode | null =>
  text === undefined || text === ''
    ? null
    : { name, text, ...(attributes === undefined ? {} : { attributes }) };

export const element = (name: string, ...children: (XmlNode | null)[]): XmlNode | null =>
  children.some((child) => child !== null) ? { name, children } : null;

const render = (node: XmlNode, depth: number): string[] => {
  const indent = '  '.repeat(depth);
  const attributes = Object.entries(node.attributes ?? {})
    .map(([key, value]) => ` ${key}="${escapeXml(value)}"`)
    .join('');
  if (node.text !== undefined)
    return [`${indent}<${node.name}${attributes}>${escapeXml(node.text)}</${node.name}>`];
  const children = (node.children ?? []).filter((child) => child !== null);
  return [
    `${indent}<${node.name}${attributes}>`,
    ...children.flatMap((child) => render(child, depth + 1)),
    `${indent}</${node.name}>`,
  ];
};

/** The whole document, with its XML declaration, two-space indented, ending with a line break. */
export const renderDocument = (document: XmlNode): string =>
  ['<?xml version="1.0" encoding="UTF-8"?>', ...render(document, 0)].join('\n') + '\n';

export const postalAddress = (address: SepaPostalAddress | undefined): XmlNode | null =>
  address === undefined
    ? null
    : element(
        'PstlAdr',
        leaf('StrtNm', address.streetName),
        leaf('BldgNb', address.buildingNumber),
        leaf('PstCd', address.postCode),
        leaf('TwnNm', address.townName),
        leaf('Ctry', address.country),
      );

export const account = (name: string, iban: string): XmlNode | null =>
  element(name, element('Id', leaf('IBAN', normalizeIban(iban) ?? iban)));

export const bic = (value: string | undefined): string | undefined =>
  value === undefined || value === '' ? undefined : value.trim().toUpperCase();

/** A bank by its BIC, or "NOTPROVIDED" where the EPC lets the IBAN name the bank. */
export const financialInstitution = (value: string | undefined): XmlNode | null => {
  const code = bic(value);
  return element(
    'FinInstnId',
    code === undefined ? element('Othr', leaf('Id', 'NOTPROVIDED')) : leaf('BICFI', code),
  );
};
