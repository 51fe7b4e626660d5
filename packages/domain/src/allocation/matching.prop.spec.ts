import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildMatchIndex, matchPayment, type IncomingPayment, type OpenItem } from './matching';

// ISO 11649 check digits, so that the generated references are real RF references.
const mod97 = (digits: string): number => [...digits].reduce((r, d) => (r * 10 + Number(d)) % 97, 0);
const rf = (base: string): string => `RF${String(98 - mod97(`${base}271500`)).padStart(2, '0')}${base}`;

const NAMES = [
  'Boulangerie Lefèvre SARL',
  'Müller Spedition GmbH',
  'Brasserie Peeters BV',
  'Hughes Joinery Ltd',
  'Jean Dupont',
];

const itemsArbitrary = fc
  .array(
    fc.record({
      customer: fc.nat({ max: NAMES.length - 1 }),
      case: fc.nat({ max: 1 }),
      amount: fc.bigInt({ min: 1n, max: 10_000_000n }),
      day: fc.nat({ max: 700 }),
      gbp: fc.nat({ max: 9 }).map((n) => n === 0),
      salt: fc.nat({ max: 9999 }),
    }),
    { minLength: 1, maxLength: 40 },
  )
  .map((rows) =>
    rows.map((row, i): OpenItem => ({
      itemId: `item-${i}`,
      caseId: `case-${row.customer}-${row.case}`,
      customerId: `cus-${row.customer}`,
      customerName: NAMES[row.customer] as string,
      number: `INV-${10_000 + i}`,
      // unique by construction: the item's position is part of the base
      structuredReference: rf(`${7000 + i}${String(row.salt).padStart(4, '0')}`),
      outstanding: { amountMinor: row.amount, currency: row.gbp ? 'GBP' : 'EUR' },
      dueDate: `2024-${String(1 + (row.day % 12)).padStart(2, '0')}-${String(1 + (row.day % 28)).padStart(2, '0')}`,
    })),
  );

const basePayment = (amount: bigint, currency: string): IncomingPayment => ({
  amount: { amountMinor: amount, currency },
  counterpartyName: null,
  counterpartyIban: null,
  structuredReferences: [],
  remittanceText: [],
  endToEndId: null,
});

describe('matching properties', () => {
  it('a payment quoting an item reference has that item on top with confidence >= 90', () => {
    fc.assert(
      fc.property(
        itemsArbitrary,
        fc.nat(),
        fc.bigInt({ min: 1n, max: 20_000_000n }),
        fc.constantFrom('field', 'spaced', 'text'),
        fc.option(fc.constantFrom(...NAMES.map((n) => n.toUpperCase()))),
        (items, pick, amount, written, payer) => {
          const target = items[pick % items.length] as OpenItem;
          const reference = target.structuredReference as string;
          const spaced = reference.toLowerCase().replace(/(.{4})(?=.)/g, '$1 ');
          const payment: IncomingPayment = {
            ...basePayment(amount, target.outstanding.currency),
            counterpartyName: payer,
            structuredReferences: written === 'field' ? [reference] : written === 'spaced' ? [spaced] : [],
            remittanceText: written === 'text' ? [`Communication ${spaced}`] : [],
          };
          const [top] = matchPayment(payment, buildMatchIndex(items));
          const expected = amount < target.outstanding.amountMinor ? amount : target.outstanding.amountMinor;
          expect(top?.confidence).toBeGreaterThanOrEqual(90);
          expect(top?.allocations).toEqual([
            {
              itemId: target.itemId,
              amount: { amountMinor: expected, currency: target.outstanding.currency },
            },
          ]);
        },
      ),
    );
  });

  it('every candidate allocates within the payment and the outstanding, in one case and currency', () => {
    const words = fc.constantFrom(
      'Facture',
      'Rechnung Nr.',
      'INV',
      '+',
      '15.03.2024',
      'EUR 1.250,00',
      'merci',
      'BE71 0961 2345 6769',
    );
    fc.assert(
      fc.property(
        itemsArbitrary,
        fc.array(fc.nat(), { maxLength: 4 }),
        fc.array(words, { maxLength: 4 }),
        fc.bigInt({ min: -100n, max: 30_000_000n }),
        fc.constantFrom('EUR', 'GBP'),
        fc.option(fc.constantFrom(...NAMES)),
        (items, picks, noise, amount, currency, payer) => {
          const named = picks.map((p) => (items[p % items.length] as OpenItem).number);
          const payment: IncomingPayment = {
            ...basePayment(amount, currency),
            counterpartyName: payer,
            remittanceText: [[...noise, ...named].join(' ')],
          };
          const byId = new Map(items.map((item) => [item.itemId, item]));
          const candidates = matchPayment(payment, buildMatchIndex(items));
          if (amount <= 0n) expect(candidates).toEqual([]);
          const seen = new Set<string>();
          candidates.forEach((c, k) => {
            expect(Number.isInteger(c.confidence) && c.confidence >= 0 && c.confidence <= 100).toBe(true);
            if (k > 0)
              expect(c.confidence).toBeLessThanOrEqual(
                (candidates[k - 1] as (typeof candidates)[number]).confidence,
              );
            expect(c.allocations.length).toBeGreaterThan(0);
            let total = 0n;
            for (const a of c.allocations) {
              const item = byId.get(a.itemId) as OpenItem;
              expect(a.amount.currency).toBe(currency);
              expect(item.outstanding.currency).toBe(currency);
              expect(a.amount.amountMinor > 0n && a.amount.amountMinor <= item.outstanding.amountMinor).toBe(
                true,
              );
              expect([item.caseId, item.customerId]).toEqual([c.caseId, c.customerId]);
              total += a.amount.amountMinor;
            }
            expect(total <= amount).toBe(true);
            const key = JSON.stringify(
              c.allocations.map((a) => [a.itemId, String(a.amount.amountMinor)]).sort(),
            );
            expect(seen.has(key)).toBe(false);
            seen.add(key);
          });
        },
      ),
    );
  });
});
