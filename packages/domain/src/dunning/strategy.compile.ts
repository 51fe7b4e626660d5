import Decimal from 'decimal.js';
import { Temporal } from '@js-temporal/polyfill';
import { CASE_FACTS_SCHEMA } from '../rules/facts';
import {
  compileExpression,
  typeToString,
  type CompileResult,
  type CompiledExpression,
  type ContextType,
  type Diagnostic,
  type SourcePosition,
} from '../rules/feel';
import { currencyExponent, type CurrencyCode } from '../money/money';
import {
  DUNNING_LEVELS,
  type ContactRules,
  type DunningLevel,
  type DunningStep,
  type StepChannel,
  type Strategy,
} from './strategy';

// A strategy as authored (JSON from the editor or the standard library) checked once and its step
// conditions compiled with the FEEL engine; the planner only ever sees a compiled strategy.
// Diagnostics name their place as `strategy "x", step "R2", field offsetDays`, like the rule set.

export const STEP_CHANNELS: readonly StepChannel[] = ['email', 'sms', 'letter', 'phone'];

export type CompiledStep = {
  readonly step: DunningStep;
  /** Position in the strategy: later steps are higher levels of the same chase. */
  readonly index: number;
  /** Position of the level in `DUNNING_LEVELS`. */
  readonly levelRank: number;
  /** Absent condition: always. */
  readonly condition: CompiledExpression | null;
  /** The case is handed over once this step has run. */
  readonly handsOver: 'legal' | 'agency' | null;
};

export type CompiledStrategy = {
  readonly strategy: Strategy;
  /** In strategy order. */
  readonly steps: readonly CompiledStep[];
};

const ORIGIN: SourcePosition = { line: 1, column: 1 };
const q = (s: string): string => JSON.stringify(s);

const problem = (
  severity: 'error' | 'warning',
  code: string,
  message: string,
  where: string,
): Diagnostic => ({ severity, code, message, start: ORIGIN, end: ORIGIN, where });

const wholeSpan = (source: string): { start: SourcePosition; end: SourcePosition } => {
  const lines = source.split('\n');
  const last = lines[lines.length - 1] ?? '';
  return { start: ORIGIN, end: { line: lines.length, column: last.length + 1 } };
};

const PLAIN_DECIMAL = /^\d+(?:\.\d+)?$/;

/** Why `value` is not a non-negative plain decimal (`"12.50"`), or null when it is one. */
export const decimalProblem = (value: unknown): string | null => {
  if (typeof value !== 'string') return 'must be a decimal written as text, e.g. "12.50"';
  if (value.startsWith('-')) return 'must not be negative';
  if (!PLAIN_DECIMAL.test(value)) return `${q(value)} is not a plain decimal such as "12.50"`;
  return null;
};

const Exact = Decimal.clone({ precision: 60 });

/**
 * A non-negative decimal text in minor units of `currency`, rounded half-up when it has more
 * decimals than the currency (`"0.125"` EUR → 13), or up to the next unit with `'ceiling'`.
 */
export const decimalToMinor = (
  text: string,
  currency: CurrencyCode,
  rounding: 'half-up' | 'ceiling' = 'half-up',
): bigint => {
  const scaled = new Exact(text).times(new Exact(10).pow(currencyExponent(currency)));
  const rounded = scaled.toDecimalPlaces(
    0,
    rounding === 'ceiling' ? Decimal.ROUND_CEIL : Decimal.ROUND_HALF_UP,
  );
  return BigInt(rounded.toFixed(0));
};

const levelRank = (level: DunningLevel): number => DUNNING_LEVELS.indexOf(level);

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks a strategy and compiles its step conditions against `scope` (FEEL booleans over the case
 * facts). Errors make the result not ok; warnings (steps out of order, unreachable steps) do not.
 */
export const compileStrategy = (
  strategy: Strategy,
  scope: ContextType = CASE_FACTS_SCHEMA,
): CompileResult<CompiledStrategy> => {
  const diagnostics: Diagnostic[] = [];
  const raw = strategy as unknown as Record<string, unknown>;
  const id = typeof raw['id'] === 'string' ? raw['id'] : '';
  const top = `strategy ${q(id === '' ? '?' : id)}`;
  const error = (code: string, message: string, where: string): void => {
    diagnostics.push(problem('error', code, message, where));
  };
  const warn = (code: string, message: string, where: string): void => {
    diagnostics.push(problem('warning', code, message, where));
  };

  if (id.trim() === '') error('dunning.missing-id', 'the strategy has no id', top);
  if (typeof raw['name'] !== 'string' || raw['name'].trim() === '')
    error('dunning.missing-field', 'the strategy has no name', `${top}, field name`);
  if (raw['mode'] !== 'account' && raw['mode'] !== 'item')
    error(
      'dunning.unknown-mode',
      `mode must be "account" (one message listing every due item) or "item" (one per item), not ${JSON.stringify(raw['mode'])}`,
      `${top}, field mode`,
    );
  const minimum = decimalProblem(raw['minimumAmount']);
  if (minimum !== null)
    error('dunning.invalid-amount', `the minimum amount ${minimum}`, `${top}, field minimumAmount`);
  if (raw['includeUnmaturedCreditNotes'] === true && raw['mode'] === 'item')
    warn(
      'dunning.unused-field',
      'unmatured credit notes are only listed in account-level messages; this strategy is item-level',
      `${top}, field includeUnmaturedCreditNotes`,
    );
  if (
    raw['thankYouTemplate'] !== undefined &&
    (typeof raw['thankYouTemplate'] !== 'string' || raw['thankYouTemplate'].trim() === '')
  )
    error(
      'dunning.missing-template',
      'the thank-you template must be a template id',
      `${top}, field thankYouTemplate`,
    );

  checkChallengers(raw['challengers'], id, top, error);

  const steps: CompiledStep[] = [];
  const rawSteps = raw['steps'];
  if (!Array.isArray(rawSteps) || rawSteps.length === 0) {
    error('dunning.no-steps', 'the strategy has no steps', `${top}, field steps`);
  } else {
    const seen = new Set<string>();
    let handOverAt: string | null = null;
    let previousNominal: number | null = null;
    let previousRank = -1;
    rawSteps.forEach((candidate: unknown, index) => {
      const s = isRecord(candidate) ? candidate : {};
      const stepId = typeof s['id'] === 'string' ? s['id'] : '';
      const where = `${top}, step ${q(stepId === '' ? `#${index + 1}` : stepId)}`;
      const field = (name: string): string => `${where}, field ${name}`;
      let ok = true;
      const fail = (code: string, message: string, at: string): void => {
        ok = false;
        error(code, message, at);
      };
      if (!isRecord(candidate)) fail('dunning.structure', 'the step is not an object', where);
      if (stepId.trim() === '') fail('dunning.missing-id', `step ${index + 1} has no id`, where);
      else if (seen.has(stepId))
        fail('dunning.duplicate-id', `another step has the id ${q(stepId)}`, field('id'));
      seen.add(stepId);

      const level = s['level'];
      const known = typeof level === 'string' && (DUNNING_LEVELS as readonly string[]).includes(level);
      if (!known)
        fail(
          'dunning.unknown-level',
          `unknown level ${JSON.stringify(level)}; expected one of ${DUNNING_LEVELS.filter((l) => l !== 'thank-you').join(', ')}`,
          field('level'),
        );
      else if (level === 'thank-you')
        fail(
          'dunning.thank-you-step',
          'a thank-you is not a step: give the strategy a thankYouTemplate instead',
          field('level'),
        );

      const from = s['from'];
      if (from !== 'due' && from !== 'previous')
        fail(
          'dunning.invalid-from',
          `from must be "due" or "previous", not ${JSON.stringify(from)}`,
          field('from'),
        );
      const offset = s['offsetDays'];
      const integer = typeof offset === 'number' && Number.isSafeInteger(offset);
      if (!integer)
        fail(
          'dunning.invalid-offset',
          `the offset must be a whole number of days, not ${JSON.stringify(offset)}`,
          field('offsetDays'),
        );
      if (from === 'previous' && index === 0)
        fail(
          'dunning.previous-on-first-step',
          'the first step has no previous step to count from',
          field('from'),
        );
      else if (from === 'previous' && integer && offset < 1)
        fail(
          'dunning.invalid-offset',
          'a step counting from the previous one comes at least 1 day after it',
          field('offsetDays'),
        );

      const after = s['after'];
      if (after !== undefined && after !== 'wait' && after !== 'legal' && after !== 'agency')
        fail(
          'dunning.invalid-after',
          `after must be "wait", "legal" or "agency", not ${JSON.stringify(after)}`,
          field('after'),
        );
      const handsOver = after === 'legal' || after === 'agency' ? after : null;

      const channels = s['channels'];
      if (!Array.isArray(channels)) fail('dunning.structure', 'channels must be a list', field('channels'));
      else {
        const seenChannels = new Set<unknown>();
        for (const c of channels as unknown[]) {
          if (!(STEP_CHANNELS as readonly unknown[]).includes(c))
            fail(
              'dunning.unknown-channel',
              `unknown channel ${JSON.stringify(c)}; expected one of ${STEP_CHANNELS.join(', ')}`,
              field('channels'),
            );
          else if (seenChannels.has(c))
            fail(
              'dunning.duplicate-channel',
              `channel ${JSON.stringify(c)} is listed twice`,
              field('channels'),
            );
          seenChannels.add(c);
        }
        if (channels.length === 0 && handsOver === null)
          fail(
            'dunning.no-channel',
            'the step goes out on no channel; only a hand-over step (after "legal" or "agency") may have none',
            field('channels'),
          );
        if (channels.includes('phone') && (typeof s['script'] !== 'string' || s['script'].trim() === ''))
          warn(
            'dunning.missing-script',
            'a phone step should give the collector a call script',
            field('script'),
          );
      }
      const template = s['template'];
      if (
        typeof template !== 'string' ||
        (template.trim() === '' && Array.isArray(channels) && channels.length > 0)
      )
        fail('dunning.missing-template', 'the step has no template', field('template'));

      for (const name of ['cost', 'fee'] as const) {
        if (s[name] === undefined) continue;
        const why = decimalProblem(s[name]);
        if (why !== null) fail('dunning.invalid-amount', `the ${name} ${why}`, field(name));
      }

      let condition: CompiledExpression | null = null;
      if (s['condition'] !== undefined) {
        const w = field('condition');
        if (typeof s['condition'] !== 'string')
          fail('dunning.structure', 'the condition must be a FEEL expression', w);
        else {
          const r = compileExpression(s['condition'], scope, { where: w });
          diagnostics.push(...r.diagnostics);
          if (!r.ok) ok = false;
          else if (r.value.type.kind !== 'boolean' && r.value.type.kind !== 'any') {
            ok = false;
            diagnostics.push({
              ...problem(
                'error',
                'dunning.type-mismatch',
                `the condition must be a boolean, not ${typeToString(r.value.type)}`,
                w,
              ),
              ...wholeSpan(r.value.source),
            });
          } else condition = r.value;
        }
      }

      // Order checks, only meaningful on a well-formed step: warnings, the planner copes anyway.
      if (ok && known && integer) {
        if (handOverAt !== null)
          warn(
            'dunning.unreachable-step',
            `the case is handed over after step ${q(handOverAt)}: this step never runs`,
            where,
          );
        const nominal: number = from === 'previous' ? (previousNominal ?? 0) + offset : offset;
        if (previousNominal !== null && nominal < previousNominal)
          warn(
            'dunning.offset-order',
            `the step comes ${nominal} days from the due date, before the step above it (${previousNominal})`,
            field('offsetDays'),
          );
        const rank = levelRank(level as DunningLevel);
        if (rank < previousRank)
          warn('dunning.level-order', `level ${String(level)} comes after a higher level`, field('level'));
        if (level === 'prevention' && from === 'due' && offset > 0)
          warn(
            'dunning.prevention-after-due',
            'a prevention step only runs up to the due date',
            field('offsetDays'),
          );
        if (level !== 'prevention' && nominal < 0)
          warn(
            'dunning.reminder-before-due',
            'a reminder before the due date should be a prevention step',
            field('offsetDays'),
          );
        previousNominal = nominal;
        previousRank = Math.max(previousRank, rank);
        if (handsOver !== null && handOverAt === null) handOverAt = stepId;
      }
      if (ok)
        steps.push({
          step: candidate as DunningStep,
          index,
          levelRank: levelRank(level as DunningLevel),
          condition,
          handsOver,
        });
    });
  }

  if (diagnostics.some((d) => d.severity === 'error')) return { ok: false, diagnostics };
  return { ok: true, diagnostics, value: { strategy, steps } };
};

const checkChallengers = (
  value: unknown,
  id: string,
  top: string,
  error: (code: string, message: string, where: string) => void,
): void => {
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    error('dunning.structure', 'challengers must be a list', `${top}, field challengers`);
    return;
  }
  let total = 0;
  const seen = new Set<string>();
  value.forEach((c: unknown, i) => {
    const where = `${top}, challenger ${i + 1}`;
    const r = isRecord(c) ? c : {};
    const target = r['strategy'];
    if (typeof target !== 'string' || target.trim() === '')
      error('dunning.missing-id', 'the challenger names no strategy', `${where}, field strategy`);
    else if (target === id)
      error('dunning.self-challenger', 'a strategy cannot challenge itself', `${where}, field strategy`);
    else if (seen.has(target))
      error('dunning.duplicate-challenger', `${q(target)} is listed twice`, `${where}, field strategy`);
    if (typeof target === 'string') seen.add(target);
    const share = r['share'];
    if (typeof share !== 'number' || !Number.isInteger(share) || share < 0 || share > 100)
      error(
        'dunning.invalid-share',
        `the share must be a whole percentage from 0 to 100, not ${JSON.stringify(share)}`,
        `${where}, field share`,
      );
    else total += share;
  });
  if (total > 100)
    error(
      'dunning.shares-over-100',
      `the challengers' shares add up to ${total}%, more than 100%`,
      `${top}, field challengers`,
    );
};

/**
 * Compiles a library of strategies: each one as `compileStrategy` does, plus unique ids and
 * challengers that exist and have no challengers of their own (the split is one level deep).
 */
export const compileStrategies = (
  strategies: readonly Strategy[],
  scope: ContextType = CASE_FACTS_SCHEMA,
): CompileResult<ReadonlyMap<string, CompiledStrategy>> => {
  const diagnostics: Diagnostic[] = [];
  const compiled = new Map<string, CompiledStrategy>();
  const ids = new Set(strategies.map((s) => s.id));
  const seen = new Set<string>();
  for (const strategy of strategies) {
    const top = `strategy ${q(strategy.id)}`;
    if (seen.has(strategy.id))
      diagnostics.push(
        problem('error', 'dunning.duplicate-id', `another strategy has the id ${q(strategy.id)}`, top),
      );
    seen.add(strategy.id);
    const r = compileStrategy(strategy, scope);
    diagnostics.push(...r.diagnostics);
    if (r.ok) compiled.set(strategy.id, r.value);
    (strategy.challengers ?? []).forEach((c, i) => {
      const where = `${top}, challenger ${i + 1}, field strategy`;
      if (typeof c.strategy !== 'string' || c.strategy === strategy.id) return;
      const target = strategies.find((s) => s.id === c.strategy);
      if (!ids.has(c.strategy) || target === undefined)
        diagnostics.push(
          problem('error', 'dunning.unknown-challenger', `no strategy has the id ${q(c.strategy)}`, where),
        );
      else if ((target.challengers ?? []).length > 0)
        diagnostics.push(
          problem('error', 'dunning.nested-challenger', `${q(c.strategy)} has challengers of its own`, where),
        );
    });
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { ok: false, diagnostics };
  return { ok: true, diagnostics, value: compiled };
};

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Whether `zone` is an IANA time zone (or offset) Temporal knows. */
export const isTimeZone = (zone: string): boolean => {
  try {
    Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(zone);
    return true;
  } catch {
    return false;
  }
};

/** Problems in contact rules (L6); empty when the planner can use them as they are. */
export const validateContactRules = (rules: ContactRules): readonly Diagnostic[] => {
  const out: Diagnostic[] = [];
  const top = 'contact rules';
  const error = (code: string, message: string, where: string): void => {
    out.push(problem('error', code, message, where));
  };
  if (rules.quietHours !== undefined) {
    for (const name of ['from', 'to'] as const) {
      const v: unknown = rules.quietHours[name];
      if (typeof v !== 'string' || !HH_MM.test(v))
        error(
          'dunning.invalid-time',
          `quiet hours ${name} must be a time HH:MM, not ${JSON.stringify(v)}`,
          `${top}, field quietHours.${name}`,
        );
    }
  }
  for (const day of rules.quietDays ?? [])
    if (!Number.isInteger(day) || day < 1 || day > 7)
      error(
        'dunning.invalid-day',
        `quiet days are 1 (Monday) to 7 (Sunday), not ${JSON.stringify(day)}`,
        `${top}, field quietDays`,
      );
  (rules.caps ?? []).forEach((cap, i) => {
    const where = `${top}, cap ${i + 1}`;
    if (!STEP_CHANNELS.includes(cap.channel))
      error(
        'dunning.unknown-channel',
        `unknown channel ${JSON.stringify(cap.channel)}`,
        `${where}, field channel`,
      );
    if (cap.customerType !== undefined && cap.customerType !== 'business' && cap.customerType !== 'consumer')
      error(
        'dunning.invalid-customer-type',
        'customerType must be "business" or "consumer"',
        `${where}, field customerType`,
      );
    if (!Number.isInteger(cap.max) || cap.max < 1)
      error(
        'dunning.invalid-cap',
        'max must be a whole number of contacts, at least 1 (use an opt-out to forbid a channel)',
        `${where}, field max`,
      );
    if (!Number.isInteger(cap.days) || cap.days < 1)
      error('dunning.invalid-cap', 'days must be a whole number of days, at least 1', `${where}, field days`);
  });
  if (typeof rules.defaultTimeZone !== 'string' || !isTimeZone(rules.defaultTimeZone))
    error(
      'dunning.invalid-time-zone',
      `unknown time zone ${JSON.stringify(rules.defaultTimeZone)}`,
      `${top}, field defaultTimeZone`,
    );
  return out;
};
