import { compareDates, DomainError, formatMoney, tryParseDate, type Money } from '@quittance/domain';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { normalizeIban } from '../bank/iban';
import { normalizeCreditorIdentifier } from './creditor-identifier';
import {
  account,
  checkId,
  checkNamed,
  checkParty,
  checkSepaAmount,
  checkText,
  element,
  fail,
  financialInstitution,
  isDateTime,
  leaf,
  postalAddress,
  renderDocument,
  type SepaParty,
  type XmlNode,
} from './sepa-checks';

// SEPA direct debit initiation, ISO 20022 pain.008.001.08, as the EPC SDD Core and B2B
// implementation guidelines restrict it: EUR only, service level SEPA, charges shared (SLEV), the
// creditor identifier once per payment information block, one block per sequence type and date.

export const PAIN_008_NAMESPACE = 'urn:iso:std:iso:20022:tech:xsd:pain.008.001.08';

export type SequenceType = 'FRST' | 'RCUR' | 'OOFF' | 'FNAL';

// The order of the blocks of one collection date: a first collection before the recurring ones.
const SEQUENCE_TYPES: readonly SequenceType[] = ['FRST', 'RCUR', 'OOFF', 'FNAL'];

/**
 * What changed since the mandate was signed (EPC: an amended mandate says what it amends). The
 * original debtor bank is only ever "SMNDA": same mandate, new debtor bank.
 */
export type Pain008MandateAmendment = {
  originalMandateReference?: string;
  originalCreditorId?: string;
  originalCreditorName?: string;
  originalDebtorIban?: string;
  debtorBankChanged?: boolean;
};

export type Pain008Mandate = {
  /** At most 35 characters of the SEPA identifier set. */
  reference: string;
  /** YYYY-MM-DD, not after the requested collection date. */
  signedOn: string;
  /** True when the mandate changed since the last collection; `amendment` then says how. */
  amended?: boolean;
  amendment?: Pain008MandateAmendment;
};

export type Pain008Party = SepaParty;

export type Pain008Transaction = {
  endToEndId: string;
  instructionId?: string;
  /** EUR, more than zero, at most 999999999.99. */
  amount: Money;
  sequenceType: SequenceType;
  /** YYYY-MM-DD. */
  requestedCollectionDate: string;
  mandate: Pain008Mandate;
  debtor: Pain008Party;
  /** At most 140 characters; left out when empty. */
  remittanceInformation: string;
};

export type Pain008Input = {
  messageId: string;
  /** ISO date-time, e.g. "2024-03-05T10:15:00+01:00"; given, as the writer reads no clock. */
  createdAt: string;
  initiatingParty: { name: string };
  creditor: Pain008Party;
  /** SEPA Creditor Identifier, e.g. "DE98ZZZ09999999999". */
  creditorId: string;
  /** CORE unless told; a file holds one scheme only, as banks take CORE and B2B apart. */
  localInstrument?: 'CORE' | 'B2B';
  /** One credit per payment information block on the statement; true unless told. */
  batchBooking?: boolean;
  transactions: Pain008Transaction[];
};

// Outside the EEA, the EPC asks for the BIC and the address of a party whose bank is there; the
// IBAN's country stands for the bank's.
const NON_EEA_SEPA_COUNTRIES: ReadonlySet<string> = new Set([
  'AD',
  'AL',
  'CH',
  'GB',
  'GG',
  'GI',
  'IM',
  'JE',
  'MC',
  'MD',
  'ME',
  'MK',
  'SM',
  'VA',
]);

const checkSepaParty = (party: Pain008Party, what: string): void => {
  checkParty(party, what);
  const country = normalizeIban(party.iban)?.slice(0, 2) ?? '';
  if (!NON_EEA_SEPA_COUNTRIES.has(country)) return;
  if (party.bic === undefined || party.bic.trim() === '')
    fail(`${what} BIC is required for an account in ${country}, outside the EEA`);
  if (party.address === undefined)
    fail(`${what} address is required for an account in ${country}, outside the EEA`);
};

const transactionName = (transaction: Pain008Transaction, index: number): string =>
  `transaction ${index + 1} (${transaction.endToEndId === '' ? 'no end-to-end id' : transaction.endToEndId})`;

const checkAmendment = (mandate: Pain008Mandate): void => {
  const { amendment } = mandate;
  if (mandate.amended !== true) {
    if (amendment !== undefined)
      fail('the mandate amendment details are given but the mandate is not marked amended');
    return;
  }
  const given =
    amendment !== undefined &&
    [
      amendment.originalMandateReference,
      amendment.originalCreditorId,
      amendment.originalCreditorName,
      amendment.originalDebtorIban,
    ].some((value) => value !== undefined && value !== '');
  if (!given && amendment?.debtorBankChanged !== true)
    fail('the mandate is marked amended but the amendment details say nothing of what changed');
  if (amendment === undefined) return;
  checkId(amendment.originalMandateReference, 'the original mandate reference', false);
  checkText(amendment.originalCreditorName, 'the original creditor name', 70, false);
  const { originalCreditorId, originalDebtorIban } = amendment;
  if (
    originalCreditorId !== undefined &&
    originalCreditorId !== '' &&
    normalizeCreditorIdentifier(originalCreditorId) === null
  )
    fail(`the original creditor identifier "${originalCreditorId}" is not a valid SEPA creditor identifier`);
  if (
    originalDebtorIban !== undefined &&
    originalDebtorIban !== '' &&
    normalizeIban(originalDebtorIban) === null
  )
    fail(`the original debtor IBAN "${originalDebtorIban}" is not valid`);
};

const checkTransaction = (transaction: Pain008Transaction): void => {
  checkId(transaction.endToEndId, 'the end-to-end id', true);
  checkId(transaction.instructionId, 'the instruction id', false);
  if (!SEQUENCE_TYPES.includes(transaction.sequenceType))
    fail(`the sequence type "${transaction.sequenceType}" is not one of ${SEQUENCE_TYPES.join(', ')}`);
  checkSepaAmount(transaction.amount, 'SEPA direct debit');
  const collection = tryParseDate(transaction.requestedCollectionDate);
  if (collection === undefined)
    fail(`the requested collection date "${transaction.requestedCollectionDate}" is not a date YYYY-MM-DD`);
  checkId(transaction.mandate.reference, 'the mandate reference', true);
  const signed = tryParseDate(transaction.mandate.signedOn);
  if (signed === undefined)
    fail(`the mandate signature date "${transaction.mandate.signedOn}" is not a date YYYY-MM-DD`);
  if (signed !== undefined && collection !== undefined && compareDates(signed, collection) > 0) {
    fail(
      `the mandate signature date ${transaction.mandate.signedOn} is after the requested collection date ${transaction.requestedCollectionDate}`,
    );
  }
  checkAmendment(transaction.mandate);
  checkSepaParty(transaction.debtor, 'the debtor');
  checkText(transaction.remittanceInformation, 'the remittance information', 140, false);
};

type Block = { id: string; sequenceType: SequenceType; date: string; transactions: Pain008Transaction[] };

// One block per (date, sequence type), dates ascending, FRST before RCUR before OOFF before FNAL;
// inside a block the transactions keep the order they were given in.
const blocksOf = (input: Pain008Input): Block[] => {
  const key = (date: string, sequenceType: SequenceType): string =>
    `${date} ${SEQUENCE_TYPES.indexOf(sequenceType)}`;
  const groups = new Map<string, Pain008Transaction[]>();
  for (const transaction of input.transactions) {
    const group = key(transaction.requestedCollectionDate, transaction.sequenceType);
    groups.set(group, [...(groups.get(group) ?? []), transaction]);
  }
  // YYYY-MM-DD and a one-digit rank sort as text in calendar, then sequence, order.
  return [...groups.keys()].sort().map((group, index) => {
    const transactions = groups.get(group) ?? [];
    const first = transactions[0] as Pain008Transaction;
    return {
      id: `${input.messageId}-${index + 1}`,
      sequenceType: first.sequenceType,
      date: first.requestedCollectionDate,
      transactions,
    };
  });
};

const checkInput = (input: Pain008Input): void => {
  checkId(input.messageId, 'the message id', true);
  if (!isDateTime(input.createdAt)) fail(`the creation time "${input.createdAt}" is not an ISO date-time`);
  checkText(input.initiatingParty.name, 'the initiating party name', 70, true);
  checkSepaParty(input.creditor, 'the creditor');
  if (normalizeCreditorIdentifier(input.creditorId) === null)
    fail(`the creditor identifier "${input.creditorId}" is not a valid SEPA creditor identifier`);
  const instrument = input.localInstrument ?? 'CORE';
  if (instrument !== 'CORE' && instrument !== 'B2B')
    fail(`the local instrument "${String(instrument)}" is neither CORE nor B2B`);
  if (input.transactions.length === 0) fail('a direct debit file needs at least one transaction');

  const endToEndIds = new Set<string>();
  input.transactions.forEach((transaction, index) => {
    // Every message names the transaction, so that the caller can point at the faulty installment.
    checkNamed(transactionName(transaction, index), () => {
      checkTransaction(transaction);
      if (endToEndIds.has(transaction.endToEndId))
        fail(`the end-to-end id "${transaction.endToEndId}" is used twice`);
      endToEndIds.add(transaction.endToEndId);
    });
  });
};

// An optional text of blanks only is left out rather than written as blanks.
const blankAsMissing = (value: string | undefined): string | undefined =>
  value === undefined || value.trim() === '' ? undefined : value;

const sumOf = (transactions: readonly Pain008Transaction[]): string =>
  formatMoney({
    amountMinor: transactions.reduce((sum, transaction) => sum + transaction.amount.amountMinor, 0n),
    currency: 'EUR',
  });

const schemeId = (creditorId: string): XmlNode | null =>
  element(
    'Id',
    element('PrvtId', element('Othr', leaf('Id', creditorId), element('SchmeNm', leaf('Prtry', 'SEPA')))),
  );

const mandateInformation = (mandate: Pain008Mandate): XmlNode | null => {
  const amendment = mandate.amended === true ? mandate.amendment : undefined;
  const creditorId =
    amendment?.originalCreditorId === undefined || amendment.originalCreditorId === ''
      ? undefined
      : (normalizeCreditorIdentifier(amendment.originalCreditorId) ?? amendment.originalCreditorId);
  return element(
    'MndtRltdInf',
    leaf('MndtId', mandate.reference),
    leaf('DtOfSgntr', mandate.signedOn),
    leaf('AmdmntInd', mandate.amended === true ? 'true' : undefined),
    amendment === undefined
      ? null
      : element(
          'AmdmntInfDtls',
          leaf('OrgnlMndtId', amendment.originalMandateReference),
          element(
            'OrgnlCdtrSchmeId',
            leaf('Nm', amendment.originalCreditorName),
            creditorId === undefined ? null : schemeId(creditorId),
          ),
          amendment.originalDebtorIban === undefined || amendment.originalDebtorIban === ''
            ? null
            : account('OrgnlDbtrAcct', amendment.originalDebtorIban),
          amendment.debtorBankChanged === true
            ? element('OrgnlDbtrAgt', element('FinInstnId', element('Othr', leaf('Id', 'SMNDA'))))
            : null,
        ),
  );
};

/**
 * Writes a SEPA direct debit file (pain.008.001.08), one payment information block per requested
 * collection date and sequence type. Throws a `validation_failed` DomainError, naming the
 * transaction, on anything a bank would reject: a non-EUR or out-of-range amount, an invalid
 * IBAN, BIC or creditor identifier, a duplicate end-to-end id, a mandate signed after the
 * collection, a too long text.
 */
export const writePain008 = (input: Pain008Input): string => {
  checkInput(input);
  const blocks = blocksOf(input);
  const tooLong = blocks.find((block) => block.id.length > 35);
  if (tooLong !== undefined) {
    fail(
      `the payment information id "${tooLong.id}" (the message id, "-" and the block number) is longer than 35 characters; shorten the message id`,
    );
  }
  const creditorId = normalizeCreditorIdentifier(input.creditorId) ?? input.creditorId;

  const paymentInformation = blocks.map((block) =>
    element(
      'PmtInf',
      leaf('PmtInfId', block.id),
      leaf('PmtMtd', 'DD'),
      leaf('BtchBookg', input.batchBooking === false ? 'false' : 'true'),
      leaf('NbOfTxs', String(block.transactions.length)),
      leaf('CtrlSum', sumOf(block.transactions)),
      element(
        'PmtTpInf',
        element('SvcLvl', leaf('Cd', 'SEPA')),
        element('LclInstrm', leaf('Cd', input.localInstrument ?? 'CORE')),
        leaf('SeqTp', block.sequenceType),
      ),
      leaf('ReqdColltnDt', block.date),
      element('Cdtr', leaf('Nm', input.creditor.name), postalAddress(input.creditor.address)),
      account('CdtrAcct', input.creditor.iban),
      element('CdtrAgt', financialInstitution(input.creditor.bic)),
      leaf('ChrgBr', 'SLEV'),
      element('CdtrSchmeId', schemeId(creditorId)),
      ...block.transactions.map((transaction) =>
        element(
          'DrctDbtTxInf',
          element(
            'PmtId',
            leaf('InstrId', blankAsMissing(transaction.instructionId)),
            leaf('EndToEndId', transaction.endToEndId),
          ),
          leaf('InstdAmt', formatMoney(transaction.amount), { Ccy: 'EUR' }),
          element('DrctDbtTx', mandateInformation(transaction.mandate)),
          element('DbtrAgt', financialInstitution(transaction.debtor.bic)),
          element('Dbtr', leaf('Nm', transaction.debtor.name), postalAddress(transaction.debtor.address)),
          account('DbtrAcct', transaction.debtor.iban),
          element('RmtInf', leaf('Ustrd', blankAsMissing(transaction.remittanceInformation))),
        ),
      ),
    ),
  );

  return renderDocument({
    name: 'Document',
    attributes: { xmlns: PAIN_008_NAMESPACE },
    children: [
      element(
        'CstmrDrctDbtInitn',
        element(
          'GrpHdr',
          leaf('MsgId', input.messageId),
          leaf('CreDtTm', input.createdAt),
          leaf('NbOfTxs', String(input.transactions.length)),
          leaf('CtrlSum', sumOf(input.transactions)),
          element('InitgPty', leaf('Nm', input.initiatingParty.name)),
        ),
        ...paymentInformation,
      ),
    ],
  });
};

export type Pain008TransactionSummary = {
  endToEndId: string;
  amount: string;
  mandateReference: string;
  signedOn: string;
  debtorName: string;
  debtorIban: string;
  remittance: string | null;
};

export type Pain008PaymentInformationSummary = {
  id: string;
  sequenceType: SequenceType;
  requestedCollectionDate: string;
  numberOfTransactions: number;
  controlSum: string;
  creditorId: string;
  transactions: Pain008TransactionSummary[];
};

export type Pain008Summary = {
  messageId: string;
  numberOfTransactions: number;
  controlSum: string;
  paymentInformation: Pain008PaymentInformationSummary[];
};

type XmlObject = { [name: string]: XmlValue };
type XmlValue = string | XmlObject | XmlValue[];

const isObject = (value: XmlValue | undefined): value is XmlObject =>
  value !== undefined && typeof value === 'object' && !Array.isArray(value);

const parser = new XMLParser({
  ignoreAttributes: false,
  parseTagValue: false,
  // Texts as written: a name's leading space or an all-blank remittance is what the bank reads.
  trimValues: false,
  isArray: (name) => name === 'PmtInf' || name === 'DrctDbtTxInf',
});

const invalidFile = (message: string): never => {
  throw new DomainError('validation_failed', `not a readable pain.008.001.08 file: ${message}`);
};

// Follows a path of element names; a text leaf with attributes is read through its "#text".
const textAt = (node: XmlValue | undefined, path: string): string | null => {
  let current: XmlValue | undefined = node;
  for (const name of path.split('/')) {
    current = isObject(current) ? current[name] : undefined;
  }
  if (isObject(current)) current = current['#text'];
  return typeof current === 'string' ? current : null;
};

const requiredAt = (node: XmlValue, path: string): string =>
  textAt(node, path) ?? invalidFile(`${path} is missing`);

const countAt = (node: XmlValue, path: string): number => {
  const text = requiredAt(node, path);
  if (!/^\d+$/.test(text)) invalidFile(`${path} "${text}" is not a count`);
  return Number(text);
};

const listAt = (node: XmlValue, name: string): XmlValue[] => {
  const value = isObject(node) ? node[name] : undefined;
  return Array.isArray(value) ? value : [];
};

/**
 * Reads back what a pain.008.001.08 file collects: the group header, each payment information
 * block and its transactions, as written (amounts and sums as the decimal strings of the file).
 * Throws `validation_failed` when the XML is not well-formed, not of this namespace, or lacks an
 * element the summary needs.
 */
export const readPain008 = (xml: string): Pain008Summary => {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) invalidFile(`line ${valid.err.line}: ${valid.err.msg}`);
  const document = (parser.parse(xml) as XmlObject)['Document'];
  if (!isObject(document)) return invalidFile('no Document element');
  if (document['@_xmlns'] !== PAIN_008_NAMESPACE)
    invalidFile(`the namespace "${String(document['@_xmlns'])}" is not ${PAIN_008_NAMESPACE}`);
  const initiation = document['CstmrDrctDbtInitn'];
  if (initiation === undefined) return invalidFile('no CstmrDrctDbtInitn element');

  return {
    messageId: requiredAt(initiation, 'GrpHdr/MsgId'),
    numberOfTransactions: countAt(initiation, 'GrpHdr/NbOfTxs'),
    controlSum: requiredAt(initiation, 'GrpHdr/CtrlSum'),
    paymentInformation: listAt(initiation, 'PmtInf').map((block) => {
      const sequenceType = requiredAt(block, 'PmtTpInf/SeqTp');
      if (!SEQUENCE_TYPES.includes(sequenceType as SequenceType))
        invalidFile(`PmtTpInf/SeqTp "${sequenceType}" is not a sequence type`);
      return {
        id: requiredAt(block, 'PmtInfId'),
        sequenceType: sequenceType as SequenceType,
        requestedCollectionDate: requiredAt(block, 'ReqdColltnDt'),
        numberOfTransactions: countAt(block, 'NbOfTxs'),
        controlSum: requiredAt(block, 'CtrlSum'),
        creditorId: requiredAt(block, 'CdtrSchmeId/Id/PrvtId/Othr/Id'),
        transactions: listAt(block, 'DrctDbtTxInf').map((transaction) => ({
          endToEndId: requiredAt(transaction, 'PmtId/EndToEndId'),
          amount: requiredAt(transaction, 'InstdAmt'),
          mandateReference: requiredAt(transaction, 'DrctDbtTx/MndtRltdInf/MndtId'),
          signedOn: requiredAt(transaction, 'DrctDbtTx/MndtRltdInf/DtOfSgntr'),
          debtorName: requiredAt(transaction, 'Dbtr/Nm'),
          debtorIban: requiredAt(transaction, 'DbtrAcct/Id/IBAN'),
          remittance: textAt(transaction, 'RmtInf/Ustrd'),
        })),
      };
    }),
  };
};
