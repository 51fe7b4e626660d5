import { describe, expect, it } from 'vitest';
import { formatMoney, parseMoney } from '../money/money';
import { DomainError } from '../shared/domain-error';
import {
  ALLOCATION_POLICIES,
  allocateByWaterfall,
  findAllocationPolicy,
  type AllocationPolicy,
  type DebtSnapshot,
  type ItemOrder,
} from './waterfall';

const eur = (amount: string) => parseMoney(amount, 'EUR');
const minor = (amount: string): bigint => eur(amount).amountMinor;

// A French B2B case: three invoices, the €40 recovery indemnity as a fee, a bailiff's cost and
// late-payment interest. Invoice C is the oldest; B is the one the debtor's letter mentioned.
const debt: DebtSnapshot = {
  currency: 'EUR',
  components: { costs: minor('40.00'), fees: minor('15.00'), interest: minor('12.50') },
  items: [
    { itemId: 'A', dueDate: '2024-01-10', outstanding: minor('100.00') },
    { itemId: 'B', dueDate: '2024-02-10', outstanding: minor('200.00'), referenced: true },
    { itemId: 'C', dueDate: '2023-12-01', outstanding: minor('50.00') },
  ],
};

// "costs 40.00", "principal C 50.00", ... in the order the waterfall took them
const run = (amount: string, policy: AllocationPolicy, snapshot: DebtSnapshot = debt) => {
  const { lines, remainder } = allocateByWaterfall(eur(amount), snapshot, policy);
  return {
    lines: lines.map(
      (l) => `${l.component}${l.itemId === null ? '' : ` ${l.itemId}`} ${formatMoney(l.amount)}`,
    ),
    remainder: formatMoney(remainder),
  };
};

describe('allocation policies', () => {
  it('default: costs, fees, interest, then principal oldest first', () => {
    expect(run('150.00', ALLOCATION_POLICIES.default)).toEqual({
      lines: ['costs 40.00', 'fees 15.00', 'interest 12.50', 'principal C 50.00', 'principal A 32.50'],
      remainder: '0.00',
    });
    expect(run('60.00', ALLOCATION_POLICIES.default).lines).toEqual([
      'costs 40.00',
      'fees 15.00',
      'interest 5.00',
    ]);
  });

  it('BGB § 367: costs (fees with them), then interest, then principal; § 366: oldest due debt first', () => {
    expect(run('60.00', ALLOCATION_POLICIES['de-bgb-366-367']).lines).toEqual([
      'costs 40.00',
      'fees 15.00',
      'interest 5.00',
    ]);
    expect(run('150.00', ALLOCATION_POLICIES['de-bgb-366-367']).lines).toEqual([
      'costs 40.00',
      'fees 15.00',
      'interest 12.50',
      'principal C 50.00',
      'principal A 32.50',
    ]);
  });

  it('Code civil art. 1343-1: interest first; art. 1342-10: then the oldest due debt', () => {
    expect(run('60.00', ALLOCATION_POLICIES['fr-code-civil-1342-10']).lines).toEqual([
      'interest 12.50',
      'fees 15.00',
      'costs 32.50',
    ]);
    expect(run('150.00', ALLOCATION_POLICIES['fr-code-civil-1342-10']).lines).toEqual([
      'interest 12.50',
      'fees 15.00',
      'costs 40.00',
      'principal C 50.00',
      'principal A 32.50',
    ]);
  });

  it('principal-first: the oldest invoices before interest, fees and costs', () => {
    expect(run('60.00', ALLOCATION_POLICIES['principal-first']).lines).toEqual([
      'principal C 50.00',
      'principal A 10.00',
    ]);
    expect(run('360.00', ALLOCATION_POLICIES['principal-first']).lines).toEqual([
      'principal C 50.00',
      'principal A 100.00',
      'principal B 200.00',
      'interest 10.00',
    ]);
  });

  it('orders invoices as the policy says, ties going to the oldest', () => {
    const withOrder = (itemOrder: ItemOrder): AllocationPolicy => ({
      ...ALLOCATION_POLICIES['principal-first'],
      itemOrder,
    });
    expect(run('260.00', withOrder('referenced-first')).lines).toEqual([
      'principal B 200.00',
      'principal C 50.00',
      'principal A 10.00',
    ]);
    expect(run('260.00', withOrder('largest-first')).lines).toEqual([
      'principal B 200.00',
      'principal A 60.00',
    ]);
    expect(run('260.00', withOrder('smallest-first')).lines).toEqual([
      'principal C 50.00',
      'principal A 100.00',
      'principal B 110.00',
    ]);
    const tie: DebtSnapshot = {
      ...debt,
      items: [
        { itemId: 'late', dueDate: '2024-05-01', outstanding: minor('10.00') },
        { itemId: 'early', dueDate: '2024-01-01', outstanding: minor('10.00') },
      ],
    };
    expect(run('10.00', withOrder('largest-first'), tie).lines).toEqual(['principal early 10.00']);
  });

  it('an overpayment settles everything and leaves the rest as remainder', () => {
    expect(run('500.00', ALLOCATION_POLICIES.default)).toEqual({
      lines: [
        'costs 40.00',
        'fees 15.00',
        'interest 12.50',
        'principal C 50.00',
        'principal A 100.00',
        'principal B 200.00',
      ],
      remainder: '82.50',
    });
  });

  it('a credit balance or a credit note owes nothing', () => {
    const credit: DebtSnapshot = {
      currency: 'EUR',
      components: { costs: 0n, fees: minor('-5.00'), interest: minor('3.00') },
      items: [
        { itemId: 'credit-note', dueDate: '2024-01-01', outstanding: minor('-20.00') },
        { itemId: 'invoice', dueDate: '2024-02-01', outstanding: minor('10.00') },
      ],
    };
    expect(run('20.00', ALLOCATION_POLICIES.default, credit)).toEqual({
      lines: ['interest 3.00', 'principal invoice 10.00'],
      remainder: '7.00',
    });
  });

  it('a zero payment allocates nothing', () => {
    expect(run('0.00', ALLOCATION_POLICIES.default)).toEqual({ lines: [], remainder: '0.00' });
  });

  it('rejects a negative amount, another currency and an incomplete component order', () => {
    const code = (f: () => unknown): string | undefined => {
      try {
        f();
        return undefined;
      } catch (error) {
        return error instanceof DomainError ? error.code : 'not a DomainError';
      }
    };
    expect(code(() => allocateByWaterfall(eur('-1.00'), debt, ALLOCATION_POLICIES.default))).toBe(
      'invalid_amount',
    );
    expect(
      code(() => allocateByWaterfall(parseMoney('1.00', 'GBP'), debt, ALLOCATION_POLICIES.default)),
    ).toBe('currency_mismatch');
    const partial = { ...ALLOCATION_POLICIES.default, componentOrder: ['interest', 'principal'] as const };
    expect(code(() => allocateByWaterfall(eur('1.00'), debt, partial))).toBe('validation_failed');
    const twice = {
      ...ALLOCATION_POLICIES.default,
      componentOrder: ['interest', 'interest', 'fees', 'principal'] as const,
    };
    expect(code(() => allocateByWaterfall(eur('1.00'), debt, twice))).toBe('validation_failed');
  });

  it('finds a built-in policy by code', () => {
    expect(findAllocationPolicy('fr-code-civil-1342-10')?.legalBasis).toBe(
      'Code civil art. 1342-10, art. 1343-1',
    );
    expect(findAllocationPolicy('toString')).toBeUndefined();
    for (const [code, policy] of Object.entries(ALLOCATION_POLICIES)) expect(policy.code).toBe(code);
  });
});
