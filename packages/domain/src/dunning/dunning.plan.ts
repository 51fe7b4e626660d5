import { Temporal } from '@js-temporal/polyfill';
import {
  addDays,
  compareDates,
  daysBetween,
  parseDate,
  tryParseDate,
  type PlainDate,
} from '../calendar/calendar';
import { formatMoney, type CurrencyCode, type Money } from '../money/money';
import type { DunningStop } from '../cases/case-dunning';
import { DomainError } from '../shared/domain-error';
import type { FeelContext } from '../rules/feel';
import { debtorTimeZone, earliestContact, type ContactBlock, type ContactRecord } from './contact-rules';
import { DUNNING_LEVELS, type ContactRules, type DunningLevel, type StepChannel } from './strategy';
import { decimalToMinor, type CompiledStep, type CompiledStrategy } from './strategy.compile';

// The dunning planner: given a case's items, what already ran and who the debtor is, which
// dunning actions are due today, which wait for the contact rules, and why nothing else is. Pure:
// the server feeds it facts and history, runs the actions, records them (`runOf`, `contactsOf`)
// and plans again later; planning again after recording yields nothing new the same day.
//
// Semantics (PRODUCT.md C1–C16, L6):
// - An item's steps follow its own due date: a step `from: 'due'` is due on dueDate + offset, a
//   step `from: 'previous'` on the day the last step that actually ran for the item ran + offset
//   (the due date when none has run). Of the steps due today the highest runs; the ones it
//   overtakes are passed over (a case found 40 days late gets R3, not R1, R2 and R3 at once). A
//   later `from: 'previous'` step waits for the earlier ones to run. A step whose condition is
//   false is passed; a prevention step only runs up to the due date. Steps after the first
//   hand-over step never run.
// - Item level: one action per item at its own step. Account level (C7): one action at the
//   highest level reached by any item, listing every overdue item (an item listed in a message
//   counts as having had that step), matured credit notes and, with
//   `includeUnmaturedCreditNotes`, unmatured ones (C11); a prevention message lists only the items
//   about to fall due and waits for a day without a reminder.
// - At most one step per case and day at account level, per item and day at item level; a step
//   never runs twice for the same set of items, unless a collector's override (C15) asks for it.
// - Paid, disputed, promised (until the promised date), in-plan and stopped (until the end date)
//   items are never listed; nothing goes below the strategy's minimum amount (C9).
// - Once a step with `after: 'legal' | 'agency'` has run the plan hands the case over and chases
//   no more. A case paid in full gets one thank-you (C4) per chase (never if nothing beyond
//   prevention was ever sent), by the cheapest channel the last reminder used.
// - Contact rules (L6): opted-out channels are dropped (the step still counts as run when none
//   is left), quiet hours and days and frequency caps postpone the whole action to an instant.

export type DunningItemBlock =
  | { readonly kind: 'disputed'; readonly reason?: string }
  /** Promised to be paid by `until`; chased again the day after. */
  | { readonly kind: 'promised'; readonly until: string }
  | { readonly kind: 'in-plan' }
  /** Dunning stopped for the item (C9) up to and including `until`, for good when null. */
  | { readonly kind: 'stopped'; readonly reason: string; readonly until: string | null };

export type DunningItem = {
  readonly itemId: string;
  readonly number: string;
  readonly kind: 'invoice' | 'credit_note';
  /** `YYYY-MM-DD`. */
  readonly dueDate: string;
  /** What is left: positive on an open invoice, negative (the credit left) on a credit note. */
  readonly outstandingMinor: bigint;
  readonly currency: CurrencyCode;
  readonly block?: DunningItemBlock | null;
};

/**
 * One dunning action that ran on the case, as `runOf` records it; a `DunningStepRun` event's data
 * fits as it is (a thank-you is a run at level `thank-you`).
 */
export type DunningRun = {
  /** Absent: a step (or a thank-you when `level` is `thank-you`). */
  readonly kind?: 'step' | 'thank-you' | 'hand-over';
  readonly stepId: string;
  readonly level: DunningLevel;
  /** `YYYY-MM-DD`. */
  readonly runOn: string;
  readonly itemIds: readonly string[];
};

export type DunningDebtor = {
  readonly customerType: 'business' | 'consumer' | null;
  /** IANA time zone; null or unknown: the contact rules' default. */
  readonly timeZone: string | null;
  readonly optedOut: readonly StepChannel[];
};

export type DunningInput = {
  readonly strategy: CompiledStrategy;
  /** The business date, `YYYY-MM-DD`. */
  readonly today: string;
  /** The moment of planning, an ISO instant, for quiet hours and caps. */
  readonly now: string;
  /** The case currency; items in another currency are left out. */
  readonly currency: CurrencyCode;
  readonly items: readonly DunningItem[];
  /** Dunning stopped for the whole customer (C9), up to and including `until`, for good when null. */
  readonly stop?: DunningStop | null;
  readonly history: readonly DunningRun[];
  readonly contacts: readonly ContactRecord[];
  /**
   * Set by a collector (C15): the next action goes at this level (at item level, every action of
   * the plan) with the timing of the step it replaces; clear it once that action ran.
   */
  readonly override?: { readonly level: DunningLevel } | null;
  readonly debtor: DunningDebtor;
  /** The case facts the step conditions read (`CASE_FACTS_SCHEMA`). */
  readonly facts: FeelContext;
  readonly contactRules: ContactRules;
};

export type ListedItem = {
  readonly itemId: string;
  readonly number: string;
  readonly kind: 'invoice' | 'credit_note';
  readonly dueDate: string;
  readonly outstandingMinor: bigint;
  /** Negative before the due date. */
  readonly daysPastDue: number;
};

export type DroppedChannel = { readonly channel: StepChannel; readonly reason: 'opted-out' };

export type DunningStepAction = {
  readonly type: 'step';
  /** The server's idempotency key for the run (add the case id): per step and day (and item). */
  readonly idempotencyKey: string;
  readonly stepId: string;
  readonly level: DunningLevel;
  readonly template: string;
  /** The channels still allowed; empty when the debtor opted out of all (or a hand-over step). */
  readonly channels: readonly StepChannel[];
  readonly dropped: readonly DroppedChannel[];
  readonly script: string | null;
  /** Invoices first, then credit notes; by due date. */
  readonly items: readonly ListedItem[];
  /** Invoices less the credit notes listed. */
  readonly totalDue: Money;
  /** What the step costs the creditor, decimal in the case currency (may be finer than cents). */
  readonly cost: string;
  /** Charged to the debtor when the step runs, rounded half-up to the currency's minor unit. */
  readonly fee: Money | null;
  readonly after: 'wait' | 'legal' | 'agency';
  /** Set when a collector's override replaced the step that was due (C15). */
  readonly overridden: { readonly stepId: string; readonly level: DunningLevel } | null;
};

export type ThankYouAction = {
  readonly type: 'thank-you';
  readonly idempotencyKey: string;
  readonly template: string;
  readonly channels: readonly StepChannel[];
  readonly dropped: readonly DroppedChannel[];
  /** The items the last reminder chased, now paid. */
  readonly items: readonly ListedItem[];
};

export type HandOverAction = {
  readonly type: 'hand-over';
  readonly idempotencyKey: string;
  readonly to: 'legal' | 'agency';
  /** The step after which the case is handed over. */
  readonly stepId: string;
  readonly level: DunningLevel;
  readonly items: readonly ListedItem[];
  readonly totalDue: Money;
};

export type DunningAction = DunningStepAction | ThankYouAction | HandOverAction;

export type PostponedAction = {
  readonly action: DunningStepAction | ThankYouAction;
  /** ISO instant from which the action may go. */
  readonly notBefore: string;
  readonly reasons: readonly ContactBlock[];
};

export type DunningExplanationCode =
  | 'handed-over'
  | 'case-stopped'
  | 'item-disputed'
  | 'item-promised'
  | 'item-in-plan'
  | 'item-stopped'
  | 'other-currency'
  | 'invalid-item'
  | 'nothing-due'
  | 'paid-in-full'
  | 'thank-you-sent'
  | 'already-ran-today'
  | 'already-ran-for-items'
  | 'condition-false'
  | 'passed-over'
  | 'prevention-past-due'
  | 'prevention-deferred'
  | 'below-minimum'
  | 'waiting'
  | 'strategy-finished'
  | 'all-channels-opted-out'
  | 'override-ignored'
  | 'nothing-to-hand-over';

export type DunningExplanation = {
  readonly code: DunningExplanationCode;
  readonly message: string;
  readonly itemIds: readonly string[];
  readonly stepId?: string;
  /** A date the explanation depends on: the end of a stop or a promise, the next step's day. */
  readonly until?: string;
};

export type DunningPlan = {
  /** To run now, in order (a hand-over comes after the step it follows). */
  readonly due: readonly DunningAction[];
  readonly postponed: readonly PostponedAction[];
  readonly skipped: readonly DunningExplanation[];
  /** The first later day on which planning again may give something (next step, end of a stop). */
  readonly nextDate: string | null;
};

// ---------------------------------------------------------------------------------------------

type Item = DunningItem & { readonly due: PlainDate; readonly daysPastDue: number };

type Run = { readonly run: DunningRun; readonly runOn: PlainDate; readonly order: number };

type Note = {
  readonly code: DunningExplanationCode;
  readonly message: string;
  readonly itemIds: string[];
  readonly stepId?: string;
  readonly until?: string;
};

const runKind = (run: DunningRun): 'step' | 'thank-you' | 'hand-over' =>
  run.kind ?? (run.level === 'thank-you' ? 'thank-you' : 'step');

const byDueThenNumber = (a: Item, b: Item): number =>
  compareDates(a.due, b.due) ||
  (a.number < b.number ? -1 : a.number > b.number ? 1 : 0) ||
  (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0);

const listed = (item: Item): ListedItem => ({
  itemId: item.itemId,
  number: item.number,
  kind: item.kind,
  dueDate: item.dueDate,
  outstandingMinor: item.outstandingMinor,
  daysPastDue: item.daysPastDue,
});

/** A credit note's credit as a negative amount, whatever sign it was given with. */
const creditOf = (item: Item): bigint =>
  item.outstandingMinor > 0n ? -item.outstandingMinor : item.outstandingMinor;

const sameSet = (a: readonly string[], b: readonly string[]): boolean => {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
};

/** Cheapest first: what a thank-you goes by. */
const THANK_YOU_CHANNELS: readonly StepChannel[] = ['email', 'sms', 'letter'];

const parseInstant = (text: string): Temporal.Instant => {
  try {
    return Temporal.Instant.from(text);
  } catch {
    throw new DomainError('invalid_date', `invalid instant "${text}", expected e.g. 2025-03-20T10:00:00Z`, {
      text,
    });
  }
};

/**
 * Plans the dunning actions of one case for `today` (see the semantics above). Deterministic;
 * throws `invalid_date` only on a malformed `today` or `now`, and reports bad items as skipped.
 */
export const planDunning = (input: DunningInput): DunningPlan => {
  const today = parseDate(input.today);
  const now = parseInstant(input.now);
  const compiled = input.strategy;
  const strategy = compiled.strategy;
  const steps = compiled.steps;
  const currency = input.currency;
  const money = (amountMinor: bigint): Money => ({ amountMinor, currency });

  const notes: Note[] = [];
  const nextDates: PlainDate[] = [];
  const numbers = new Map(input.items.map((i) => [i.itemId, i.number]));
  const named = (ids: readonly string[]): string =>
    ids.length === 0 ? '' : ` (${ids.map((id) => numbers.get(id) ?? id).join(', ')})`;
  const note = (
    code: DunningExplanationCode,
    message: string,
    itemIds: readonly string[] = [],
    extra: { stepId?: string; until?: string } = {},
  ): void => {
    // Account-level notes about several items merge into one line per code, step and date.
    const same = notes.find(
      (n) => n.code === code && n.stepId === extra.stepId && n.until === extra.until && n.message === message,
    );
    if (same !== undefined) same.itemIds.push(...itemIds.filter((id) => !same.itemIds.includes(id)));
    else notes.push({ code, message, itemIds: [...itemIds], ...extra });
  };
  const later = (d: PlainDate): void => {
    if (compareDates(d, today) > 0) nextDates.push(d);
  };
  const finish = (due: DunningAction[] = [], postponed: PostponedAction[] = []): DunningPlan => {
    const next = nextDates.reduce<PlainDate | null>(
      (m, d) => (m === null || compareDates(d, m) < 0 ? d : m),
      null,
    );
    return {
      due,
      postponed,
      skipped: notes.map((n) => ({
        code: n.code,
        message: `${n.message}${named(n.itemIds)}`,
        itemIds: n.itemIds,
        ...(n.stepId === undefined ? {} : { stepId: n.stepId }),
        ...(n.until === undefined ? {} : { until: n.until }),
      })),
      nextDate: next === null ? null : next.toString(),
    };
  };

  // History in the order it happened (same day: as given).
  const runs: Run[] = input.history
    .map((run, order) => ({ run, order, runOn: tryParseDate(run.runOn) }))
    .filter((r): r is Run => r.runOn !== undefined)
    .sort((a, b) => compareDates(a.runOn, b.runOn) || a.order - b.order);
  const stepRuns = runs.filter((r) => runKind(r.run) === 'step');
  const stepById = new Map(steps.map((s) => [s.step.id, s]));
  // A run of a step this strategy does not have (the case switched strategy) counts as the last
  // ordinary step of the same or a lower level.
  const stepIndexOf = (run: DunningRun): number | null => {
    const exact = stepById.get(run.stepId);
    if (exact !== undefined) return exact.index;
    const rank = DUNNING_LEVELS.indexOf(run.level);
    if (rank < 0 || run.level === 'thank-you') return null;
    let found: number | null = null;
    for (const s of steps) if (s.levelRank <= rank && s.handsOver === null) found = s.index;
    return found;
  };

  // 1. Handed over: the strategy is done with this case.
  const handedOver = runs.filter((r) => runKind(r.run) === 'hand-over').at(-1);
  if (handedOver !== undefined) {
    note(
      'handed-over',
      `the case was handed over after step "${handedOver.run.stepId}" on ${handedOver.run.runOn}`,
      [],
      {
        stepId: handedOver.run.stepId,
      },
    );
    return finish();
  }

  // 2. The items: which are open, which may be chased.
  const invoices: Item[] = [];
  const credits: Item[] = [];
  const open: Item[] = [];
  const blockedCounts = new Map<string, number>();
  for (const raw of input.items) {
    const dueDate = tryParseDate(raw.dueDate);
    if (dueDate === undefined) {
      note('invalid-item', `the due date "${raw.dueDate}" is not a date`, [raw.itemId]);
      continue;
    }
    if (raw.currency !== currency) {
      note('other-currency', `in ${raw.currency}, not the case currency ${currency}`, [raw.itemId]);
      continue;
    }
    const item: Item = { ...raw, due: dueDate, daysPastDue: daysBetween(dueDate, today) };
    if (item.kind === 'invoice') invoices.push(item);
    if (item.kind === 'invoice' && item.outstandingMinor <= 0n) continue;
    if (item.kind === 'credit_note' && item.outstandingMinor === 0n) continue;
    const block = activeBlock(item, today);
    if (block !== null) {
      blockedCounts.set(block.kind, (blockedCounts.get(block.kind) ?? 0) + 1);
      if (block.until !== null) later(addDays(block.until, 1));
      if (item.kind === 'invoice')
        note(
          block.code,
          block.message,
          [item.itemId],
          block.until === null ? {} : { until: block.until.toString() },
        );
      continue;
    }
    if (item.kind === 'invoice') open.push(item);
    else credits.push(item);
  }
  open.sort(byDueThenNumber);
  credits.sort(byDueThenNumber);

  // 3. Dunning stopped for the customer.
  if (input.stop !== null && input.stop !== undefined) {
    const until = input.stop.until === null ? null : tryParseDate(input.stop.until);
    if (until === null || until === undefined || compareDates(today, until) <= 0) {
      if (until !== null && until !== undefined) later(addDays(until, 1));
      note(
        'case-stopped',
        `dunning is stopped for the customer ${until === null || until === undefined ? 'until further notice' : `until ${until.toString()}`}: ${input.stop.reason}`,
        [],
        until === null || until === undefined ? {} : { until: until.toString() },
      );
      return finish();
    }
  }

  const contacts: ContactRecord[] = [...input.contacts];
  const zone = debtorTimeZone(input.contactRules, input.debtor.timeZone);
  const optedOut = new Set(input.debtor.optedOut);
  const due: DunningAction[] = [];
  const postponed: PostponedAction[] = [];
  /** Applies the contact rules to an action: due now, or postponed to an instant. */
  const place = (action: DunningStepAction | ThankYouAction): void => {
    if (action.channels.length === 0) {
      due.push(action);
      return;
    }
    const slot = earliestContact(input.contactRules, {
      channels: action.channels,
      customerType: input.debtor.customerType,
      timeZone: zone,
      contacts,
      now,
    });
    for (const channel of action.channels) contacts.push({ channel, at: slot.at.toString() });
    if (Temporal.Instant.compare(slot.at, now) === 0) due.push(action);
    else postponed.push({ action, notBefore: slot.at.toString(), reasons: slot.blocks });
  };

  // 4. Paid in full: thanks, once per chase (C4).
  const hasOpenInvoice = invoices.some((i) => i.outstandingMinor > 0n);
  if (invoices.length > 0 && !hasOpenInvoice) {
    const lastChase = stepRuns.filter((r) => r.run.level !== 'prevention').at(-1);
    const lastThanks = runs.filter((r) => runKind(r.run) === 'thank-you').at(-1);
    const template = strategy.thankYouTemplate;
    if (lastChase === undefined) note('paid-in-full', 'paid in full; nothing was chased, so no thank-you');
    else if (template === undefined) note('paid-in-full', 'paid in full; the strategy sends no thank-you');
    else if (lastThanks !== undefined && compareDates(lastThanks.runOn, lastChase.runOn) >= 0)
      note('thank-you-sent', `paid in full; thanked on ${lastThanks.run.runOn}`);
    else {
      const used = stepById.get(lastChase.run.stepId)?.step.channels ?? [];
      const preferred = THANK_YOU_CHANNELS.filter((c) => used.includes(c));
      const order = [...preferred, ...THANK_YOU_CHANNELS.filter((c) => !preferred.includes(c))];
      const channel = order.find((c) => !optedOut.has(c));
      if (channel === undefined)
        note(
          'all-channels-opted-out',
          'paid in full; the debtor opted out of every channel a thank-you could use',
        );
      else {
        const chased = new Set(lastChase.run.itemIds);
        place({
          type: 'thank-you',
          idempotencyKey: `thank-you:${lastChase.run.runOn}`,
          template,
          channels: [channel],
          dropped: order.slice(0, order.indexOf(channel)).map((c) => ({ channel: c, reason: 'opted-out' })),
          items: invoices
            .filter((i) => chased.has(i.itemId))
            .sort(byDueThenNumber)
            .map(listed),
        });
      }
    }
    return finish(due, postponed);
  }

  const handOver = (step: CompiledStep, to: 'legal' | 'agency'): HandOverAction => ({
    type: 'hand-over',
    idempotencyKey: `hand-over:${step.step.id}`,
    to,
    stepId: step.step.id,
    level: step.step.level,
    items: open.map(listed),
    totalDue: money(open.reduce((t, i) => t + i.outstandingMinor, 0n)),
  });

  // 5. A hand-over step ran but the hand-over was not recorded: hand over now, chase no more.
  const ranHandOver = stepRuns
    .map((r) => stepById.get(r.run.stepId))
    .find((s) => s !== undefined && s.handsOver !== null);
  if (ranHandOver !== undefined && ranHandOver.handsOver !== null) {
    if (open.length === 0)
      note('nothing-to-hand-over', `step "${ranHandOver.step.id}" ran but nothing is left to chase`);
    else due.push(handOver(ranHandOver, ranHandOver.handsOver));
    return finish(due);
  }

  // 6. Nothing left to chase.
  if (open.length === 0) {
    const parts = [...blockedCounts.entries()].map(([kind, n]) => `${n} ${kind}`);
    const paid = invoices.filter((i) => i.outstandingMinor <= 0n).length;
    if (paid > 0) parts.unshift(`${paid} paid`);
    note('nothing-due', `nothing to chase${parts.length > 0 ? `: ${parts.join(', ')}` : ''}`);
    return finish();
  }

  // 7. Each open item's own progress through the strategy.
  const progressOf = (item: Item): Progress => {
    const p = itemProgress(
      item,
      steps,
      stepRuns.filter((r) => r.run.itemIds.includes(item.itemId)),
      stepIndexOf,
      today,
      input.facts,
    );
    for (const { code, step } of p.notes) {
      const id = step.step.id;
      const message =
        code === 'condition-false'
          ? `step "${id}" is due but its condition is not met: ${step.condition?.source ?? ''}`
          : code === 'passed-over'
            ? `step "${id}" is passed over: a later step is due`
            : `step "${id}" only runs up to the due date`;
      note(code, message, [item.itemId], { stepId: id });
    }
    return p;
  };
  const explainWaiting = (p: Progress): void => {
    if (p.next !== null) {
      later(p.next.on);
      note('waiting', `step "${p.next.step.step.id}" falls due on ${p.next.on.toString()}`, [p.item.itemId], {
        stepId: p.next.step.step.id,
        until: p.next.on.toString(),
      });
      return;
    }
    if (p.best === null)
      note(
        'strategy-finished',
        p.last === null
          ? 'no step of the strategy applies'
          : `no step left after "${steps[p.last.index]?.step.id ?? '?'}"`,
        [p.item.itemId],
      );
  };

  const fee = (s: CompiledStep): Money | null =>
    s.step.fee === undefined ? null : money(decimalToMinor(s.step.fee, currency));
  const minimumMinor = decimalToMinor(strategy.minimumAmount, currency, 'ceiling');
  const overrideStep = ((): CompiledStep | null => {
    const level = input.override?.level;
    if (level === undefined) return null;
    const rank = DUNNING_LEVELS.indexOf(level);
    if (level === 'thank-you' || rank < 0) {
      note('override-ignored', `the override to level ${String(level)} is not a dunning level`);
      return null;
    }
    return (
      steps.find((s) => s.step.level === level) ??
      steps.find((s) => s.levelRank > rank) ??
      steps.at(-1) ??
      null
    );
  })();

  /** A step action for the items, with the override applied and the minimum checked; null if skipped. */
  const creditIds = new Set(input.items.filter((i) => i.kind === 'credit_note').map((i) => i.itemId));
  const draft = (
    planned: CompiledStep,
    items: readonly Item[],
    creditNotes: readonly Item[],
    key: (stepId: string) => string,
  ): DunningStepAction | null => {
    const step = overrideStep ?? planned;
    const invoiceIds = items.map((i) => i.itemId);
    if (overrideStep === null) {
      const again = stepRuns.find(
        (r) =>
          r.run.stepId === step.step.id &&
          sameSet(
            r.run.itemIds.filter((id) => !creditIds.has(id)),
            invoiceIds,
          ),
      );
      if (again !== undefined) {
        note(
          'already-ran-for-items',
          `step "${step.step.id}" already ran for these items on ${again.run.runOn}`,
          invoiceIds,
          {
            stepId: step.step.id,
          },
        );
        return null;
      }
    }
    const total =
      items.reduce((t, i) => t + i.outstandingMinor, 0n) + creditNotes.reduce((t, c) => t + creditOf(c), 0n);
    if (total <= 0n || total < minimumMinor) {
      note(
        'below-minimum',
        `total due ${formatMoney(money(total))} ${currency} is below the minimum ${strategy.minimumAmount}`,
        invoiceIds,
        { stepId: step.step.id },
      );
      return null;
    }
    const channels = step.step.channels.filter((c) => !optedOut.has(c));
    const dropped = step.step.channels
      .filter((c) => optedOut.has(c))
      .map((c) => ({ channel: c, reason: 'opted-out' as const }));
    if (step.step.channels.length > 0 && channels.length === 0)
      note(
        'all-channels-opted-out',
        `step "${step.step.id}" counts as run without a message: the debtor opted out of ${step.step.channels.join(', ')}`,
        invoiceIds,
        { stepId: step.step.id },
      );
    const action: DunningStepAction = {
      type: 'step',
      idempotencyKey: key(step.step.id),
      stepId: step.step.id,
      level: step.step.level,
      template: step.step.template,
      channels,
      dropped,
      script: step.step.script ?? null,
      items: [...items, ...creditNotes].map(listed),
      totalDue: money(total),
      cost: step.step.cost ?? '0',
      fee: fee(step),
      after: step.step.after ?? 'wait',
      overridden: overrideStep === null ? null : { stepId: planned.step.id, level: planned.step.level },
    };
    return action;
  };

  const drafts: DunningStepAction[] = [];
  if (strategy.mode === 'item') {
    for (const item of open) {
      const p = progressOf(item);
      if (p.ranToday) {
        note('already-ran-today', 'a step already ran today for the item', [item.itemId]);
        later(addDays(today, 1));
        continue;
      }
      if (p.best === null) {
        explainWaiting(p);
        continue;
      }
      const action = draft(p.best, [item], [], (id) => `dunning:${id}:${input.today}:${item.itemId}`);
      if (action !== null) drafts.push(action);
    }
  } else {
    const ranToday = stepRuns.find((r) => compareDates(r.runOn, today) === 0);
    if (ranToday !== undefined) {
      note('already-ran-today', `step "${ranToday.run.stepId}" already ran today`, [], {
        stepId: ranToday.run.stepId,
      });
      later(addDays(today, 1));
    } else {
      const all = open.map(progressOf);
      const reminders = all.filter((p) => p.best !== null && p.best.step.level !== 'prevention');
      const preventions = all.filter((p) => p.best !== null && p.best.step.level === 'prevention');
      for (const p of all) if (p.best === null) explainWaiting(p);
      const matured = credits.filter((c) => compareDates(c.due, today) < 0);
      const creditNotes = strategy.includeUnmaturedCreditNotes === true ? credits : matured;
      if (reminders.length > 0) {
        const listedIds = new Set(reminders.map((p) => p.item.itemId));
        const chosen = all.filter((p) => listedIds.has(p.item.itemId) || compareDates(p.item.due, today) < 0);
        let top = 0;
        for (const p of chosen) {
          top = Math.max(
            top,
            p.best !== null && p.best.step.level !== 'prevention' ? p.best.index : 0,
            p.last?.index ?? 0,
          );
        }
        const step = steps[top] ?? steps[0];
        for (const p of preventions) {
          note(
            'prevention-deferred',
            'the account gets a reminder today; prevention waits for another day',
            [p.item.itemId],
            {
              stepId: p.best?.step.id,
            },
          );
          later(addDays(today, 1));
        }
        if (step !== undefined) {
          const action = draft(
            step,
            chosen.map((p) => p.item),
            creditNotes,
            (id) => `dunning:${id}:${input.today}`,
          );
          if (action !== null) drafts.push(action);
        }
      } else if (preventions.length > 0) {
        let step = preventions[0]?.best ?? null;
        for (const p of preventions)
          if (p.best !== null && step !== null && p.best.index > step.index) step = p.best;
        if (step !== null) {
          const action = draft(
            step,
            preventions.map((p) => p.item),
            creditNotes,
            (id) => `dunning:${id}:${input.today}`,
          );
          if (action !== null) drafts.push(action);
        }
      }
    }
  }

  // 8. Contact rules, then the hand-over after a hand-over step that goes now.
  for (const action of drafts) place(action);
  const going = due.find((a): a is DunningStepAction => a.type === 'step' && a.after !== 'wait');
  if (going !== undefined && (going.after === 'legal' || going.after === 'agency')) {
    const step = stepById.get(going.stepId);
    if (step !== undefined) due.push(handOver(step, going.after));
  }
  return finish(due, postponed);
};

type Progress = {
  readonly item: Item;
  /** The step that ran last for the item (latest day), if any. */
  readonly last: { readonly index: number; readonly runOn: PlainDate } | null;
  readonly ranToday: boolean;
  /** The step due today, if any. */
  readonly best: CompiledStep | null;
  /** The first later day a step falls due. */
  readonly next: { readonly on: PlainDate; readonly step: CompiledStep } | null;
  readonly notes: readonly {
    readonly code: 'condition-false' | 'passed-over' | 'prevention-past-due';
    readonly step: CompiledStep;
  }[];
};

/**
 * Where one item stands: the steps after the last one that ran for it, each due on its own day
 * (see the semantics at the top); the highest step due today wins.
 */
const itemProgress = (
  item: Item,
  steps: readonly CompiledStep[],
  runs: readonly Run[],
  stepIndexOf: (run: DunningRun) => number | null,
  today: PlainDate,
  facts: FeelContext,
): Progress => {
  const ran = new Set<number>();
  let last: Progress['last'] = null;
  for (const r of runs) {
    const index = stepIndexOf(r.run);
    if (index === null) continue;
    ran.add(index);
    last = { index, runOn: r.runOn };
  }
  const ranToday = runs.some((r) => compareDates(r.runOn, today) === 0);
  const notes: Progress['notes'][number][] = [];
  // Steps after the first hand-over step never run: the case has left dunning by then.
  const end = steps.find((s) => s.handsOver !== null)?.index ?? steps.length - 1;
  const anchor = last?.runOn ?? item.due;
  let best: CompiledStep | null = null;
  let next: Progress['next'] = null;
  // A `from: 'previous'` step can only follow steps that ran or were passed, not ones still to come.
  let chainOpen = true;
  let latePrevention: CompiledStep | null = null;
  for (const s of steps) {
    if (s.index <= (last?.index ?? -1) || s.index > end || ran.has(s.index)) continue;
    let on: PlainDate;
    if (s.step.from === 'due') on = addDays(item.due, s.step.offsetDays);
    else if (chainOpen) on = addDays(anchor, s.step.offsetDays);
    else continue;
    if (compareDates(on, today) > 0) {
      if (next === null || compareDates(on, next.on) < 0) next = { on, step: s };
      chainOpen = false;
      continue;
    }
    if (s.step.level === 'prevention' && compareDates(item.due, today) < 0) {
      latePrevention = s;
      continue;
    }
    if (s.condition !== null && s.condition.evaluate(facts) !== true) {
      notes.push({ code: 'condition-false', step: s });
      continue;
    }
    if (best !== null) notes.push({ code: 'passed-over', step: best });
    best = s;
    chainOpen = false;
  }
  // Said only when nothing else is due: a reminder makes a missed prevention moot.
  if (best === null && latePrevention !== null)
    notes.push({ code: 'prevention-past-due', step: latePrevention });
  return { item, last, ranToday, best, next, notes };
};

type ActiveBlock = {
  readonly kind: string;
  readonly code: DunningExplanationCode;
  readonly message: string;
  readonly until: PlainDate | null;
};

/** The block that keeps an item from being chased today, if any. */
const activeBlock = (item: Item, today: PlainDate): ActiveBlock | null => {
  const block = item.block;
  if (block === null || block === undefined) return null;
  switch (block.kind) {
    case 'disputed':
      return {
        kind: 'disputed',
        code: 'item-disputed',
        message: `disputed${block.reason === undefined ? '' : `: ${block.reason}`}`,
        until: null,
      };
    case 'in-plan':
      return { kind: 'in-plan', code: 'item-in-plan', message: 'in a payment plan', until: null };
    case 'promised': {
      const until = tryParseDate(block.until);
      // A promise with an unreadable date still protects the item: better late than harassing.
      if (until !== undefined && compareDates(today, until) > 0) return null;
      return {
        kind: 'promised',
        code: 'item-promised',
        message: `payment promised${until === undefined ? '' : ` by ${until.toString()}`}`,
        until: until ?? null,
      };
    }
    case 'stopped': {
      const until = block.until === null ? null : tryParseDate(block.until);
      if (until !== null && until !== undefined && compareDates(today, until) > 0) return null;
      return {
        kind: 'stopped',
        code: 'item-stopped',
        message: `dunning stopped ${until === null || until === undefined ? 'until further notice' : `until ${until.toString()}`}: ${block.reason}`,
        until: until ?? null,
      };
    }
    default: {
      const never: never = block;
      return never;
    }
  }
};

/** The history entry to record once an action ran (`runOn` = the business date it ran). */
export const runOf = (action: DunningAction, runOn: string): DunningRun => {
  switch (action.type) {
    case 'step':
      return {
        kind: 'step',
        stepId: action.stepId,
        level: action.level,
        runOn,
        itemIds: action.items.map((i) => i.itemId),
      };
    case 'thank-you':
      return {
        kind: 'thank-you',
        stepId: 'thank-you',
        level: 'thank-you',
        runOn,
        itemIds: action.items.map((i) => i.itemId),
      };
    case 'hand-over':
      return {
        kind: 'hand-over',
        stepId: action.stepId,
        level: action.level,
        runOn,
        itemIds: action.items.map((i) => i.itemId),
      };
    default: {
      const never: never = action;
      return never;
    }
  }
};

/** The contacts an action makes when it goes at `at` (an ISO instant), for the frequency caps. */
export const contactsOf = (action: DunningAction, at: string): readonly ContactRecord[] =>
  action.type === 'hand-over' ? [] : action.channels.map((channel) => ({ channel, at }));
