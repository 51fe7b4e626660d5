import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Temporal } from '@js-temporal/polyfill';
import { assignVariant, variantBucket } from './champion-challenger';
import { compiled, input, standard } from './dunning.spec-helper';
import {
  contactsOf,
  planDunning,
  runOf,
  type DunningInput,
  type DunningItem,
  type DunningItemBlock,
  type DunningPlan,
} from './dunning.plan';
import type { StepChannel } from './strategy';

// Properties of the planner over random cases, and of the variant split over random ids.

const STRATEGIES = [
  compiled(standard('business-standard')),
  compiled({ ...standard('business-standard'), mode: 'item' }),
  compiled(standard('consumer-gentle')),
  compiled(standard('key-account-personal')),
];

const START = Temporal.PlainDate.from('2025-01-01');

const blockArb = (today: Temporal.PlainDate): fc.Arbitrary<DunningItemBlock | null> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constant(null) },
    fc.constant<DunningItemBlock>({ kind: 'disputed' }),
    fc.constant<DunningItemBlock>({ kind: 'in-plan' }),
    fc
      .integer({ min: -10, max: 10 })
      .map<DunningItemBlock>((d) => ({ kind: 'promised', until: today.add({ days: d }).toString() })),
    fc.option(fc.integer({ min: -10, max: 10 }), { nil: null }).map<DunningItemBlock>((d) => ({
      kind: 'stopped',
      reason: 'r',
      until: d === null ? null : today.add({ days: d }).toString(),
    })),
  );

const itemsArb = (today: Temporal.PlainDate): fc.Arbitrary<DunningItem[]> =>
  fc
    .array(
      fc.record({
        credit: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
        offset: fc.integer({ min: -120, max: 30 }),
        amount: fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 200_000n })),
        block: blockArb(today),
      }),
      { minLength: 0, maxLength: 6 },
    )
    .map((rows) =>
      rows.map((r, i) => ({
        itemId: `i${i}`,
        number: `N-${i}`,
        kind: r.credit ? ('credit_note' as const) : ('invoice' as const),
        dueDate: today.add({ days: -r.offset }).toString(),
        outstandingMinor: r.credit ? -r.amount : r.amount,
        currency: 'EUR',
        block: r.block,
      })),
    );

const caseArb = fc
  .record({
    strategy: fc.constantFrom(...STRATEGIES),
    day: fc.integer({ min: 0, max: 364 }),
    minute: fc.integer({ min: 0, max: 24 * 60 - 1 }),
    customerType: fc.constantFrom('business' as const, 'consumer' as const, null),
    timeZone: fc.constantFrom('Europe/Paris', 'America/New_York', 'Asia/Tokyo', null, 'Not/AZone'),
    optedOut: fc.subarray<StepChannel>(['email', 'sms', 'letter', 'phone'], { maxLength: 2 }),
  })
  .chain((c) => {
    const today = START.add({ days: c.day });
    return itemsArb(today).map((items) => ({ ...c, today, items }));
  });

const toInput = (c: {
  strategy: (typeof STRATEGIES)[number];
  today: Temporal.PlainDate;
  minute: number;
  customerType: 'business' | 'consumer' | null;
  timeZone: string | null;
  optedOut: StepChannel[];
  items: DunningItem[];
}): DunningInput =>
  input({
    strategy: c.strategy,
    today: c.today.toString(),
    now: c.today.toZonedDateTime({ timeZone: 'UTC' }).add({ minutes: c.minute }).toInstant().toString(),
    items: c.items,
    debtor: { customerType: c.customerType, timeZone: c.timeZone, optedOut: c.optedOut },
  });

/** Plays the strategy day by day for `days` days before `c.today`, running what is due. */
const withHistory = (i: DunningInput, days: number): DunningInput => {
  const today = Temporal.PlainDate.from(i.today);
  let state: DunningInput = { ...i };
  for (let d = days; d >= 1; d--) {
    const day = today.add({ days: -d });
    const at = day.toZonedDateTime({ timeZone: 'UTC', plainTime: '10:00' }).toInstant().toString();
    const plan = planDunning({ ...state, today: day.toString(), now: at });
    state = record(state, plan, day.toString(), at);
  }
  return { ...state, today: i.today, now: i.now };
};

const record = (i: DunningInput, plan: DunningPlan, on: string, at: string): DunningInput => ({
  ...i,
  history: [...i.history, ...plan.due.map((a) => runOf(a, on))],
  contacts: [...i.contacts, ...plan.due.flatMap((a) => contactsOf(a, at))],
});

const isChaseable = (item: DunningItem, today: string): boolean => {
  const b = item.block;
  const blocked =
    b !== null &&
    b !== undefined &&
    (b.kind === 'disputed' ||
      b.kind === 'in-plan' ||
      (b.kind === 'promised' && today <= b.until) ||
      (b.kind === 'stopped' && (b.until === null || today <= b.until)));
  return (
    !blocked && (item.kind === 'credit_note' ? item.outstandingMinor !== 0n : item.outstandingMinor > 0n)
  );
};

describe('planDunning (properties)', () => {
  it('never lists a paid, disputed, promised, in-plan or stopped item; totals add up', () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 0, max: 60 }), (c, days) => {
        const i = withHistory(toInput(c), days);
        const plan = planDunning(i);
        const byId = new Map(i.items.map((x) => [x.itemId, x]));
        for (const action of [...plan.due, ...plan.postponed.map((p) => p.action)]) {
          if (action.type === 'thank-you') continue;
          for (const listed of action.items) {
            const item = byId.get(listed.itemId);
            expect(item).toBeDefined();
            expect(isChaseable(item!, i.today)).toBe(true);
          }
          const sum = action.items.reduce((t, x) => t + x.outstandingMinor, 0n);
          expect(action.totalDue.amountMinor).toBe(sum);
          if (action.type === 'step') expect(sum).toBeGreaterThan(0n);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('running the plan and planning again the same day yields nothing; planning is deterministic', () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 0, max: 60 }), (c, days) => {
        const i = withHistory(toInput(c), days);
        const plan = planDunning(i);
        expect(planDunning(i)).toEqual(plan);
        const again = planDunning(record(i, plan, i.today, i.now));
        expect(again.due).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('over two months of daily runs a step never runs twice for the same items, nor twice a day', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const i = withHistory(toInput(c), 90);
        const seen = new Set<string>();
        const perDay = new Map<string, number>();
        for (const run of i.history) {
          if (run.kind !== 'step') continue;
          const key = `${run.stepId}|${[...run.itemIds].sort().join(',')}`;
          expect(seen.has(key)).toBe(false);
          seen.add(key);
          const dayKey =
            c.strategy.strategy.mode === 'account' ? run.runOn : `${run.runOn}|${run.itemIds.join(',')}`;
          perDay.set(dayKey, (perDay.get(dayKey) ?? 0) + 1);
        }
        for (const n of perDay.values()) expect(n).toBe(1);
        // After a hand-over nothing runs any more.
        const handOver = i.history.findIndex((r) => r.kind === 'hand-over');
        if (handOver >= 0) expect(i.history.slice(handOver + 1)).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});

describe('assignVariant (properties)', () => {
  it('maps any id to a bucket 0–99, the same every time', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ unit: 'grapheme' }), (strategyId, caseId) => {
        const bucket = variantBucket(strategyId, caseId);
        expect(Number.isInteger(bucket) && bucket >= 0 && bucket <= 99).toBe(true);
        expect(variantBucket(strategyId, caseId)).toBe(bucket);
      }),
    );
  });

  it('a case stays on the champion when a challenger’s share shrinks, and on the challenger when it grows', () => {
    const champion = standard('business-standard');
    fc.assert(
      fc.property(
        fc.uuid(),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        (id, s1, s2) => {
          const [small, large] = s1 <= s2 ? [s1, s2] : [s2, s1];
          const at = (share: number): string =>
            assignVariant({ ...champion, challengers: [{ strategy: 'b', share }] }, id);
          if (at(small) === 'b') expect(at(large)).toBe('b');
        },
      ),
    );
  });
});
