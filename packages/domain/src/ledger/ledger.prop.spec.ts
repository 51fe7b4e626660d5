import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../shared/domain-error';
import { formatMoney } from '../money/money';
import type { CaseCommand } from '../cases/case.commands';
import { decideCase } from '../cases/case.decide';
import type { CaseEvent, CaseEventType, MoneyJson } from '../cases/case.events';
import {
  evolveCase,
  initialCaseState,
  unallocatedMinor,
  type CaseState,
  type OpenCaseState,
} from '../cases/case.state';
import { accountBalances, caseAccountSummary, caseBalance, ledgerOf, trialBalance } from './case-ledger';
import { DEBT_COMPONENTS, type DebtComponent, type JournalEntryDraft } from './ledger.types';
import { isBalanced, postingsFor } from './postings';

// A run is a list of intents; each becomes a command only once the state it meets is known, so
// that amounts can be drawn as a share of what the case owes or holds. Shares above 100% and
// small id pools keep rejections (over-allocation, duplicate ids, retries) in the mix.

type Intent =
  | { kind: 'item'; idx: number; credit: boolean; minor: number }
  | { kind: 'payment'; idx: number; minor: number }
  | {
      kind: 'allocate';
      idx: number;
      payment: number;
      item: number | null;
      component: DebtComponent;
      share: number;
    }
  | { kind: 'cancel'; idx: number }
  | { kind: 'indemnity'; idx: number; item: number; minor: number }
  | { kind: 'fee' | 'cost' | 'interest'; idx: number; minor: number }
  | { kind: 'adjust'; idx: number; component: DebtComponent; raise: boolean; share: number }
  | { kind: 'writeOff'; idx: number; item: number | null; component: DebtComponent; share: number }
  | { kind: 'refund'; idx: number; share: number }
  | { kind: 'retry' }
  | { kind: 'close' };

const component = fc.constantFrom<DebtComponent>('principal', 'principal', 'interest', 'fees', 'costs');
const share = fc.integer({ min: 1, max: 120 });
const minor = fc.integer({ min: 1, max: 200_000 });
const idx = (max: number) => fc.integer({ min: 0, max });

const intent: fc.Arbitrary<Intent> = fc.oneof(
  {
    arbitrary: fc.record({ kind: fc.constant('item' as const), idx: idx(5), credit: fc.boolean(), minor }),
    weight: 12,
  },
  { arbitrary: fc.record({ kind: fc.constant('payment' as const), idx: idx(4), minor }), weight: 12 },
  {
    arbitrary: fc.record({
      kind: fc.constant('allocate' as const),
      idx: idx(9),
      payment: idx(5),
      item: fc.option(idx(5), { freq: 3 }),
      component,
      share,
    }),
    weight: 24,
  },
  { arbitrary: fc.record({ kind: fc.constant('cancel' as const), idx: idx(5) }), weight: 9 },
  {
    arbitrary: fc.record({ kind: fc.constant('indemnity' as const), idx: idx(3), item: idx(5), minor }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      kind: fc.constantFrom('fee' as const, 'cost' as const, 'interest' as const),
      idx: idx(3),
      minor,
    }),
    weight: 12,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('adjust' as const),
      idx: idx(3),
      component,
      raise: fc.boolean(),
      share,
    }),
    weight: 6,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('writeOff' as const),
      idx: idx(3),
      item: fc.option(idx(5), { freq: 3 }),
      component,
      share,
    }),
    weight: 6,
  },
  { arbitrary: fc.record({ kind: fc.constant('refund' as const), idx: idx(3), share }), weight: 6 },
  { arbitrary: fc.constant({ kind: 'retry' as const }), weight: 6 },
  // Rare: once closed, a case refuses every movement.
  { arbitrary: fc.constant({ kind: 'close' as const }), weight: 1 },
);

const intents = fc.array(intent, { minLength: 1, maxLength: 60, size: 'medium' });

const eur = (amountMinor: bigint | number): MoneyJson => ({
  amount: formatMoney({ amountMinor: BigInt(amountMinor), currency: 'EUR' }),
  currency: 'EUR',
});

// `share` percent of `limit`, at least one cent, so that even an empty limit yields a command
// (which the decider must then refuse).
const shareOf = (limit: bigint, percent: number): bigint => {
  const part = (limit * BigInt(percent)) / 100n;
  return part > 0n ? part : 1n;
};

// Mostly one of the ids the case knows (by position), sometimes one it does not.
const pick = (known: Iterable<string>, index: number, unknown: string): string => {
  const ids = [...known];
  return index === 5 || ids.length === 0 ? unknown : (ids[index % ids.length] ?? unknown);
};

const debtLimit = (state: OpenCaseState, c: DebtComponent, itemId: string | null): bigint => {
  const item = itemId === null ? undefined : state.itemOutstanding.get(itemId);
  const onCase = state.balances[c];
  return c === 'principal' && item !== undefined && item < onCase ? item : onCase;
};

const opening: CaseCommand = {
  type: 'OpenCase',
  data: {
    caseId: 'case-1',
    number: '2026-000001',
    caseType: 'collection',
    company: { code: 'ACME', name: 'Acme Finance SA' },
    currency: 'EUR',
    customFields: {},
    debtor: { partyId: 'party-debtor', name: 'Dupont SPRL', reference: null },
    openedOn: '2026-03-02',
  },
};

const toCommand = (i: Intent, state: OpenCaseState, lastAccepted: CaseCommand): CaseCommand => {
  const on = '2026-03-15';
  switch (i.kind) {
    case 'item':
      return {
        type: 'AddFinancialItem',
        data: {
          itemId: `item-${i.idx}`,
          number: `N-${i.idx}`,
          issueDate: '2026-01-10',
          dueDate: '2026-02-09',
          amount: eur(i.credit ? -i.minor : i.minor),
        },
      };
    case 'payment':
      return {
        type: 'ReceivePayment',
        data: { paymentId: `pay-${i.idx}`, amount: eur(i.minor), receivedOn: on, method: 'bank_transfer' },
      };
    case 'allocate': {
      const itemId = i.item === null ? null : pick(state.itemOutstanding.keys(), i.item, 'item-unknown');
      const paymentId = pick(state.payments.keys(), i.payment, 'pay-unknown');
      const cash = state.payments.get(paymentId)?.unallocatedMinor ?? 0n;
      const debt = debtLimit(state, i.component, itemId);
      return {
        type: 'AllocatePayment',
        data: {
          allocationId: `alloc-${i.idx}`,
          paymentId,
          itemId,
          component: i.component,
          amount: eur(shareOf(cash < debt ? cash : debt, i.share)),
          allocatedOn: on,
        },
      };
    }
    case 'cancel': {
      const allocationId = pick(state.allocations.keys(), i.idx, 'alloc-unknown');
      return { type: 'CancelAllocation', data: { allocationId, cancelledOn: on, reason: 'mistake' } };
    }
    case 'fee':
      return {
        type: 'ChargeFee',
        data: { feeId: `fee-${i.idx}`, amount: eur(i.minor), chargedOn: on, label: 'Reminder' },
      };
    case 'indemnity':
      return {
        type: 'ChargeRecoveryIndemnity',
        data: {
          indemnityId: `ri-${i.idx}`,
          itemId: pick(state.itemOutstanding.keys(), i.item, 'item-unknown'),
          amount: eur(i.minor),
          chargedOn: on,
          label: 'Fixed indemnity',
          legalBasis: 'Directive 2011/7/EU, art. 6',
        },
      };
    case 'cost':
      return {
        type: 'ChargeRecoveryCost',
        data: { costId: `cost-${i.idx}`, amount: eur(i.minor), chargedOn: on, label: 'Bailiff' },
      };
    case 'interest':
      return {
        type: 'AccrueInterest',
        data: {
          accrualId: `int-${i.idx}`,
          amount: eur(i.minor),
          from: '2026-02-10',
          to: '2026-03-14',
          accruedOn: on,
          label: '8%',
        },
      };
    case 'adjust': {
      const by = shareOf(state.balances[i.component] > 0n ? state.balances[i.component] : 10_000n, i.share);
      return {
        type: 'AdjustBalance',
        data: {
          adjustmentId: `adj-${i.idx}`,
          component: i.component,
          amount: eur(i.raise ? by : -by),
          adjustedOn: on,
          reason: 'agreed',
        },
      };
    }
    case 'writeOff': {
      const itemId = i.item === null ? null : pick(state.itemOutstanding.keys(), i.item, 'item-unknown');
      return {
        type: 'WriteOffAmount',
        data: {
          writeOffId: `wo-${i.idx}`,
          itemId,
          component: i.component,
          amount: eur(shareOf(debtLimit(state, i.component, itemId), i.share)),
          writtenOffOn: on,
          reason: 'insolvency',
        },
      };
    }
    case 'refund':
      return {
        type: 'IssueRefund',
        data: {
          refundId: `ref-${i.idx}`,
          amount: eur(shareOf(unallocatedMinor(state), i.share)),
          refundedOn: on,
          reason: 'overpaid',
        },
      };
    case 'retry':
      return lastAccepted;
    case 'close':
      return { type: 'CloseCase', data: {} };
  }
};

type Run = {
  readonly events: CaseEvent[];
  /** The entries drafted event by event, as they were recorded. */
  readonly recorded: JournalEntryDraft[];
  readonly state: OpenCaseState;
  /** Every state reached, to check invariants that must hold all along. */
  readonly states: OpenCaseState[];
};

const open = (state: CaseState): OpenCaseState => {
  if (state.status === 'initial') throw new Error('the case should be open');
  return state;
};

const run = (plan: readonly Intent[]): Run => {
  const events = decideCase(opening, initialCaseState);
  let state = open(events.reduce(evolveCase, initialCaseState));
  let lastAccepted: CaseCommand = opening;
  const recorded: JournalEntryDraft[] = [];
  const states = [state];
  for (const i of plan) {
    const command = toCommand(i, state, lastAccepted);
    try {
      const produced = decideCase(command, state);
      for (const event of produced) {
        state = open(evolveCase(state, event));
        const entry = postingsFor(event);
        if (entry) recorded.push(entry);
      }
      events.push(...produced);
      lastAccepted = command;
    } catch (error) {
      if (!isDomainError(error)) throw error;
    }
    states.push(state);
  }
  return { events, recorded, state, states };
};

const runs = intents.map(run);

const sumBy = <T>(items: readonly T[], f: (item: T) => bigint): bigint =>
  items.reduce((total, x) => total + f(x), 0n);

describe('case ledger properties', () => {
  it('generates runs that exercise every money movement (the properties below are not vacuous)', () => {
    const seen = new Set<CaseEventType>();
    for (const { events } of fc.sample(runs, { numRuns: 200, seed: 42 }))
      for (const e of events) seen.add(e.type);
    expect([...seen].sort()).toEqual(
      expect.arrayContaining([
        'AllocationCancelled',
        'AmountWrittenOff',
        'BalanceAdjusted',
        'FeeCharged',
        'FinancialItemAdded',
        'InterestAccrued',
        'PaymentAllocated',
        'PaymentReceived',
        'RecoveryCostCharged',
        'RefundIssued',
      ]),
    );
  });

  it('every entry balances per currency, in the case currency, without a zero line', () => {
    fc.assert(
      fc.property(runs, ({ recorded }) => {
        for (const entry of recorded) {
          expect(isBalanced(entry)).toBe(true);
          expect(entry.postings.length).toBeGreaterThan(0);
          for (const p of entry.postings) {
            expect(p.amountMinor).not.toBe(0n);
            expect(p.currency).toBe('EUR');
          }
        }
      }),
    );
  });

  it('the trial balance is zero in every currency', () => {
    fc.assert(
      fc.property(runs, ({ recorded }) => {
        for (const tb of Object.values(trialBalance(recorded))) {
          expect(tb.balance.amountMinor).toBe(0n);
          expect(tb.totalDebit).toEqual(tb.totalCredit);
          expect(sumBy(tb.lines, (line) => line.balance.amountMinor)).toBe(0n);
        }
      }),
    );
  });

  it("the case's balance is the fold of its postings: state and ledger agree, per component and per item", () => {
    fc.assert(
      fc.property(runs, ({ recorded, state }) => {
        const fromState = sumBy(DEBT_COMPONENTS, (c) => state.balances[c]) - unallocatedMinor(state);
        expect(caseBalance(recorded)['EUR']?.amountMinor ?? 0n).toBe(fromState);

        const balances = accountBalances(recorded)['EUR'];
        for (const c of DEBT_COMPONENTS) expect(balances?.[c] ?? 0n).toBe(state.balances[c]);
        expect(-(balances?.unallocated ?? 0n)).toBe(unallocatedMinor(state));

        const principal = recorded.flatMap((e) => e.postings).filter((p) => p.account === 'principal');
        for (const [itemId, outstanding] of state.itemOutstanding)
          expect(
            sumBy(
              principal.filter((p) => p.itemId === itemId),
              (p) => p.amountMinor,
            ),
          ).toBe(outstanding);
      }),
    );
  });

  it('replaying the events rebuilds the same ledger, also from events read back as JSON', () => {
    fc.assert(
      fc.property(runs, ({ events, recorded }) => {
        expect(ledgerOf(events)).toEqual(recorded);
        expect(ledgerOf(events)).toEqual(ledgerOf(events));
        expect(ledgerOf(JSON.parse(JSON.stringify(events)) as CaseEvent[])).toEqual(recorded);
      }),
    );
  });

  it("a cancelled allocation's entry and its reversal cancel out account by account", () => {
    fc.assert(
      fc.property(runs, ({ recorded }) => {
        for (const reversal of recorded.filter((e) => e.reverses !== null)) {
          const original = recorded.filter(
            (e) => e.sourceKey === reversal.reverses && e.eventType === 'PaymentAllocated',
          );
          expect(original).toHaveLength(1);
          const net = new Map<string, bigint>();
          for (const p of [...(original[0]?.postings ?? []), ...reversal.postings]) {
            const key = `${p.account}|${p.itemId}|${p.currency}`;
            net.set(key, (net.get(key) ?? 0n) + p.amountMinor);
          }
          for (const amount of net.values()) expect(amount).toBe(0n);
        }
      }),
    );
  });

  it('the case account summary reconciles: what was charged less what was settled is what is owed', () => {
    fc.assert(
      fc.property(runs, ({ recorded }) => {
        const s = caseAccountSummary(recorded)['EUR'];
        if (!s) return;
        const v = (m: { amountMinor: bigint }) => m.amountMinor;
        expect(v(s.totalOutstanding)).toBe(
          v(s.originalClaim) -
            v(s.creditNotes) +
            v(s.interestAccrued) +
            v(s.feesCharged) +
            v(s.costsCharged) +
            v(s.adjusted) -
            v(s.settled) -
            v(s.writtenOff),
        );
        expect(v(s.unallocated) + v(s.overpayment)).toBe(v(s.received) - v(s.refunded) - v(s.settled));
        expect(v(s.netBalance)).toBe(v(s.totalOutstanding) - v(s.unallocated) - v(s.overpayment));
        expect(s.netBalance).toEqual(caseBalance(recorded)['EUR']);
      }),
    );
  });

  it('the decider never lets cash held, interest, fees, costs or an invoice go below zero', () => {
    fc.assert(
      fc.property(runs, ({ states }) => {
        for (const state of states) {
          for (const c of ['interest', 'fees', 'costs'] as const)
            expect(state.balances[c]).toBeGreaterThanOrEqual(0n);
          for (const p of state.payments.values()) expect(p.unallocatedMinor).toBeGreaterThanOrEqual(0n);
          for (const item of state.items.values())
            if (item.kind === 'invoice')
              expect(state.itemOutstanding.get(item.itemId)).toBeGreaterThanOrEqual(0n);
        }
      }),
    );
  });
});
