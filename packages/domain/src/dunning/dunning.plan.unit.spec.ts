import { describe, expect, it } from 'vitest';
import { compiled, creditNote, input, invoice, standard } from './dunning.spec-helper';
import {
  contactsOf,
  planDunning,
  runOf,
  type DunningInput,
  type DunningPlan,
  type DunningStepAction,
} from './dunning.plan';
import { STANDARD_CONTACT_RULES } from './standard-strategies';
import type { DunningStepRun } from '../cases/case-dunning';
import type { Strategy } from './strategy';

const steps = (plan: DunningPlan): DunningStepAction[] =>
  plan.due.filter((a): a is DunningStepAction => a.type === 'step');

const only = (plan: DunningPlan): DunningStepAction => {
  const s = steps(plan);
  expect(s).toHaveLength(1);
  return s[0]!;
};

const codes = (plan: DunningPlan): string[] => plan.skipped.map((s) => s.code);

/** Runs the due actions of `plan` (records runs and contacts) and returns the next input. */
const runAll = (i: DunningInput, plan: DunningPlan): DunningInput => ({
  ...i,
  history: [...i.history, ...plan.due.map((a) => runOf(a, i.today))],
  contacts: [...i.contacts, ...plan.due.flatMap((a) => contactsOf(a, i.now))],
});

describe('planDunning: steps by days past due', () => {
  it('sends the prevention email five days before the due date', () => {
    const plan = planDunning(input({ items: [invoice('a', '2025-03-25', '120.00')] }));
    const action = only(plan);
    expect(action).toMatchObject({ stepId: 'prevention', level: 'prevention', channels: ['email'] });
    expect(action.template).toBe('business-prevention');
    expect(action.items.map((i) => i.itemId)).toEqual(['a']);
    expect(action.totalDue).toEqual({ amountMinor: 12000n, currency: 'EUR' });
    expect(action.idempotencyKey).toBe('dunning:prevention:2025-03-20');
  });

  it('sends R1 three days after the due date, and says when R2 falls due', () => {
    const plan = planDunning(input({ items: [invoice('a', '2025-03-17', '120.00')] }));
    expect(only(plan)).toMatchObject({ stepId: 'R1', level: 'R1', template: 'business-r1' });
    const ran = planDunning(runAll(input({ items: [invoice('a', '2025-03-17', '120.00')] }), plan));
    expect(ran.due).toEqual([]);
    expect(ran.nextDate).toBe('2025-03-21');
    const later = planDunning({
      ...runAll(input({ items: [invoice('a', '2025-03-17', '120.00')] }), plan),
      today: '2025-03-25',
    });
    expect(later.nextDate).toBe('2025-04-01');
    expect(later.skipped).toContainEqual(
      expect.objectContaining({ code: 'waiting', stepId: 'R2', until: '2025-04-01' }),
    );
  });

  it('a case found 38 days late gets R3 (letter and call with its script), the earlier steps passed over', () => {
    const plan = planDunning(input({ items: [invoice('a', '2025-02-10', '900.00')] }));
    const action = only(plan);
    expect(action).toMatchObject({ stepId: 'R3', channels: ['letter', 'phone'], cost: '6.50' });
    expect(action.script).toMatch(/call|Confirm/);
    expect(plan.skipped.filter((s) => s.code === 'passed-over').map((s) => s.stepId)).toEqual(['R1', 'R2']);
  });

  it('does not send a prevention message once the item is past due', () => {
    const strategy: Strategy = {
      ...standard('business-standard'),
      steps: standard('business-standard').steps.map((s) => (s.id === 'R1' ? { ...s, offsetDays: 5 } : s)),
    };
    const plan = planDunning(
      input({ strategy: compiled(strategy), items: [invoice('a', '2025-03-18', '50.00')] }),
    );
    expect(plan.due).toEqual([]);
    expect(codes(plan)).toContain('prevention-past-due');
    expect(plan.nextDate).toBe('2025-03-23');
  });
});

describe('planDunning: account level and item level (C7, C11)', () => {
  const items = [invoice('old', '2025-02-10', '900.00'), invoice('new', '2025-03-14', '100.00')];

  it('account level: one message at the highest level listing every overdue item', () => {
    const plan = planDunning(input({ items }));
    const action = only(plan);
    expect(action.stepId).toBe('R3');
    expect(action.items.map((i) => [i.itemId, i.daysPastDue])).toEqual([
      ['old', 38],
      ['new', 6],
    ]);
    expect(action.totalDue.amountMinor).toBe(100000n);
  });

  it('account level: an item listed at R3 follows its own due date to the final notice', () => {
    const first = input({ items });
    const afterR3 = runAll(first, planDunning(first));
    // 27 March: the old invoice reaches the final notice at +45; the new one is listed with it.
    const final = only(planDunning({ ...afterR3, today: '2025-03-27', now: '2025-03-27T10:00:00Z' }));
    expect(final.stepId).toBe('final');
    expect(final.items.map((i) => i.itemId)).toEqual(['old', 'new']);
    // A new invoice reaching R1 later brings a message at the account's level, now final.
    const afterFinal = runAll(
      { ...afterR3, today: '2025-03-27', now: '2025-03-27T10:00:00Z' },
      { due: [final], postponed: [], skipped: [], nextDate: null },
    );
    const third = planDunning({
      ...afterFinal,
      items: [...items, invoice('third', '2025-03-28', '40.00')],
      today: '2025-04-01',
      now: '2025-04-01T10:00:00Z',
    });
    expect(only(third)).toMatchObject({ stepId: 'final' });
    expect(only(third).items.map((i) => i.itemId)).toEqual(['old', 'new', 'third']);
  });

  it('item level: one action per item, each at its own step', () => {
    const strategy = compiled({ ...standard('business-standard'), mode: 'item' });
    const plan = planDunning(input({ strategy, items }));
    expect(steps(plan).map((a) => [a.stepId, a.items.map((i) => i.itemId)])).toEqual([
      ['R3', ['old']],
      ['R1', ['new']],
    ]);
    expect(steps(plan).map((a) => a.idempotencyKey)).toEqual([
      'dunning:R3:2025-03-20:old',
      'dunning:R1:2025-03-20:new',
    ]);
  });

  it('deducts credit notes past their date; lists unmatured ones only when the strategy says so', () => {
    const withCredits = [
      ...items,
      creditNote('cn-old', '2025-03-01', '50.00'),
      creditNote('cn-new', '2025-04-10', '30.00'),
    ];
    const including = only(planDunning(input({ items: withCredits })));
    expect(including.items.map((i) => i.itemId)).toEqual(['old', 'new', 'cn-old', 'cn-new']);
    expect(including.totalDue.amountMinor).toBe(100000n - 5000n - 3000n);
    const strategy = compiled({ ...standard('business-standard'), includeUnmaturedCreditNotes: false });
    const excluding = only(planDunning(input({ strategy, items: withCredits })));
    expect(excluding.items.map((i) => i.itemId)).toEqual(['old', 'new', 'cn-old']);
    expect(excluding.totalDue.amountMinor).toBe(100000n - 5000n);
  });

  it('account level: a prevention waits for a day without a reminder', () => {
    const plan = planDunning(
      input({ items: [invoice('late', '2025-03-17', '80.00'), invoice('soon', '2025-03-24', '60.00')] }),
    );
    expect(only(plan).items.map((i) => i.itemId)).toEqual(['late']);
    expect(plan.skipped).toContainEqual(
      expect.objectContaining({ code: 'prevention-deferred', itemIds: ['soon'] }),
    );
    const next = runAll(
      input({ items: [invoice('late', '2025-03-17', '80.00'), invoice('soon', '2025-03-24', '60.00')] }),
      plan,
    );
    const tomorrow = planDunning({ ...next, today: '2025-03-21', now: '2025-03-21T10:00:00Z' });
    expect(only(tomorrow)).toMatchObject({ stepId: 'prevention' });
    expect(only(tomorrow).items.map((i) => i.itemId)).toEqual(['soon']);
  });
});

describe('planDunning: what is never chased (C9)', () => {
  it('never lists paid, disputed, promised, in-plan or stopped items', () => {
    const plan = planDunning(
      input({
        items: [
          invoice('paid', '2025-02-01', '0.00'),
          invoice('disputed', '2025-02-01', '100.00', {
            block: { kind: 'disputed', reason: 'goods damaged' },
          }),
          invoice('promised', '2025-02-01', '100.00', { block: { kind: 'promised', until: '2025-03-25' } }),
          invoice('plan', '2025-02-01', '100.00', { block: { kind: 'in-plan' } }),
          invoice('stopped', '2025-02-01', '100.00', {
            block: { kind: 'stopped', reason: 'legal check', until: null },
          }),
          invoice('open', '2025-03-10', '100.00'),
        ],
      }),
    );
    expect(only(plan).items.map((i) => i.itemId)).toEqual(['open']);
    expect(codes(plan)).toEqual(
      expect.arrayContaining(['item-disputed', 'item-promised', 'item-in-plan', 'item-stopped']),
    );
  });

  it('chases a broken promise the day after the promised date', () => {
    const items = [
      invoice('a', '2025-03-01', '100.00', { block: { kind: 'promised', until: '2025-03-20' } }),
    ];
    const onTheDay = planDunning(input({ items }));
    expect(onTheDay.due).toEqual([]);
    expect(codes(onTheDay)).toEqual(['item-promised', 'nothing-due']);
    expect(onTheDay.nextDate).toBe('2025-03-21');
    const after = planDunning(input({ items, today: '2025-03-21', now: '2025-03-21T10:00:00Z' }));
    expect(only(after).stepId).toBe('R2');
  });

  it('stops for the customer with a reason until an end date', () => {
    const items = [invoice('a', '2025-03-01', '100.00')];
    const stopped = planDunning(input({ items, stop: { reason: 'negotiating', until: '2025-03-31' } }));
    expect(stopped.due).toEqual([]);
    expect(stopped.skipped).toEqual([
      expect.objectContaining({
        code: 'case-stopped',
        until: '2025-03-31',
        message: expect.stringContaining('negotiating'),
      }),
    ]);
    expect(stopped.nextDate).toBe('2025-04-01');
    const resumed = planDunning(
      input({
        items,
        stop: { reason: 'negotiating', until: '2025-03-31' },
        today: '2025-04-01',
        now: '2025-04-01T08:00:00Z',
      }),
    );
    expect(only(resumed).stepId).toBe('R3');
  });

  it('sends nothing below the minimum amount', () => {
    const plan = planDunning(input({ items: [invoice('a', '2025-03-10', '9.99')] }));
    expect(plan.due).toEqual([]);
    expect(plan.skipped).toContainEqual(
      expect.objectContaining({
        code: 'below-minimum',
        message: expect.stringContaining('9.99 EUR is below the minimum 10.00'),
      }),
    );
    expect(only(planDunning(input({ items: [invoice('a', '2025-03-10', '10.00')] }))).stepId).toBe('R1');
  });

  it('credit notes count towards the minimum', () => {
    const plan = planDunning(
      input({ items: [invoice('a', '2025-03-10', '30.00'), creditNote('c', '2025-03-01', '25.00')] }),
    );
    expect(plan.due).toEqual([]);
    expect(codes(plan)).toContain('below-minimum');
  });
});

describe('planDunning: idempotence and history', () => {
  it('reads the case’s DunningStepRun events as history, as they are', () => {
    const event: DunningStepRun['data'] = {
      kind: 'step',
      strategy: 'business-standard',
      variant: null,
      stepId: 'R1',
      level: 'R1',
      channels: ['email'],
      itemIds: ['a'],
      invoices: ['A'],
      total: { amount: '100.00', currency: 'EUR' },
      cost: null,
      runOn: '2025-03-12',
    };
    const plan = planDunning(input({ items: [invoice('a', '2025-03-09', '100.00')], history: [event] }));
    expect(plan.due).toEqual([]);
    expect(plan.nextDate).toBe('2025-03-24');
  });

  it('does not run a second step the same day', () => {
    const i = input({
      items: [invoice('a', '2025-03-17', '100.00')],
      history: [{ stepId: 'R1', level: 'R1', runOn: '2025-03-20', itemIds: ['a'] }],
    });
    const plan = planDunning(i);
    expect(plan.due).toEqual([]);
    expect(codes(plan)).toContain('already-ran-today');
  });

  it('never runs a step twice for the same items', () => {
    // R1 ran on the 19th for `a`; a history entry from another strategy put the case back.
    const i = input({
      items: [invoice('a', '2025-03-01', '100.00')],
      history: [
        { stepId: 'R2', level: 'R2', runOn: '2025-03-16', itemIds: ['a'] },
        { stepId: 'other-R1', level: 'R1', runOn: '2025-03-18', itemIds: ['a'] },
      ],
    });
    const plan = planDunning(i);
    // `a` is at R1 (the last run, mapped by level), R2 already ran for it: nothing new until R3.
    expect(plan.due).toEqual([]);
    expect(plan.nextDate).toBe('2025-03-31');
  });

  it('counts `from: previous` from the day the previous step actually ran', () => {
    const strategy = compiled({
      id: 'chain',
      name: 'Chain',
      mode: 'item',
      minimumAmount: '0',
      steps: [
        { id: 'R1', level: 'R1', offsetDays: 3, from: 'due', channels: ['email'], template: 't1' },
        { id: 'R2', level: 'R2', offsetDays: 10, from: 'previous', channels: ['email'], template: 't2' },
        { id: 'R3', level: 'R3', offsetDays: 10, from: 'previous', channels: ['letter'], template: 't3' },
      ],
    });
    const items = [invoice('a', '2025-02-01', '100.00')];
    // Found late: R1 today; R2 and R3 wait for it, however late the case is.
    const first = planDunning(input({ strategy, items }));
    expect(only(first).stepId).toBe('R1');
    // R1 ran on 15 March (not on 4 February): R2 is due on the 25th.
    const history = [{ stepId: 'R1', level: 'R1' as const, runOn: '2025-03-15', itemIds: ['a'] }];
    const waiting = planDunning(input({ strategy, items, history }));
    expect(waiting.due).toEqual([]);
    expect(waiting.nextDate).toBe('2025-03-25');
    const due = planDunning(
      input({ strategy, items, history, today: '2025-03-25', now: '2025-03-25T10:00:00Z' }),
    );
    expect(only(due).stepId).toBe('R2');
  });

  it('a step whose condition is false is passed; a later `from: previous` counts from the last run', () => {
    const strategy = compiled({
      id: 'cond',
      name: 'Conditional',
      mode: 'account',
      minimumAmount: '0',
      steps: [
        { id: 'R1', level: 'R1', offsetDays: 3, from: 'due', channels: ['email'], template: 't1' },
        {
          id: 'R2',
          level: 'R2',
          offsetDays: 5,
          from: 'previous',
          channels: ['letter'],
          template: 't2',
          condition: 'case.overdue.amount >= 1000',
        },
        { id: 'R3', level: 'R3', offsetDays: 7, from: 'previous', channels: ['email'], template: 't3' },
      ],
    });
    const history = [{ stepId: 'R1', level: 'R1' as const, runOn: '2025-03-10', itemIds: ['a'] }];
    const items = [invoice('a', '2025-03-01', '100.00')];
    const facts = { case: { overdue: { amount: 100 } } };
    const onDay15 = planDunning(
      input({ strategy, items, history, facts, today: '2025-03-15', now: '2025-03-15T10:00:00Z' }),
    );
    expect(onDay15.due).toEqual([]);
    expect(onDay15.skipped).toContainEqual(
      expect.objectContaining({ code: 'condition-false', stepId: 'R2' }),
    );
    expect(onDay15.nextDate).toBe('2025-03-17');
    const big = { case: { overdue: { amount: 5000 } } };
    expect(
      only(
        planDunning(
          input({ strategy, items, history, facts: big, today: '2025-03-15', now: '2025-03-15T10:00:00Z' }),
        ),
      ).stepId,
    ).toBe('R2');
  });
});

describe('planDunning: hand-over, thank-you, override', () => {
  const items = [invoice('a', '2025-01-19', '500.00')];
  const finalRan = [{ stepId: 'final', level: 'final' as const, runOn: '2025-03-05', itemIds: ['a'] }];

  it('at +60 the business standard hands the case over to legal, after its silent step', () => {
    const plan = planDunning(input({ items, history: finalRan }));
    expect(plan.due.map((a) => a.type)).toEqual(['step', 'hand-over']);
    expect(plan.due[0]).toMatchObject({ stepId: 'legal', channels: [], after: 'legal' });
    expect(plan.due[1]).toMatchObject({
      type: 'hand-over',
      to: 'legal',
      stepId: 'legal',
      totalDue: { amountMinor: 50000n },
    });
    const after = runAll(input({ items, history: finalRan }), plan);
    const next = planDunning({ ...after, today: '2025-03-21', now: '2025-03-21T10:00:00Z' });
    expect(next.due).toEqual([]);
    expect(codes(next)).toEqual(['handed-over']);
  });

  it('a hand-over step that ran without its hand-over recorded is handed over, nothing else', () => {
    const plan = planDunning(
      input({
        items,
        history: [...finalRan, { stepId: 'legal', level: 'final', runOn: '2025-03-19', itemIds: ['a'] }],
      }),
    );
    expect(plan.due).toEqual([
      expect.objectContaining({ type: 'hand-over', to: 'legal', idempotencyKey: 'hand-over:legal' }),
    ]);
  });

  it('thanks once a chased case is paid in full, by the last reminder’s cheapest channel, once', () => {
    const paid = [invoice('a', '2025-02-01', '0.00')];
    const history = [{ stepId: 'R2', level: 'R2' as const, runOn: '2025-03-01', itemIds: ['a'] }];
    const plan = planDunning(input({ items: paid, history }));
    expect(plan.due).toEqual([
      expect.objectContaining({
        type: 'thank-you',
        template: 'thank-you',
        channels: ['email'],
        idempotencyKey: 'thank-you:2025-03-01',
      }),
    ]);
    const again = planDunning(runAll(input({ items: paid, history }), plan));
    expect(again.due).toEqual([]);
    expect(codes(again)).toEqual(['thank-you-sent']);
  });

  it('no thank-you when nothing was chased (prevention only) or the strategy has no template', () => {
    const paid = [invoice('a', '2025-02-01', '0.00')];
    const prevention = [
      { stepId: 'prevention', level: 'prevention' as const, runOn: '2025-01-27', itemIds: ['a'] },
    ];
    expect(planDunning(input({ items: paid, history: prevention })).due).toEqual([]);
    const { thankYouTemplate: _t, ...noThanks } = standard('business-standard');
    const history = [{ stepId: 'R1', level: 'R1' as const, runOn: '2025-02-04', itemIds: ['a'] }];
    const plan = planDunning(input({ strategy: compiled(noThanks), items: paid, history }));
    expect(plan.due).toEqual([]);
    expect(codes(plan)).toEqual(['paid-in-full']);
  });

  it('a thank-you goes by SMS when the debtor opted out of email', () => {
    const paid = [invoice('a', '2025-02-01', '0.00')];
    const history = [{ stepId: 'R1', level: 'R1' as const, runOn: '2025-02-08', itemIds: ['a'] }];
    const plan = planDunning(
      input({
        strategy: compiled(standard('consumer-gentle')),
        items: paid,
        history,
        debtor: { customerType: 'consumer', timeZone: 'Europe/Paris', optedOut: ['email'] },
      }),
    );
    expect(plan.due).toEqual([
      expect.objectContaining({
        type: 'thank-you',
        channels: ['sms'],
        dropped: [{ channel: 'email', reason: 'opted-out' }],
      }),
    ]);
  });

  it('the override replaces the level of the next action, and says which step it replaced', () => {
    const open = [invoice('a', '2025-03-05', '300.00')];
    const history = [{ stepId: 'R1', level: 'R1' as const, runOn: '2025-03-08', itemIds: ['a'] }];
    // Not due yet: the override waits for the next action.
    const early = planDunning(
      input({
        items: open,
        history,
        today: '2025-03-19',
        now: '2025-03-19T10:00:00Z',
        override: { level: 'final' },
      }),
    );
    expect(early.due).toEqual([]);
    const plan = planDunning(input({ items: open, history, override: { level: 'final' } }));
    expect(only(plan)).toMatchObject({
      stepId: 'final',
      level: 'final',
      overridden: { stepId: 'R2', level: 'R2' },
    });
    // Recorded, and the override cleared: the strategy goes on from the final notice.
    const next = runAll(input({ items: open, history }), plan);
    const later = planDunning({ ...next, today: '2025-04-05', now: '2025-04-05T10:00:00Z' });
    expect(later.due).toEqual([]);
    expect(later.nextDate).toBe('2025-05-04');
  });
});

describe('planDunning: money and input', () => {
  it('charges the step’s fee in minor units, and reports its cost as the exact decimal', () => {
    const strategy = compiled({
      ...standard('business-standard'),
      steps: standard('business-standard').steps.map((s) =>
        s.id === 'R1' ? { ...s, fee: '12.345', cost: '0.085' } : s,
      ),
    });
    const action = only(planDunning(input({ strategy, items: [invoice('a', '2025-03-17', '100.00')] })));
    expect(action.fee).toEqual({ amountMinor: 1235n, currency: 'EUR' });
    expect(action.cost).toBe('0.085');
  });

  it('leaves out items in another currency or with a broken date, and says so', () => {
    const plan = planDunning(
      input({
        items: [
          invoice('a', '2025-03-17', '100.00'),
          { ...invoice('usd', '2025-03-17', '100.00'), currency: 'USD' },
          invoice('bad', '2025-02-30', '100.00'),
        ],
      }),
    );
    expect(only(plan).items.map((i) => i.itemId)).toEqual(['a']);
    expect(codes(plan)).toEqual(['other-currency', 'invalid-item']);
  });

  it('rejects a malformed moment of planning', () => {
    expect(() => planDunning(input({ now: '2025-03-20 10:00' }))).toThrow(/invalid instant/);
    expect(() => planDunning(input({ today: '20/03/2025' }))).toThrow(/invalid date/);
  });

  it('item level: the first item to reach the hand-over step hands the whole case over', () => {
    const strategy = compiled({ ...standard('business-standard'), mode: 'item' });
    const plan = planDunning(
      input({
        strategy,
        items: [invoice('old', '2025-01-19', '500.00'), invoice('new', '2025-03-10', '50.00')],
        history: [
          { stepId: 'final', level: 'final', runOn: '2025-03-05', itemIds: ['old'] },
          { stepId: 'R1', level: 'R1', runOn: '2025-03-13', itemIds: ['new'] },
        ],
      }),
    );
    expect(plan.due.map((a) => a.type)).toEqual(['step', 'hand-over']);
    expect(plan.due[1]).toMatchObject({ to: 'legal', totalDue: { amountMinor: 55000n } });
  });
});

describe('planDunning: contact rules (L6)', () => {
  const consumer = { customerType: 'consumer' as const, timeZone: 'Europe/Paris', optedOut: [] };
  const gentle = compiled(standard('consumer-gentle'));
  const items = [invoice('a', '2025-03-13', '80.00')];

  it('drops an opted-out channel and keeps the others', () => {
    const plan = planDunning(
      input({
        items: [invoice('a', '2025-03-05', '80.00')],
        debtor: { customerType: 'business', timeZone: null, optedOut: ['email'] },
      }),
    );
    expect(only(plan)).toMatchObject({
      stepId: 'R2',
      channels: ['letter'],
      dropped: [{ channel: 'email', reason: 'opted-out' }],
    });
  });

  it('a step whose channels are all opted out counts as run without a message', () => {
    const plan = planDunning(
      input({
        items: [invoice('a', '2025-03-17', '80.00')],
        debtor: { customerType: 'business', timeZone: null, optedOut: ['email'] },
      }),
    );
    expect(only(plan)).toMatchObject({ stepId: 'R1', channels: [] });
    expect(codes(plan)).toContain('all-channels-opted-out');
  });

  it('23:30 in Paris for a consumer: postponed to 08:00 the next morning, local time', () => {
    const plan = planDunning(
      input({ strategy: gentle, items, debtor: consumer, now: '2025-03-20T22:30:00Z' }),
    );
    expect(plan.due).toEqual([]);
    expect(plan.postponed).toHaveLength(1);
    expect(plan.postponed[0]!.notBefore).toBe('2025-03-21T07:00:00Z');
    expect(plan.postponed[0]!.reasons).toEqual([
      {
        code: 'quiet-hours',
        timeZone: 'Europe/Paris',
        localTime: '2025-03-20T23:30',
        from: '20:00',
        to: '08:00',
      },
    ]);
  });

  it('uses the debtor’s own time zone: 23:30 in Paris is 18:30 in New York', () => {
    const plan = planDunning(
      input({
        strategy: gentle,
        items,
        debtor: { ...consumer, timeZone: 'America/New_York' },
        now: '2025-03-20T22:30:00Z',
      }),
    );
    expect(plan.postponed).toEqual([]);
    expect(only(plan).stepId).toBe('R1');
  });

  it('across the spring DST change: Saturday night waits for Monday 08:00 CEST (no Sunday)', () => {
    // Saturday 29 March 2025, 23:30 in Paris; the clocks go forward that night.
    const plan = planDunning(
      input({ strategy: gentle, items, debtor: consumer, today: '2025-03-29', now: '2025-03-29T22:30:00Z' }),
    );
    expect(plan.postponed[0]?.notBefore).toBe('2025-03-31T06:00:00Z');
    expect(plan.postponed[0]?.reasons.map((r) => r.code)).toEqual(['quiet-hours', 'quiet-day']);
    // Without quiet Sundays: 08:00 on Sunday is already summer time, 06:00 UTC, not 07:00.
    const noSunday = { ...STANDARD_CONTACT_RULES, quietDays: [] };
    const sunday = planDunning(
      input({
        strategy: gentle,
        items,
        debtor: consumer,
        contactRules: noSunday,
        today: '2025-03-29',
        now: '2025-03-29T22:30:00Z',
      }),
    );
    expect(sunday.postponed[0]?.notBefore).toBe('2025-03-30T06:00:00Z');
  });

  it('a frequency cap postpones until the oldest contact leaves the 7-day window (calendar days, local)', () => {
    // Three SMS in the last seven days; the first on Thursday 27 March 11:00 CET.
    const contacts = [
      { channel: 'sms' as const, at: '2025-03-27T10:00:00Z' },
      { channel: 'sms' as const, at: '2025-03-28T10:00:00Z' },
      { channel: 'sms' as const, at: '2025-03-31T09:00:00Z' },
    ];
    const plan = planDunning(
      input({
        strategy: gentle,
        items: [invoice('a', '2025-03-25', '80.00')],
        debtor: consumer,
        contacts,
        today: '2025-04-01',
        now: '2025-04-01T09:00:00Z',
      }),
    );
    expect(plan.due).toEqual([]);
    // 27 March 11:00 CET + 7 days = 3 April 11:00 CEST = 09:00 UTC.
    expect(plan.postponed[0]?.notBefore).toBe('2025-04-03T09:00:00Z');
    expect(plan.postponed[0]?.reasons).toEqual([
      { code: 'frequency-cap', channel: 'sms', max: 3, days: 7, until: '2025-04-03T09:00:00Z' },
    ]);
    // A business debtor has no SMS cap.
    const business = planDunning(
      input({
        strategy: gentle,
        items: [invoice('a', '2025-03-25', '80.00')],
        contacts,
        today: '2025-04-01',
        now: '2025-04-01T09:00:00Z',
      }),
    );
    expect(only(business).stepId).toBe('R1');
  });

  it('caps count the actions planned in the same run (item level)', () => {
    const strategy = compiled({ ...standard('business-standard'), mode: 'item' });
    const many = ['a', 'b', 'c', 'd'].map((id) => invoice(id, '2025-03-17', '50.00'));
    const plan = planDunning(input({ strategy, items: many }));
    expect(steps(plan)).toHaveLength(3);
    expect(plan.postponed).toHaveLength(1);
    expect(plan.postponed[0]?.reasons[0]).toMatchObject({ code: 'frequency-cap', channel: 'email' });
    // The window frees on the 27th, 10:00 UTC (11:00 in Paris, a Thursday).
    expect(plan.postponed[0]?.notBefore).toBe('2025-03-27T10:00:00Z');
  });
});
