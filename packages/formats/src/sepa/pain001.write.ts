import { formatMoney, tryParseDate, type Money } from '@quittance/domain';
import {
  account,
  bic,
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
  type SepaPostalAddress,
  type XmlNode,
} from './sepa-checks';

// SEPA credit transfer initiation, ISO 20022 pain.001.001.09, as the EPC implementation guidelines
// restrict it: EUR only, structured addresses, service level SEPA, charges shared (SLEV).

export const PAIN_001_NAMESPACE = 'urn:iso:std:iso:20022:tech:xsd:pain.001.001.09';

export type Pain001PostalAddress = SepaPostalAddress;
export type Pain001Party = SepaParty;

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

const paymentName = (payment: Pain001Payment, index: number): string =>
  `payment ${index + 1} (${payment.endToEndId === '' ? 'no end-to-end id' : payment.endToEndId})`;

const checkInput = (input: Pain001Input): void => {
  checkId(input.messageId, 'the message id', true);
  checkId(input.paymentInformationId, 'the payment information id', false);
  if (!isDateTime(input.createdAt)) fail(`the creation time "${input.createdAt}" is not an ISO date-time`);
  if (tryParseDate(input.requestedExecutionDate) === undefined) {
    fail(`the requested execution date "${input.requestedExecutionDate}" is not a date YYYY-MM-DD`);
  }
  checkText(input.initiatingParty.name, 'the initiating party name', 70, true);
  checkParty(input.debtor, 'the debtor');
  if (input.payments.length === 0) fail('a credit transfer file needs at least one payment');

  const endToEndIds = new Set<string>();
  input.payments.forEach((payment, index) => {
    // Every message names the payment, so that the caller can point at the faulty refund.
    checkNamed(paymentName(payment, index), () => {
      checkId(payment.endToEndId, 'the end-to-end id', true);
      checkId(payment.instructionId, 'the instruction id', false);
      if (endToEndIds.has(payment.endToEndId))
        fail(`the end-to-end id "${payment.endToEndId}" is used twice`);
      endToEndIds.add(payment.endToEndId);
      checkSepaAmount(payment.amount, 'SEPA credit transfer');
      checkParty(payment.creditor, 'the creditor');
      checkText(payment.remittanceInformation, 'the remittance information', 140, false);
    });
  });
};

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

  const document: XmlNode = {
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
          element('DbtrAgt', financialInstitution(input.debtor.bic)),
          leaf('ChrgBr', 'SLEV'),
          ...transactions,
        ),
      ),
    ],
  };
  return renderDocument(document);
};
