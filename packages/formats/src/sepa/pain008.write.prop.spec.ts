import { formatMoney, parseMoney } from '@quittance/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readPain008, writePain008, type Pain008Transaction, type SequenceType } from './pain008.write';

const IBANS = [
  'BE68539007547034',
  'NL91ABNA0417164300',
  'FR1420041010050500013M02606',
  'DE89370400440532013000',
];
const SEQUENCE_TYPES: SequenceType[] = ['FRST', 'RCUR', 'OOFF', 'FNAL'];
const DATES = ['2024-04-05', '2024-05-06', '2024-12-31', '2025-01-02'];

// Installments of a plan: any SEPA amount, any sequence type, a few collection dates, debtor
// names and remittances of any Unicode text XML can carry (so with & < > " ' to escape).
const xmlText = (maxLength: number) =>
  fc.string({ unit: 'binary', maxLength }).filter((text) => !/[\p{Cc}\uFFFE\uFFFF]/u.test(text));

const installment = fc.record({
  amountMinor: fc.bigInt({ min: 1n, max: 99_999_999_999n }),
  sequenceType: fc.constantFrom(...SEQUENCE_TYPES),
  date: fc.constantFrom(...DATES),
  iban: fc.constantFrom(...IBANS),
  name: xmlText(70).filter((name) => name.trim() !== ''),
  remittance: xmlText(140),
});

type Installment = typeof installment extends fc.Arbitrary<infer T> ? T : never;

const toTransaction = (generated: Installment, index: number): Pain008Transaction => ({
  endToEndId: `PLAN-${index}`,
  amount: { amountMinor: generated.amountMinor, currency: 'EUR' },
  sequenceType: generated.sequenceType,
  requestedCollectionDate: generated.date,
  mandate: { reference: `MNDT-${index}`, signedOn: '2024-01-15' },
  debtor: { name: generated.name, iban: generated.iban },
  remittanceInformation: generated.remittance,
});

const sum = (amounts: readonly bigint[]): bigint => amounts.reduce((total, amount) => total + amount, 0n);
const minor = (text: string): bigint => parseMoney(text, 'EUR').amountMinor;

describe('writePain008 (properties)', () => {
  it('reads back the same transactions, and control sums equal to the exact totals', () => {
    fc.assert(
      fc.property(fc.array(installment, { minLength: 1, maxLength: 25 }), (generated) => {
        const transactions = generated.map(toTransaction);
        const summary = readPain008(
          writePain008({
            messageId: 'QTC-DD-PROP',
            createdAt: '2024-03-25T09:30:00Z',
            initiatingParty: { name: 'Quittance' },
            creditor: { name: 'Quittance', iban: 'DE89370400440532013000' },
            creditorId: 'DE98ZZZ09999999999',
            transactions,
          }),
        );
        const read = summary.paymentInformation.flatMap((block) => block.transactions);

        // Every transaction once, with its amount, debtor and remittance as given.
        const byId = new Map(read.map((tx) => [tx.endToEndId, tx]));
        expect(read).toHaveLength(transactions.length);
        for (const transaction of transactions) {
          const back = byId.get(transaction.endToEndId);
          expect(back?.amount).toBe(formatMoney(transaction.amount));
          expect(back?.debtorName).toBe(transaction.debtor.name);
          expect(back?.remittance ?? '').toBe(
            transaction.remittanceInformation.trim() === '' ? '' : transaction.remittanceInformation,
          );
        }

        expect(summary.numberOfTransactions).toBe(transactions.length);
        expect(minor(summary.controlSum)).toBe(sum(transactions.map((tx) => tx.amount.amountMinor)));
        for (const block of summary.paymentInformation) {
          expect(block.numberOfTransactions).toBe(block.transactions.length);
          expect(minor(block.controlSum)).toBe(sum(block.transactions.map((tx) => minor(tx.amount))));
          // A block holds exactly the transactions of its date and sequence type.
          const expected = transactions.filter(
            (tx) =>
              tx.requestedCollectionDate === block.requestedCollectionDate &&
              tx.sequenceType === block.sequenceType,
          );
          expect(block.transactions.map((tx) => tx.endToEndId)).toEqual(expected.map((tx) => tx.endToEndId));
        }

        // Blocks in date order, then FRST, RCUR, OOFF, FNAL, numbered from 1.
        const keys = summary.paymentInformation.map(
          (block) => `${block.requestedCollectionDate} ${SEQUENCE_TYPES.indexOf(block.sequenceType)}`,
        );
        expect(keys).toEqual([...new Set(keys)].sort());
        expect(summary.paymentInformation.map((block) => block.id)).toEqual(
          summary.paymentInformation.map((_, index) => `QTC-DD-PROP-${index + 1}`),
        );
      }),
    );
  });
});
