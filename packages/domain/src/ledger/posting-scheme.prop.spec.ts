import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currencyExponent } from '../money/money';
import type { JournalEntryDraft, Posting, SubLedgerAccount } from './ledger.types';
import { SUB_LEDGER_ACCOUNTS } from './ledger.types';
import { isGlEntryBalanced, toGeneralLedger } from './posting-scheme';
import { FR_PCG_SCHEME, GENERIC_EN_SCHEME } from './schemes';

const currencies = ['EUR', 'USD', 'JPY', 'KWD', 'CLF'] as const;
const pair = fc
  .tuple(fc.constantFrom(...currencies), fc.constantFrom(...currencies))
  .filter(([a, b]) => a !== b);

// Awkward rates: up to 12 decimals, from 1e-12 to 1e6.
const rate = fc
  .tuple(fc.bigInt({ min: 1n, max: 10n ** 18n }), fc.integer({ min: 0, max: 12 }))
  .map(([digits, decimals]) => {
    const text = digits.toString().padStart(decimals + 1, '0');
    return decimals === 0 ? text : `${text.slice(0, -decimals)}.${text.slice(-decimals)}`;
  });

const account = fc.constantFrom<SubLedgerAccount>(...SUB_LEDGER_ACCOUNTS);
const amount = fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }).filter((n) => n !== 0n);

// Random postings, closed by one balancing posting (skipped when they already balance).
const balancedDraft = (currency: string) =>
  fc.array(fc.tuple(account, amount), { minLength: 1, maxLength: 8 }).chain((lines) =>
    account.map((closing): JournalEntryDraft => {
      const postings: Posting[] = lines.map(([acc, amountMinor]) => ({
        account: acc,
        amountMinor,
        currency,
        itemId: null,
      }));
      const rest = postings.reduce((acc, p) => acc + p.amountMinor, 0n);
      if (rest !== 0n) postings.push({ account: closing, amountMinor: -rest, currency, itemId: null });
      return {
        eventType: 'PaymentAllocated',
        entryDate: '2026-03-10',
        label: 'x',
        postings,
        sourceKey: 's',
        reverses: null,
      };
    }),
  );

const pow10 = (n: number): bigint => 10n ** BigInt(n);

describe('posting scheme properties', () => {
  it('a converted entry always balances, every line but one is the exact product rounded half-up', () => {
    fc.assert(
      fc.property(
        pair.chain(([from, to]) => fc.tuple(balancedDraft(from), fc.constant(to), rate)),
        fc.constantFrom(FR_PCG_SCHEME, GENERIC_EN_SCHEME),
        ([draft, bookCurrency, fxRate], scheme) => {
          const entry = toGeneralLedger(draft, scheme, {
            caseNumber: '2026-000001',
            customerRef: 'C1',
            customerName: null,
            reference: 'R',
            bookCurrency,
            fxRate,
          });
          expect(isGlEntryBalanced(entry)).toBe(true);
          expect(entry.fxRate).toBe(fxRate);
          expect(entry.lines).toHaveLength(draft.postings.length);

          // exact = |original| × rateDigits × 10^eBook / (10^decimals × 10^eFrom), as a fraction.
          const from = draft.postings[0]!.currency;
          const [whole = '', fraction = ''] = fxRate.split('.');
          const rateDigits = BigInt(whole + fraction);
          const denominator = pow10(fraction.length + currencyExponent(from));
          let farFromExact = 0;
          entry.lines.forEach((line, i) => {
            const original = draft.postings[i]!.amountMinor;
            expect(line.originalAmountMinor).toBe(original);
            expect(line.originalCurrency).toBe(from);
            // Sides follow the sign of the posting.
            if (original > 0n) expect(line.creditMinor).toBe(0n);
            else expect(line.debitMinor).toBe(0n);
            const converted = line.debitMinor + line.creditMinor;
            const magnitude = original < 0n ? -original : original;
            const numerator = magnitude * rateDigits * pow10(currencyExponent(bookCurrency));
            // |converted - numerator / denominator| <= 1/2 unit, in integers.
            const gap = 2n * (converted * denominator - numerator);
            if ((gap < 0n ? -gap : gap) > denominator) farFromExact += 1;
          });
          expect(farFromExact).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('an entry in the book currency keeps its amounts exactly', () => {
    fc.assert(
      fc.property(balancedDraft('EUR'), (draft) => {
        const entry = toGeneralLedger(draft, FR_PCG_SCHEME, {
          caseNumber: '2026-000001',
          customerRef: 'C1',
          customerName: 'A',
          reference: 'R',
          bookCurrency: 'EUR',
        });
        expect(entry.lines.map((l) => l.debitMinor - l.creditMinor)).toEqual(
          draft.postings.map((p) => p.amountMinor),
        );
        expect(entry.fxRate).toBeNull();
      }),
    );
  });
});
