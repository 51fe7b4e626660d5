import {
  STEP_LEVELS,
  type After,
  type ContactCap,
  type ContactRules,
  type DunningLevel,
  type DunningStep,
  type StepChannel,
  type Strategy,
} from './dunning.types';

// Strategies and contact rules as the editor holds them: numbers and amounts as the texts being
// typed (an offset of "-" or an amount of "1," is a normal state while typing), optional fields
// as empty texts. They become the document's shapes again when the rule set is saved; what does
// not read is reported per field, under the same keys as the server's diagnostics.

export type StepDraft = {
  readonly id: string;
  readonly level: DunningLevel;
  readonly offsetDays: string;
  readonly from: 'due' | 'previous';
  /** FEEL; empty: always. */
  readonly condition: string;
  readonly channels: readonly StepChannel[];
  readonly template: string;
  readonly cost: string;
  readonly fee: string;
  /** Empty: not set (keep waiting). */
  readonly after: After | '';
  readonly script: string;
};

export type ChallengerDraft = { readonly strategy: string; readonly share: string };

export type StrategyDraft = {
  readonly id: string;
  readonly name: string;
  readonly mode: 'account' | 'item';
  readonly minimumAmount: string;
  readonly includeUnmaturedCreditNotes: boolean;
  /** Empty: no thank-you message. */
  readonly thankYouTemplate: string;
  readonly challengers: readonly ChallengerDraft[];
  readonly steps: readonly StepDraft[];
};

export type CapDraft = {
  readonly channel: StepChannel;
  /** Empty: every customer. */
  readonly customerType: '' | 'business' | 'consumer';
  readonly max: string;
  readonly days: string;
};

export type ContactRulesDraft = {
  readonly quietHours: boolean;
  readonly quietFrom: string;
  readonly quietTo: string;
  /** 1 = Monday … 7 = Sunday, in order. */
  readonly quietDays: readonly number[];
  readonly caps: readonly CapDraft[];
  readonly defaultTimeZone: string;
};

// --- Keys: where a field is, for the server's diagnostics and the editor's own problems --------

export const strategyKey = (strategy: number): string => `strategy:${strategy}`;
export const strategyFieldKey = (strategy: number, field: string): string =>
  `strategy:${strategy}:field:${field}`;
export const challengerFieldKey = (strategy: number, challenger: number, field: string): string =>
  `strategy:${strategy}:challenger:${challenger}:${field}`;
export const stepKey = (strategy: number, step: number): string => `strategy:${strategy}:step:${step}`;
export const stepFieldKey = (strategy: number, step: number, field: string): string =>
  `strategy:${strategy}:step:${step}:${field}`;
export const CONTACT_KEY = 'contact';
export const contactFieldKey = (field: string): string => `contact:${field}`;
export const capFieldKey = (cap: number, field: string): string => `contact:cap:${cap}:${field}`;

/** The strategy and step a key points into, to show them when "go to" is asked. */
export function selectionOfKey(key: string): { strategy: number; step: number | null } | null {
  const m = /^strategy:(\d+)(?::step:(\d+))?/.exec(key);
  if (!m) return null;
  return { strategy: Number(m[1]), step: m[2] === undefined ? null : Number(m[2]) };
}

// --- Model -> draft -----------------------------------------------------------------------------

export function stepDraft(step: DunningStep): StepDraft {
  return {
    id: step.id,
    level: step.level,
    offsetDays: String(step.offsetDays),
    from: step.from,
    condition: step.condition ?? '',
    channels: [...step.channels],
    template: step.template,
    cost: step.cost ?? '',
    fee: step.fee ?? '',
    after: step.after ?? '',
    script: step.script ?? '',
  };
}

export function strategyDraft(strategy: Strategy): StrategyDraft {
  return {
    id: strategy.id,
    name: strategy.name,
    mode: strategy.mode,
    minimumAmount: strategy.minimumAmount,
    includeUnmaturedCreditNotes: strategy.includeUnmaturedCreditNotes === true,
    thankYouTemplate: strategy.thankYouTemplate ?? '',
    challengers: (strategy.challengers ?? []).map((c) => ({ strategy: c.strategy, share: String(c.share) })),
    steps: strategy.steps.map(stepDraft),
  };
}

export function contactRulesDraft(rules: ContactRules): ContactRulesDraft {
  return {
    quietHours: rules.quietHours !== undefined,
    quietFrom: rules.quietHours?.from ?? '20:00',
    quietTo: rules.quietHours?.to ?? '08:00',
    quietDays: [...(rules.quietDays ?? [])].sort((a, b) => a - b),
    caps: (rules.caps ?? []).map((cap) => ({
      channel: cap.channel,
      customerType: cap.customerType ?? '',
      max: String(cap.max),
      days: String(cap.days),
    })),
    defaultTimeZone: rules.defaultTimeZone,
  };
}

/**
 * The contact rules a tenant starts with (the domain's STANDARD_CONTACT_RULES, which the web
 * bundle does not import): quiet 20:00–08:00 and on Sundays, caps per 7 days.
 */
export const STANDARD_CONTACT_RULES: ContactRules = {
  quietHours: { from: '20:00', to: '08:00' },
  quietDays: [7],
  caps: [
    { channel: 'phone', customerType: 'consumer', max: 7, days: 7 },
    { channel: 'sms', customerType: 'consumer', max: 3, days: 7 },
    { channel: 'email', max: 3, days: 7 },
  ],
  defaultTimeZone: 'Europe/Paris',
};

// --- Draft -> model -----------------------------------------------------------------------------

/** Why a field does not read; the screens word it. */
export type FieldProblem = 'required' | 'wholeNumber' | 'decimal' | 'percent' | 'time' | 'positive';

export type Problems = ReadonlyMap<string, FieldProblem>;

const INTEGER = /^-?\d+$/;
const DECIMAL = /^\d+(?:\.\d+)?$/;
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A whole number typed as text, or null. `"+3"`, `"1.0"`, `"1e2"` do not read. */
export function readInteger(text: string): number | null {
  const trimmed = text.trim();
  if (!INTEGER.test(trimmed)) return null;
  const value = Number(trimmed);
  return Number.isSafeInteger(value) ? value : null;
}

/** A decimal as the document writes it (`"12.50"`), accepting a comma typed for the dot. */
export function readDecimal(text: string): string | null {
  const normalised = text.trim().replace(',', '.');
  return DECIMAL.test(normalised) ? normalised : null;
}

export function stepProblems(
  step: StepDraft,
  strategy: number,
  index: number,
  into: Map<string, FieldProblem>,
) {
  const key = (field: string) => stepFieldKey(strategy, index, field);
  if (step.id.trim() === '') into.set(key('id'), 'required');
  if (readInteger(step.offsetDays) === null) into.set(key('offsetDays'), 'wholeNumber');
  for (const field of ['cost', 'fee'] as const) {
    if (step[field].trim() !== '' && readDecimal(step[field]) === null) into.set(key(field), 'decimal');
  }
}

/** Every field of the strategies and contact rules that does not read, by key. */
export function draftProblems(
  strategies: readonly StrategyDraft[] | null,
  contact: ContactRulesDraft | null,
): Problems {
  const problems = new Map<string, FieldProblem>();
  (strategies ?? []).forEach((strategy, i) => {
    if (strategy.id.trim() === '') problems.set(strategyFieldKey(i, 'id'), 'required');
    if (strategy.name.trim() === '') problems.set(strategyFieldKey(i, 'name'), 'required');
    if (readDecimal(strategy.minimumAmount) === null)
      problems.set(strategyFieldKey(i, 'minimumAmount'), 'decimal');
    strategy.challengers.forEach((c, j) => {
      if (c.strategy.trim() === '') problems.set(challengerFieldKey(i, j, 'strategy'), 'required');
      const share = readInteger(c.share);
      if (share === null || share < 0 || share > 100)
        problems.set(challengerFieldKey(i, j, 'share'), 'percent');
    });
    strategy.steps.forEach((step, j) => stepProblems(step, i, j, problems));
  });
  if (contact) {
    if (contact.quietHours) {
      if (!HH_MM.test(contact.quietFrom)) problems.set(contactFieldKey('quietHours.from'), 'time');
      if (!HH_MM.test(contact.quietTo)) problems.set(contactFieldKey('quietHours.to'), 'time');
    }
    contact.caps.forEach((cap, j) => {
      const max = readInteger(cap.max);
      if (max === null || max < 1) problems.set(capFieldKey(j, 'max'), 'positive');
      const days = readInteger(cap.days);
      if (days === null || days < 1) problems.set(capFieldKey(j, 'days'), 'positive');
    });
    if (contact.defaultTimeZone.trim() === '') problems.set(contactFieldKey('defaultTimeZone'), 'required');
  }
  return problems;
}

/** The step the draft describes, its keys in the document's order; call once `draftProblems` found nothing. */
export function fromStepDraft(draft: StepDraft): DunningStep {
  const condition = draft.condition.trim();
  const cost = readDecimal(draft.cost);
  const fee = readDecimal(draft.fee);
  return {
    id: draft.id.trim(),
    level: draft.level,
    offsetDays: readInteger(draft.offsetDays) ?? 0,
    from: draft.from,
    ...(condition !== '' ? { condition } : {}),
    channels: [...draft.channels],
    template: draft.template.trim(),
    ...(cost !== null ? { cost } : {}),
    ...(fee !== null ? { fee } : {}),
    ...(draft.after !== '' ? { after: draft.after } : {}),
    ...(draft.script.trim() !== '' ? { script: draft.script } : {}),
  };
}

export function fromStrategyDraft(draft: StrategyDraft): Strategy {
  const thankYouTemplate = draft.thankYouTemplate.trim();
  return {
    id: draft.id.trim(),
    name: draft.name.trim(),
    mode: draft.mode,
    minimumAmount: readDecimal(draft.minimumAmount) ?? draft.minimumAmount,
    ...(draft.includeUnmaturedCreditNotes ? { includeUnmaturedCreditNotes: true } : {}),
    ...(thankYouTemplate !== '' ? { thankYouTemplate } : {}),
    ...(draft.challengers.length > 0
      ? {
          challengers: draft.challengers.map((c) => ({
            strategy: c.strategy.trim(),
            share: readInteger(c.share) ?? 0,
          })),
        }
      : {}),
    steps: draft.steps.map(fromStepDraft),
  };
}

export function fromContactRulesDraft(draft: ContactRulesDraft): ContactRules {
  const caps = draft.caps.map((cap): ContactCap => ({
    channel: cap.channel,
    ...(cap.customerType !== '' ? { customerType: cap.customerType } : {}),
    max: readInteger(cap.max) ?? 0,
    days: readInteger(cap.days) ?? 0,
  }));
  return {
    ...(draft.quietHours ? { quietHours: { from: draft.quietFrom, to: draft.quietTo } } : {}),
    ...(draft.quietDays.length > 0 ? { quietDays: [...draft.quietDays] } : {}),
    ...(caps.length > 0 ? { caps } : {}),
    defaultTimeZone: draft.defaultTimeZone.trim(),
  };
}

// --- The timeline -------------------------------------------------------------------------------

/**
 * The day of each step counted from the due date: a step `from: due` is at its offset, a step
 * `from: previous` that many days after the step above it (the first step has none above: it
 * counts from the due date, as the server will point out). A step whose offset does not read is
 * at no day, nor is any step counting from it.
 */
export function stepDays(steps: readonly Pick<StepDraft, 'offsetDays' | 'from'>[]): (number | null)[] {
  const days: (number | null)[] = [];
  let previous: number | null = 0;
  for (const step of steps) {
    const offset = readInteger(step.offsetDays);
    const base: number | null = step.from === 'previous' ? previous : 0;
    const day: number | null = offset === null || base === null ? null : base + offset;
    days.push(day);
    previous = day;
  }
  return days;
}

export type TimelineMarker = {
  readonly index: number;
  readonly day: number;
  /** From the left edge of the axis, 0–100. */
  readonly left: number;
  /** Row of markers, 0 at the top, so that markers close in time do not overlap. */
  readonly lane: number;
};

export type TimelineLayout = {
  readonly start: number;
  readonly end: number;
  readonly ticks: readonly { readonly day: number; readonly left: number }[];
  readonly markers: readonly TimelineMarker[];
  readonly lanes: number;
  /** Left position of the due date (day 0). */
  readonly due: number;
};

const TICK_STEPS = [1, 2, 5, 7, 10, 14, 15, 30, 60, 90, 180, 365];

/**
 * Places the steps on a day axis that always shows the due date, with some room on either side.
 * `markerWidth` is how wide a marker is, as a share (0–100) of the axis: a marker goes to the
 * first lane where it does not overlap the one before it.
 */
export function layoutTimeline(days: readonly (number | null)[], markerWidth = 12): TimelineLayout {
  const known = days.filter((d): d is number => d !== null);
  const low = Math.min(0, ...known);
  const high = Math.max(0, ...known, low + 7);
  // A marker stands to the right of its day: the axis keeps room for the last one.
  const start = low - Math.max(2, Math.ceil((high - low) * 0.06));
  const end = high + Math.max(3, Math.ceil((high - low) * 0.18));
  const span = end - start;
  const left = (day: number) => ((day - start) / span) * 100;

  const step = TICK_STEPS.find((s) => span / s <= 10) ?? 365;
  const ticks: { day: number; left: number }[] = [];
  for (let day = Math.ceil(start / step) * step; day <= end; day += step)
    ticks.push({ day, left: left(day) });

  const order = days
    .map((day, index) => ({ day, index }))
    .filter((m): m is { day: number; index: number } => m.day !== null)
    .sort((a, b) => a.day - b.day || a.index - b.index);
  const laneEnds: number[] = [];
  const markers: TimelineMarker[] = [];
  for (const { day, index } of order) {
    const at = left(day);
    let lane = laneEnds.findIndex((endsAt) => endsAt <= at);
    if (lane < 0) {
      lane = laneEnds.length;
      laneEnds.push(0);
    }
    laneEnds[lane] = at + markerWidth;
    markers.push({ index, day, left: at, lane });
  }
  markers.sort((a, b) => a.index - b.index);
  return { start, end, ticks, markers, lanes: Math.max(1, laneEnds.length), due: left(0) };
}

// --- Editing ------------------------------------------------------------------------------------

/**
 * The first step cannot count from a previous one: when a move or a removal puts such a step
 * first, it counts from the due date at the day it had.
 */
function anchorFirst(
  steps: StepDraft[],
  daysBefore: readonly (number | null)[],
  order: number[],
): StepDraft[] {
  const first = steps[0];
  if (!first || first.from !== 'previous') return steps;
  const day = daysBefore[order[0] ?? -1];
  const offsetDays = day === null || day === undefined ? first.offsetDays : String(day);
  return [{ ...first, from: 'due', offsetDays }, ...steps.slice(1)];
}

/** Moves a step up or down; steps keep their offsets (a `previous` step moves with its delay). */
export function moveStep(steps: readonly StepDraft[], from: number, to: number): StepDraft[] {
  if (to < 0 || to >= steps.length || from === to || from < 0 || from >= steps.length) return [...steps];
  const days = stepDays(steps);
  const order = steps.map((_, i) => i);
  const [moved] = order.splice(from, 1);
  order.splice(to, 0, moved as number);
  return anchorFirst(
    order.map((i) => steps[i] as StepDraft),
    days,
    order,
  );
}

export function removeStep(steps: readonly StepDraft[], index: number): StepDraft[] {
  const days = stepDays(steps);
  const order = steps.map((_, i) => i).filter((i) => i !== index);
  return anchorFirst(
    order.map((i) => steps[i] as StepDraft),
    days,
    order,
  );
}

/** An id not in `taken`: `base`, else `base-2`, `base-3`… */
export function freshName(base: string, taken: readonly string[]): string {
  if (!taken.includes(base)) return base;
  for (let n = 2; ; n++) if (!taken.includes(`${base}-${n}`)) return `${base}-${n}`;
}

/** The level after `level` (R1 after prevention, final after R5 and after final). */
const levelAfter = (level: DunningLevel | undefined): DunningLevel =>
  level === undefined ? 'R1' : (STEP_LEVELS[STEP_LEVELS.indexOf(level) + 1] ?? 'final');

/** A new last step: the next level, a week after the last one, on the channels of the last one. */
export function newStep(steps: readonly StepDraft[]): StepDraft {
  const last = steps[steps.length - 1];
  const level = levelAfter(last?.level);
  return {
    id: freshName(
      level,
      steps.map((s) => s.id),
    ),
    level,
    offsetDays: last ? '7' : '3',
    from: last ? 'previous' : 'due',
    condition: '',
    channels: last && last.channels.length > 0 ? [...last.channels] : ['email'],
    template: last?.template ?? '',
    cost: '',
    fee: '',
    after: '',
    script: '',
  };
}

/** A strategy with one first reminder by email, on `template`. */
export function newStrategy(taken: readonly string[], name: string, template: string): StrategyDraft {
  const first = { ...newStep([]), template };
  return {
    id: freshName('strategy', taken),
    name,
    mode: 'account',
    minimumAmount: '0.00',
    includeUnmaturedCreditNotes: false,
    thankYouTemplate: '',
    challengers: [],
    steps: [first],
  };
}

/** A copy under a fresh id, without challengers (a challenger has none of its own). */
export function duplicateStrategy(strategy: StrategyDraft, taken: readonly string[]): StrategyDraft {
  return { ...strategy, id: freshName(`${strategy.id}-b`, taken), challengers: [] };
}

/** Ticks or unticks a channel; a new channel goes after the ones already chosen. */
export function toggleChannel(channels: readonly StepChannel[], channel: StepChannel): StepChannel[] {
  return channels.includes(channel) ? channels.filter((c) => c !== channel) : [...channels, channel];
}

export function toggleDay(days: readonly number[], day: number): number[] {
  return (days.includes(day) ? days.filter((d) => d !== day) : [...days, day]).sort((a, b) => a - b);
}
