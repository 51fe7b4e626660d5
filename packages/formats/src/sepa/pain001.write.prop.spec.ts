import { parseMoney } from '@quittance/domain';
import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { writePain001, type Pain001Payment } from './pain001.write';

const parser = new XMLParser({
  ignoreAttributes: false,
  parseTagValue: false,
  isArray: (name) => name === 'CdtTrfTxInf',
});

const refund = (amountMinor: bigint, i: number): Pain001Payment => ({
  endToEndId: `REFUND-${i}`,
  amount: { amountMinor, currency: 'EUR' },
  creditor: { name: `Client ${i}`, iban: 'BE43068999999501', address: { townName: 'Gent', country: 'BE' } },
  remittanceInformation: `Refund ${i}`,
});

describe('writePain001 (properties)', () => {
  it('states a control sum equal to the exact total of the amounts it lists', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 1n, max: 99_999_999_999n }), { minLength: 1, maxLength: 30 }),
        (amounts) => {
          const xml = writePain001({
            messageId: 'MSG-1',
            createdAt: '2024-03-04T16:02:11Z',
            initiatingParty: { name: 'Quittance' },
            debtor: {
              name: 'Quittance',
              iban: 'BE68539007547034',
              address: { townName: 'Ixelles', country: 'BE' },
            },
            requestedExecutionDate: '2024-03-05',
            payments: amounts.map(refund),
          });
          const doc = parser.parse(xml) as {
            Document: {
              CstmrCdtTrfInitn: {
                GrpHdr: { CtrlSum: string };
                PmtInf: { CtrlSum: string; CdtTrfTxInf: { Amt: { InstdAmt: { '#text': string } } }[] };
              };
            };
          };
          const { GrpHdr, PmtInf } = doc.Document.CstmrCdtTrfInitn;
          const listed = PmtInf.CdtTrfTxInf.map(
            (tx) => parseMoney(tx.Amt.InstdAmt['#text'], 'EUR').amountMinor,
          );
          const total = amounts.reduce((sum, amount) => sum + amount, 0n);
          expect(listed).toEqual(amounts);
          expect(parseMoney(GrpHdr.CtrlSum, 'EUR').amountMinor).toBe(total);
          expect(PmtInf.CtrlSum).toBe(GrpHdr.CtrlSum);
        },
      ),
    );
  });
});
