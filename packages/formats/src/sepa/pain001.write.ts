import { DomainError, formatMoney, tryParseDate, type Money } from '@quittance/domain';
import { isValidBic, normalizeIban } from '../bank/iban';
import { isCountryCode } from '../codes/countries';

// SEPA credit transfer initiation, ISO 20022 pain.001.001.09, as the EPC implementation guidelines
// restrict it: EUR only, structured addresses, service level SEPA, charges shared (SLEV).

export const PAIN_001_NAMESPACE = 'urn:iso:std:iso:20022:tech:xsd:pain.001.001.09';

export type Pain001PostalAddress = {
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
export type Pain001Party = { name: string; iban: string; bic?: string; address?: Pain001PostalAddress };

export type Pain001Payment = {
  endToEndId: string;
  instructionId?: string;
  /** EUR, more than zero. */
  amount: Money;
  creditor: Pain001Party;
  /** At most 140 characters; left out when empty. */
  remittanceInformation: string;
};

export type Pain001Input = {
  messageId: string;
  /** ISO date-time, e.g. "2024-03-05T10:15:00+01:00"; given, as the writer reads no clock. */
  createdAt: string;
  initiatingParty: { name: string };
  debtor: Pain001Party;
  /** YYYY-MM-DD. */
  requestedExecutionDate: string;
  payments: Pain001Payment[];
  /** The payment information id; the message id unless told. */
  paymentInformationId?: string;
  /** One debit for the whole batch on the statement; false unless told, so that each refund and its possible return can be matched one by one. */
  batchBooking?: boolean;
};

const fail = (message: string): never => {
  throw new DomainError('validation_failed', message);
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
// The largest amount a SEPA credit transfer may carry: 999 999 999.99 EUR.
const MAX_SEPA_MINOR = 99_999_999_999n;

const checkText = (value: string | undefined, what: string, max: number, required: boolean): void => {
  if (value === undefined || value.trim() === '') {
    if (required) fail(`${what} is required`);
    return;
  }
  if (hasControlCharacter(value)) fail(`${what} contains a control character or a line break`);
  if ([...value].length > max) fail(`${what} is longer than ${max} characters`);
};

const checkId = (value: string | undefined, what: string, required: boolean): void => {
  checkText(value, what, 35, required);
  if (value === undefined || value === '') return;
  if (!SEPA_ID.test(value) || value.startsWith('/') || value.endsWith('/') || value.includes('//')) {
    fail(
      `${what} "${value}" may only hold letters, digits and / - ? : ( ) . , ' + space, without a leading, trailing or double "/"`,
    );
  }
};

const checkParty = (party: Pain001Party, what: string): void => {
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

const paymentName = (payment: Pain001Payment, index: number): string =>
  `payment ${index + 1} (${payment.endToEndId === '' ? 'no end-to-end id' : payment.endToEndId})`;

const checkInput = (input: Pain001Input): void => {
  checkId(input.messageId, 'the message id', true);
  checkId(input.paymentInformationId, 'the payment information id', false);
  if (!DATE_TIME.test(input.createdAt))
    fail(`the creation time "${input.createdAt}" is not an ISO date-time`);
  if (tryParseDate(input.requestedExecutionDate) === undefined) {
    fail(`the requested execution date "${input.requestedExecutionDate}" is not a date YYYY-MM-DD`);
  }
  checkText(input.initiatingParty.name, 'the initiating party name', 70, true);
  checkParty(input.debtor, 'the debtor');
  if (input.payments.length === 0) fail('a credit transfer file needs at least one payment');

  const endToEndIds = new Set<string>();
  input.payments.forEach((payment, index) => {
    const name = paymentName(payment, index);
    // Every message names the payment, so that the caller can point at the faulty refund.
    const failIn = (error: unknown): never => {
      if (error instanceof DomainError) fail(`${name}: ${error.message}`);
      throw error;
    };
    try {
      checkId(payment.endToEndId, 'the end-to-end id', true);
      checkId(payment.instructionId, 'the instruction id', false);
      if (endToEndIds.has(payment.endToEndId))
        fail(`the end-to-end id "${payment.endToEndId}" is used twice`);
      endToEndIds.add(payment.endToEndId);
      if (payment.amount.currency !== 'EUR') {
        fail(`the amount is in ${payment.amount.currency}; a SEPA credit transfer is in EUR`);
      }
      if (payment.amount.amountMinor <= 0n)
        fail(`the amount ${formatMoney(payment.amount)} is not more than zero`);
      if (payment.amount.amountMinor > MAX_SEPA_MINOR) {
        fail(`the amount ${formatMoney(payment.amount)} exceeds the SEPA maximum of 999999999.99`);
      }
      checkParty(payment.creditor, 'the creditor');
      checkText(payment.remittanceInformation, 'the remittance information', 140, false);
    } catch (error) {
      failIn(error);
    }
  });
};

const escapeXml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );

/** An element: a text leaf, or children; omitted when it has neither. */
type Node = { name: string; attributes?: Record<string, string>; text?: string; children?: (Node | null)[] };

const leaf = (name: string, text: string | undefined, attributes?: Record<string, string>): Node | null =>
  text === undefined || text === ''
    ? null
    : { name, text, ...(attributes === undefined ? {} : { attributes }) };
const element = (name: string, ...children: (Node | null)[]): Node | null =>
  children.some((child) => child !== null) ? { name, children } : null;

const render = (node: Node, depth: number): string[] => {
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

const postalAddress = (address: Pain001PostalAddress | undefined): Node | null =>
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

const account = (name: string, iban: string): Node | null =>
  element(name, element('Id', leaf('IBAN', normalizeIban(iban) ?? iban)));

const bic = (value: string | undefined): string | undefined =>
  value === undefined || value === '' ? undefined : value.trim().toUpperCase();

/**
 * Writes a SEPA credit transfer file (pain.001.001.09) of one payment information block. Throws a
 * `validation_failed` DomainError, naming the payment, on anything a bank would reject: a non-EUR
 * or non-positive amount, an invalid IBAN or BIC, a duplicate end-to-end id, a too long text.
 */
export const writePain001 = (input: Pain001Input): string => {
  checkInput(input);
  const total: Money = {
    amountMinor: input.payments.reduce((sum, payment) => sum + payment.amount.amountMinor, 0n),
    currency: 'EUR',
  };
  const count = String(input.payments.length);
  const debtorBic = bic(input.debtor.bic);

  const transactions = input.payments.map((payment) =>
    element(
      'CdtTrfTxInf',
      element('PmtId', leaf('InstrId', payment.instructionId), leaf('EndToEndId', payment.endToEndId)),
      element('Amt', leaf('InstdAmt', formatMoney(payment.amount), { Ccy: 'EUR' })),
      // Without a BIC the creditor's bank is found from the IBAN (EPC: the BIC is optional).
      element('CdtrAgt', element('FinInstnId', leaf('BICFI', bic(payment.creditor.bic)))),
      element('Cdtr', leaf('Nm', payment.creditor.name), postalAddress(payment.creditor.address)),
      account('CdtrAcct', payment.creditor.iban),
      element('RmtInf', leaf('Ustrd', payment.remittanceInformation)),
    ),
  );

  const document: Node = {
    name: 'Document',
    attributes: { xmlns: PAIN_001_NAMESPACE },
    children: [
      element(
        'CstmrCdtTrfInitn',
        element(
          'GrpHdr',
          leaf('MsgId', input.messageId),
          leaf('CreDtTm', input.createdAt),
          leaf('NbOfTxs', count),
          leaf('CtrlSum', formatMoney(total)),
          element('InitgPty', leaf('Nm', input.initiatingParty.name)),
        ),
        element(
          'PmtInf',
          leaf('PmtInfId', input.paymentInformationId ?? input.messageId),
          leaf('PmtMtd', 'TRF'),
          leaf('BtchBookg', input.batchBooking === true ? 'true' : 'false'),
          leaf('NbOfTxs', count),
          leaf('CtrlSum', formatMoney(total)),
          element('PmtTpInf', element('SvcLvl', leaf('Cd', 'SEPA'))),
          element('ReqdExctnDt', leaf('Dt', input.requestedExecutionDate)),
          element('Dbtr', leaf('Nm', input.debtor.name), postalAddress(input.debtor.address)),
          account('DbtrAcct', input.debtor.iban),
          element(
            'DbtrAgt',
            element(
              'FinInstnId',
              debtorBic === undefined ? element('Othr', leaf('Id', 'NOTPROVIDED')) : leaf('BICFI', debtorBic),
            ),
          ),
          leaf('ChrgBr', 'SLEV'),
          ...transactions,
        ),
      ),
    ],
  };
  return ['<?xml version="1.0" encoding="UTF-8"?>', ...render(document, 0)].join('\n') + '\n';
};
