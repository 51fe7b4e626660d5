import { Liquid, LiquidError, type Template } from 'liquidjs';
import type { CurrencyCode } from '@quittance/domain';
import {
  addAmounts,
  addDaysToIsoDate,
  formatAmountForLocale,
  formatDateForLocale,
  formatIban,
  formatIntegerForLocale,
  formatMoneyForLocale,
  subtractAmounts,
  toCurrency,
  toMoney,
  toPlainDate,
  TemplateValueError,
  type DateStyle,
} from './format';
import { encodeValue } from './markdown-light';

/** What the filters need to know about the render in progress, passed as a Liquid global. */
export type FormatSettings = { readonly locale: string; readonly currency: CurrencyCode };

const SETTINGS = '__quittanceFormat';

/** What liquidjs binds `this` to in a filter, as much of it as the filters read. */
type FilterImpl = { readonly context: { readonly globals: Readonly<Record<string, unknown>> } };

export const formatGlobals = (settings: FormatSettings): Record<string, unknown> => ({
  [SETTINGS]: settings,
});

function settingsOf(impl: FilterImpl): FormatSettings {
  const settings = impl.context.globals[SETTINGS] as FormatSettings | undefined;
  if (!settings) throw new TemplateValueError('money and date filters need a render context');
  return settings;
}

const isEmpty = (value: unknown): boolean => value === undefined || value === null || value === '';

const currencyArgument = (impl: FilterImpl, currency: unknown): CurrencyCode =>
  isEmpty(currency) ? settingsOf(impl).currency : toCurrency(String(currency));

const dateStyle = (style: unknown): DateStyle => {
  if (isEmpty(style)) return 'long';
  if (style === 'long' || style === 'short' || style === 'iso') return style;
  throw new TemplateValueError(`date style is long, short or iso, not ${JSON.stringify(style)}`);
};

// An empty value prints nothing, as Liquid does for a missing variable.
const FILTERS: Record<string, (this: FilterImpl, value: unknown, ...args: unknown[]) => unknown> = {
  /** `{{ totals.totalDue | money }}` → `1 250,00 €`; `| money: 'USD'` for another currency. */
  money(value, currency) {
    if (isEmpty(value)) return '';
    const code = currencyArgument(this, currency);
    return formatMoneyForLocale(toMoney(value, code), settingsOf(this).locale);
  },
  /** The amount without currency sign: `1 250,00`. */
  amount(value, currency) {
    if (isEmpty(value)) return '';
    const code = currencyArgument(this, currency);
    return formatAmountForLocale(toMoney(value, code), settingsOf(this).locale);
  },
  /** Exact decimal sum: `{{ totals.principal | amount_plus: totals.interest | money }}`. */
  amount_plus(value, other) {
    return addAmounts(isEmpty(value) ? '0' : value, isEmpty(other) ? '0' : other, settingsOf(this).currency);
  },
  amount_minus(value, other) {
    return subtractAmounts(
      isEmpty(value) ? '0' : value,
      isEmpty(other) ? '0' : other,
      settingsOf(this).currency,
    );
  },
  /** `{{ item.dueDate | date }}` → `5 mars 2025`; `| date: 'short'` → `05/03/2025`. */
  date(value, style) {
    if (isEmpty(value)) return '';
    return formatDateForLocale(toPlainDate(value), settingsOf(this).locale, dateStyle(style));
  },
  /** `{{ today | add_days: 8 | date }}`. */
  add_days(value, days) {
    if (isEmpty(value)) return '';
    return addDaysToIsoDate(value, days);
  },
  /** A whole number per locale: `1 250`. */
  number(value) {
    if (isEmpty(value)) return '';
    const n = typeof value === 'string' ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
      throw new TemplateValueError(`number expects a whole number, got ${JSON.stringify(value)}`);
    }
    return formatIntegerForLocale(n, settingsOf(this).locale);
  },
  /** `FR76 3000 6000 0112 3456 7890 189`. */
  iban(value) {
    return isEmpty(value) ? '' : formatIban(String(value));
  },
};

const createEngine = (outputEscape: 'escape' | ((value: unknown) => string)): Liquid => {
  const engine = new Liquid({
    strictFilters: true,
    strictVariables: false,
    lenientIf: true,
    ownPropertyOnly: true,
    // No file system: the in-memory template map is empty, and the tags that read files refuse.
    templates: {},
    relativeReference: false,
    outputEscape,
    cache: false,
    // A template is text an administrator edits: a runaway loop fails instead of filling memory.
    // (Counted in characters and items, so the limit does not depend on the machine's speed.)
    parseLimit: 1_000_000,
    memoryLimit: 20_000_000,
  });
  for (const [name, filter] of Object.entries(FILTERS)) engine.registerFilter(name, filter);
  for (const tag of ['include', 'render', 'layout']) {
    engine.registerTag(tag, {
      parse() {
        throw new Error(`{% ${tag} %} is not available: a dunning template cannot read other files`);
      },
      render() {
        return '';
      },
    });
  }
  return engine;
};

/** Subject, body and SMS: values are encoded so that they stay text in Markdown-light. */
export const textEngine = createEngine(encodeValue);
/** A template's own HTML: values are HTML-escaped. */
export const htmlEngine = createEngine('escape');

export type LiquidProblem = { readonly line: number | null; readonly message: string };

/** The position and the message of a Liquid error, without Liquid's excerpt of the source. */
export const describeLiquidError = (error: unknown): LiquidProblem => {
  if (error instanceof LiquidError) {
    const [line] = error.token?.getPosition?.() ?? [];
    const original = error.originalError?.message ?? error.message;
    return { line: line ?? null, message: original.replace(/, line:\d+, col:\d+[\s\S]*$/, '') };
  }
  return { line: null, message: error instanceof Error ? error.message : String(error) };
};

/** Parses Liquid source; throws the LiquidError (with its line) when it does not parse. */
export const parseLiquid = (engine: Liquid, source: string): Template[] => engine.parse(source);
