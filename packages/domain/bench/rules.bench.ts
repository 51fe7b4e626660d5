/**
 * Rules benchmark: one dunning decision table (hit policy FIRST, 24 rules over 9 case facts),
 * evaluated by our FEEL engine and by json-rules-engine over the same 100,000 generated cases.
 * json-rules-engine gets a mechanical translation of the same table (below), so the two agree by
 * construction of the translation, not by a second hand-written copy; every decision it takes is
 * compared with ours.
 *
 *   npx tsx packages/domain/bench/rules.bench.ts [--json] [--cases N] [--seed N] [--jre-cases N]
 *
 * Prints human lines, then (with --json) one JSON object as the last line:
 *   { "quittance": { "decisionsPerSecond": N }, "json-rules-engine": { "decisionsPerSecond": N },
 *     "agree": true, ... }
 * Exits non-zero when the engines disagree on any case (the first differences go to stderr).
 * Randomness and the clock are fine here: this file is a tool, not domain code.
 */
import { Decimal } from 'decimal.js';
import { Engine, type RuleProperties, type TopLevelCondition } from 'json-rules-engine';
import { compileDecisionTable } from '../src/rules/decision-table';
import type { ContextType, FeelContext, FeelType, FeelValue } from '../src/rules/feel/types';
import type { DecisionTable } from '../src/rules/model';

// --- arguments -------------------------------------------------------------------------------

const argument = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(`--${name}`);
  const value = at === -1 ? undefined : Number(process.argv[at + 1]);
  return value === undefined || !Number.isFinite(value) ? fallback : value;
};
const CASES = Math.max(1, Math.round(argument('cases', 100_000)));
const SEED = argument('seed', 20240917);
const JSON_OUTPUT = process.argv.includes('--json');
/** json-rules-engine evaluates every case unless it would take longer than this; then a sample. */
const JRE_BUDGET_MS = 30_000;
const JRE_MIN_SAMPLE = 20_000;
const JRE_CASES_ARGUMENT = argument('jre-cases', 0);

// --- the decision table ----------------------------------------------------------------------

const EU_CORE = '"FR","DE","BE","NL","LU"';

// prettier-ignore
const RULES: readonly (readonly [id: string, cells: readonly string[], action: string, description: string])[] = [
  //                    days past due   amount                  type          score     country             last contact disputed promise open items
  ['disputed',          ['-',          '-',                    '-',          '-',      '-',                '-',        '> 0',   '-',     '-'],     'manual-review',    'Disputed items: a person looks before anything is sent'],
  ['promise',           ['<= 60',      '-',                    '-',          '-',      '-',                '-',        '-',     'true',  '-'],     'none',             'An open promise to pay is honoured up to 60 days past due'],
  ['paid',              ['-',          '<= 0.00',              '-',          '-',      '-',                '-',        '-',     '-',     '-'],     'thank-you',        'Nothing overdue any more'],
  ['prevention',        ['[-7..-1]',   '-',                    '-',          '< 50',   '-',                '-',        '-',     '-',     '-'],     'prevention-email', 'Due within a week, weak payer'],
  ['not-due',           ['<= 0',       '-',                    '-',          '-',      '-',                '-',        '-',     '-',     '-'],     'none',             'Not due yet'],
  ['tiny',              ['-',          '< 5.00',               '-',          '-',      '-',                '-',        '-',     '-',     '-'],     'none',             'Below the dunning threshold'],
  ['r1-risky-consumer', ['[1..14]',    '-',                    '"consumer"', '< 30',   '-',                '-',        '-',     '-',     '-'],     'R2-letter',        'Risky consumers get a letter at once'],
  ['r1-good-business',  ['[1..14]',    '-',                    '"business"', '>= 70',  '-',                '-',        '-',     '-',     '-'],     'none',             'Good business payers get two weeks of grace'],
  ['r1',                ['[1..14]',    '-',                    '-',          '-',      '-',                '-',        '-',     '-',     '-'],     'R1-email',         'First reminder'],
  ['r2-contacted',      ['[15..29]',   '-',                    '-',          '-',      '-',                '< 7',      '-',     '-',     '-'],     'none',             'Contacted this week: wait'],
  ['r2-large-business', ['[15..29]',   '>= 1000.00',           '"business"', '-',      '-',                '-',        '-',     '-',     '-'],     'R3-call',          'Large business balance: call'],
  ['r2',                ['[15..29]',   '-',                    '-',          '-',      '-',                '-',        '-',     '-',     '-'],     'R2-letter',        'Second reminder'],
  ['r3-weak',           ['[30..59]',   '-',                    '-',          '< 30',   '-',                '-',        '-',     '-',     '-'],     'final-notice',     'Weak payer, a month late'],
  ['r3-many-items',     ['[30..59]',   '-',                    '-',          '-',      '-',                '-',        '-',     '-',     '>= 5'],  'manual-review',    'Many open items: look at the account'],
  ['r3-small',          ['[30..59]',   '< 250.00',             '-',          '-',      '-',                '-',        '-',     '-',     '-'],     'R2-letter',        'Small balance: another letter'],
  ['r3',                ['[30..59]',   '-',                    '-',          '-',      '-',                '-',        '-',     '-',     '-'],     'R3-call',          'Third reminder by phone'],
  ['r4-small',          ['[60..89]',   '< 250.00',             '-',          '-',      '-',                '-',        '-',     '-',     '-'],     'final-notice',     'Small balance, two months late'],
  ['r4-silent',         ['[60..89]',   '-',                    '-',          '-',      '-',                '> 30',     '-',     '-',     '-'],     'R3-call',          'No contact for a month: call'],
  ['r4',                ['[60..89]',   '-',                    '-',          '-',      '-',                '-',        '-',     '-',     '-'],     'final-notice',     'Final notice'],
  ['legal',             ['>= 90',      '>= 10000.00',          '"business"', '-',      EU_CORE,            '-',        '-',     '-',     '-'],     'legal',            'Large business debt where we sue'],
  ['agency-abroad',     ['>= 90',      '>= 250.00',            '-',          '-',      `not(${EU_CORE})`,  '-',        '-',     '-',     '-'],     'agency',           'Abroad: a collection agency'],
  ['agency-silent',     ['>= 90',      '[250.00..10000.00)',   '-',          '-',      '-',                '> 60',     '-',     '-',     '-'],     'agency',           'No contact for two months'],
  ['write-off',         ['>= 90',      '< 250.00',             '-',          '-',      '-',                '-',        '-',     '-',     '-'],     'write-off',        'Old and small: not worth more'],
  ['catch-all',         ['-',          '-',                    '-',          '-',      '-',                '-',        '-',     '-',     '-'],     'manual-review',    'Anything else'],
];

const TABLE: DecisionTable = {
  id: 'dunning',
  name: 'Dunning action',
  hitPolicy: 'FIRST',
  inputs: [
    { id: 'dpd', label: 'Days past due', expression: 'case.overdue.daysPastDue', typeRef: 'number' },
    { id: 'amount', label: 'Overdue amount', expression: 'case.overdue.amount', typeRef: 'number' },
    { id: 'type', label: 'Customer type', expression: 'customer.type', typeRef: 'string' },
    { id: 'score', label: 'Score', expression: 'customer.score', typeRef: 'number' },
    { id: 'country', label: 'Country', expression: 'customer.country', typeRef: 'string' },
    {
      id: 'contact',
      label: 'Days since last contact',
      expression: 'case.daysSinceLastContact',
      typeRef: 'number',
    },
    { id: 'disputed', label: 'Disputed items', expression: 'case.items.disputed', typeRef: 'number' },
    { id: 'promise', label: 'Open promise', expression: 'case.promiseOpen', typeRef: 'boolean' },
    { id: 'open', label: 'Open items', expression: 'case.items.open', typeRef: 'number' },
  ],
  outputs: [
    {
      id: 'action',
      name: 'action',
      label: 'Action',
      typeRef: 'string',
      allowedValues: [...new Set(RULES.map(([, , action]) => JSON.stringify(action)))],
    },
  ],
  rules: RULES.map(([id, cells, action, description]) => ({
    id,
    inputEntries: cells,
    outputEntries: [JSON.stringify(action)],
    description,
  })),
};

const context = (fields: Record<string, FeelType>): ContextType => ({ kind: 'context', fields });
const number: FeelType = { kind: 'number' };
const string: FeelType = { kind: 'string' };
const boolean: FeelType = { kind: 'boolean' };

/** The facts the table reads: a subset of CASE_FACTS_SCHEMA, plus the open-promise flag. */
const SCOPE: ContextType = context({
  case: context({
    overdue: context({ daysPastDue: number, amount: number }),
    items: context({ open: number, disputed: number }),
    /** null when the debtor was never contacted. */
    daysSinceLastContact: number,
    promiseOpen: boolean,
  }),
  customer: context({ type: string, country: string, score: number }),
});

// --- deterministic randomness ----------------------------------------------------------------

const mulberry32 = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};
const random = mulberry32(SEED);
const int = (low: number, high: number): number => low + Math.floor(random() * (high - low + 1));
const chance = (p: number): boolean => random() < p;
/** A value drawn by weight: `[[weight, value], ...]`. */
const weighted = <T>(choices: readonly (readonly [number, T])[]): T => {
  const total = choices.reduce((sum, [w]) => sum + w, 0);
  let roll = random() * total;
  for (const [w, value] of choices) {
    roll -= w;
    if (roll < 0) return value;
  }
  return (choices[choices.length - 1] as readonly [number, T])[1];
};

// --- cases -----------------------------------------------------------------------------------

type CaseFacts = {
  readonly daysPastDue: number;
  /** The overdue amount in cents: exact, whatever each engine makes of it. */
  readonly amountCents: number;
  readonly type: 'business' | 'consumer';
  readonly score: number;
  readonly country: string;
  readonly daysSinceLastContact: number | null;
  readonly disputed: number;
  readonly promiseOpen: boolean;
  readonly openItems: number;
};

// Spread so that every rule of the table takes a visible share of the cases (printed below).
const generateCase = (): CaseFacts => {
  const daysPastDue = weighted<() => number>([
    [6, () => int(-7, -1)],
    [4, () => int(-30, -8)],
    [2, () => 0],
    [22, () => int(1, 14)],
    [18, () => int(15, 29)],
    [18, () => int(30, 59)],
    [14, () => int(60, 89)],
    [16, () => int(90, 400)],
  ])();
  const amountCents = weighted<() => number>([
    [3, () => 0],
    [4, () => int(1, 499)],
    [38, () => int(500, 24_999)],
    [33, () => int(25_000, 99_999)],
    [15, () => int(100_000, 999_999)],
    // old debts are larger: most of what reaches court or an agency
    [daysPastDue >= 90 ? 18 : 7, () => int(1_000_000, 5_000_000)],
  ])();
  return {
    daysPastDue,
    // round amounts (whole euros) happen: they reach the FEEL engine as plain integers
    amountCents: chance(0.1) ? amountCents - (amountCents % 100) : amountCents,
    type: chance(0.6) ? 'business' : 'consumer',
    score: int(0, 100),
    country: weighted([
      [30, 'FR'],
      [20, 'DE'],
      [12, 'BE'],
      [8, 'NL'],
      [3, 'LU'],
      [8, 'ES'],
      [7, 'IT'],
      [7, 'UK'],
      [5, 'US'],
    ]),
    daysSinceLastContact: chance(0.1)
      ? null
      : weighted([
          [25, int(0, 6)],
          [35, int(7, 30)],
          [25, int(31, 60)],
          [20, int(61, 180)],
        ]),
    disputed: chance(0.04) ? int(1, 3) : 0,
    promiseOpen: chance(0.07),
    openItems: chance(0.7) ? int(1, 4) : int(5, 20),
  };
};

// FEEL numbers: a safe integer as a JS number, anything else as a Decimal (feel/types.ts).
const feelAmount = (cents: number): number | Decimal =>
  cents % 100 === 0 ? cents / 100 : new Decimal(cents).div(100);

const feelFacts = (c: CaseFacts): FeelContext => ({
  case: {
    overdue: { daysPastDue: c.daysPastDue, amount: feelAmount(c.amountCents) },
    items: { open: c.openItems, disputed: c.disputed },
    daysSinceLastContact: c.daysSinceLastContact,
    promiseOpen: c.promiseOpen,
  },
  customer: { type: c.type, country: c.country, score: c.score },
});

// json-rules-engine compares JS numbers. An amount of whole cents divided by 100 is the double
// nearest to it, as is each 2-decimal threshold of the table (250.00, 10000.00), and rounding to
// the nearest double keeps order; so every comparison the table makes between two 2-decimal
// values comes out as it would exactly. (It would not for sums or for more decimals.)
const plainFacts = (c: CaseFacts) => ({
  case: {
    overdue: { daysPastDue: c.daysPastDue, amount: c.amountCents / 100 },
    items: { open: c.openItems, disputed: c.disputed },
    daysSinceLastContact: c.daysSinceLastContact,
    promiseOpen: c.promiseOpen,
  },
  customer: { type: c.type, country: c.country, score: c.score },
});

// --- the table for json-rules-engine, translated cell by cell --------------------------------
// Covers the FEEL unary tests the table uses: `-`, comparisons and ranges with number literals,
// string and boolean literals, lists of them and `not(...)`. Anything else stops the benchmark,
// so that the two engines can never silently run different tables.

type JreCondition = TopLevelCondition | { fact: string; path?: string; operator: string; value: unknown };

const FEEL_STRING = /^"((?:[^"\\]|\\.)*)"$/;
const FEEL_NUMBER = /^-?\d+(?:\.\d+)?$/;
const COMPARISON = /^(<=|>=|<|>)\s*(-?\d+(?:\.\d+)?)$/;
const RANGE = /^([[(\]])\s*(-?\d+(?:\.\d+)?)\s*\.\.\s*(-?\d+(?:\.\d+)?)\s*([\])[])$/;
const OPERATOR: Record<string, string> = {
  '<': 'lessThan',
  '<=': 'lessThanInclusive',
  '>': 'greaterThan',
  '>=': 'greaterThanInclusive',
};

/** A FEEL literal (string, number, boolean, null) as a JS value. */
const literal = (text: string): string | number | boolean | null => {
  const s = text.trim();
  const str = FEEL_STRING.exec(s);
  if (str) return JSON.parse(`"${str[1]}"`) as string;
  if (FEEL_NUMBER.test(s)) return Number(s);
  if (s === 'true' || s === 'false') return s === 'true';
  if (s === 'null') return null;
  throw new Error(`the FEEL literal ${s} has no json-rules-engine translation`);
};

const splitTests = (text: string): string[] => {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i] as string;
    if (quoted && c === '\\') {
      current += c + (text[i + 1] ?? '');
      i += 1;
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === ',' && !quoted) {
      parts.push(current.trim());
      current = '';
    } else current += c;
  }
  parts.push(current.trim());
  return parts;
};

const factOf = (expression: string): { fact: string; path?: string } => {
  if (!/^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/.test(expression))
    throw new Error(`the input expression ${expression} is not a fact path`);
  const [fact = '', ...rest] = expression.split('.');
  return rest.length === 0 ? { fact } : { fact, path: `$.${rest.join('.')}` };
};

const singleTest = (test: string, on: { fact: string; path?: string }): JreCondition => {
  const comparison = COMPARISON.exec(test);
  if (comparison)
    return { ...on, operator: OPERATOR[comparison[1] as string] as string, value: Number(comparison[2]) };
  const range = RANGE.exec(test);
  if (range) {
    const [, open, low, high, close] = range;
    return {
      all: [
        { ...on, operator: open === '[' ? 'greaterThanInclusive' : 'greaterThan', value: Number(low) },
        { ...on, operator: close === ']' ? 'lessThanInclusive' : 'lessThan', value: Number(high) },
      ],
    };
  }
  return { ...on, operator: 'equal', value: literal(test) };
};

/** One cell as a condition on its input; null for `-`. */
const cellCondition = (cell: string, expression: string): JreCondition | null => {
  const text = cell.trim();
  if (text === '-' || text === '') return null;
  const on = factOf(expression);
  const negated = /^not\((.*)\)$/s.exec(text);
  const tests = splitTests(negated ? (negated[1] as string) : text);
  let condition: JreCondition;
  if (tests.length > 1 && tests.every((t) => FEEL_STRING.test(t))) {
    condition = { ...on, operator: negated ? 'notIn' : 'in', value: tests.map(literal) };
    return condition;
  }
  const each = tests.map((t) => singleTest(t, on));
  condition = each.length === 1 ? (each[0] as JreCondition) : { any: each as TopLevelCondition[] };
  return negated ? { not: condition as TopLevelCondition } : condition;
};

type JreDecision = { readonly rule: string; readonly output: Readonly<Record<string, unknown>> };

const translateTable = (table: DecisionTable): RuleProperties[] => {
  if (table.hitPolicy !== 'FIRST') throw new Error('only FIRST tables are translated');
  return table.rules.map((rule, r) => ({
    name: rule.id,
    // FIRST: an earlier row wins, so it runs with a higher priority
    priority: table.rules.length - r,
    conditions: {
      all: rule.inputEntries
        .map((cell, i) =>
          cellCondition(cell, (table.inputs[i] as DecisionTable['inputs'][number]).expression),
        )
        .filter((condition) => condition !== null) as TopLevelCondition[],
    },
    event: {
      type: 'decision',
      params: {
        rule: rule.id,
        output: Object.fromEntries(
          table.outputs.map((output, o) => [output.name, literal(rule.outputEntries[o] as string)]),
        ),
      },
    },
  }));
};

const jreEngine = (table: DecisionTable): Engine => {
  const engine = new Engine([], { allowUndefinedFacts: true });
  for (const rule of translateTable(table)) {
    // the first success decides: the lower priorities are not evaluated (FIRST)
    engine.addRule({ ...rule, onSuccess: () => void engine.stop() });
  }
  return engine;
};

const jreDecide = async (
  engine: Engine,
  facts: ReturnType<typeof plainFacts>,
): Promise<JreDecision | null> => {
  const { results } = await engine.run(facts);
  let best: (typeof results)[number] | undefined;
  for (const result of results)
    if (best === undefined || (result.priority ?? 0) > (best.priority ?? 0)) best = result;
  const params = best?.event?.params as JreDecision | undefined;
  return params === undefined ? null : { rule: params.rule, output: params.output };
};

// --- comparing -------------------------------------------------------------------------------

/** Our output as JSON-able data, whether the engine returns one output's value or a context of them. */
const outputRecord = (output: FeelValue): Record<string, unknown> | null => {
  if (output === null) return null;
  if (
    typeof output === 'object' &&
    !Array.isArray(output) &&
    !(output instanceof Decimal) &&
    !('kind' in output)
  )
    return Object.fromEntries(
      Object.entries(output).map(([k, v]) => [k, v instanceof Decimal ? v.toNumber() : v]),
    );
  return { [(TABLE.outputs[0] as DecisionTable['outputs'][number]).name]: output };
};

const sameDecision = (
  ours: { rule: string | undefined; output: Record<string, unknown> | null },
  theirs: JreDecision | null,
): boolean =>
  theirs === null
    ? ours.rule === undefined && ours.output === null
    : ours.rule === theirs.rule && JSON.stringify(ours.output) === JSON.stringify(theirs.output);

// --- run -------------------------------------------------------------------------------------

const ms = (from: number): number => performance.now() - from;
const log = (line: string): void => {
  console.log(line);
};

const main = async (): Promise<void> => {
  const generationStart = performance.now();
  const cases = Array.from({ length: CASES }, generateCase);
  const feel = cases.map(feelFacts);
  const plain = cases.map(plainFacts);
  log(
    `generated ${CASES} cases in ${Math.round(ms(generationStart))} ms (seed ${SEED}); table "${TABLE.id}": ${TABLE.rules.length} rules over ${TABLE.inputs.length} inputs, hit policy ${TABLE.hitPolicy}`,
  );

  // ours: compile once
  const compiled = compileDecisionTable(TABLE, SCOPE);
  if (!compiled.ok) {
    console.error('the table does not compile:');
    for (const d of compiled.diagnostics) console.error(`  ${d.where ?? ''} ${d.code}: ${d.message}`);
    process.exit(1);
  }
  const warnings = compiled.diagnostics.filter((d) => d.severity === 'warning');
  for (const d of warnings) log(`  warning: ${d.where ?? ''} ${d.code}: ${d.message}`);
  const table = compiled.value;

  // ours: the decisions, once, for the comparison (not timed)
  const oursDecisions = feel.map((facts) => {
    const outcome = table.evaluate(facts);
    if (outcome.error !== null && outcome.error !== undefined)
      throw new Error(`evaluation error: ${JSON.stringify(outcome.error)}`);
    return { rule: outcome.matchedRules[0], output: outputRecord(outcome.output) };
  });

  // json-rules-engine: every case, unless that would exceed the budget; then an evenly spread sample
  const engine = jreEngine(TABLE);
  const probe = Math.min(CASES, 2_000);
  const probeStart = performance.now();
  for (let i = 0; i < probe; i += 1) await jreDecide(engine, plain[i] as ReturnType<typeof plainFacts>);
  const estimatedMs = (ms(probeStart) / probe) * CASES;
  const jreCount =
    JRE_CASES_ARGUMENT > 0
      ? Math.min(CASES, JRE_CASES_ARGUMENT)
      : estimatedMs <= JRE_BUDGET_MS
        ? CASES
        : Math.min(CASES, Math.max(JRE_MIN_SAMPLE, Math.floor((CASES * JRE_BUDGET_MS) / estimatedMs)));
  const step = CASES / jreCount;
  const jreIndexes = Array.from({ length: jreCount }, (_, k) => Math.floor(k * step));
  const jreDecisions: (JreDecision | null)[] = new Array(jreCount);
  const jreStart = performance.now();
  for (let k = 0; k < jreCount; k += 1)
    jreDecisions[k] = await jreDecide(
      engine,
      plain[jreIndexes[k] as number] as ReturnType<typeof plainFacts>,
    );
  const jreMs = ms(jreStart);
  const jrePerSecond = Math.round((jreCount / jreMs) * 1000);
  log(
    `json-rules-engine: ${jreCount} decisions${jreCount < CASES ? ` (every ${step.toFixed(2)}th case: all ${CASES} would take about ${Math.round(estimatedMs / 1000)} s)` : ''} in ${Math.round(jreMs)} ms: ${jrePerSecond.toLocaleString('en')} decisions/s`,
  );

  // agreement
  const differences: number[] = [];
  jreIndexes.forEach((index, k) => {
    if (!sameDecision(oursDecisions[index] as (typeof oursDecisions)[number], jreDecisions[k] ?? null))
      differences.push(k);
  });
  const agree = differences.length === 0;
  if (!agree) {
    console.error(`the engines disagree on ${differences.length} of ${jreCount} cases; the first ones:`);
    for (const k of differences.slice(0, 5)) {
      const index = jreIndexes[k] as number;
      console.error(
        JSON.stringify({
          case: index,
          facts: plain[index],
          quittance: oursDecisions[index],
          'json-rules-engine': jreDecisions[k],
        }),
      );
    }
  }

  // ours: timed, after at least a second of warm-up
  let sink = 0;
  const pass = (): void => {
    for (let i = 0; i < CASES; i += 1) sink += table.evaluate(feel[i] as FeelContext).matchedRules.length;
  };
  const warmStart = performance.now();
  let warmPasses = 0;
  while (ms(warmStart) < 1_000 || warmPasses < 2) {
    pass();
    warmPasses += 1;
  }
  const passTimes: number[] = [];
  const measureStart = performance.now();
  while (passTimes.length < 5 || (ms(measureStart) < 2_000 && passTimes.length < 50)) {
    const start = performance.now();
    pass();
    passTimes.push(ms(start));
  }
  const totalMs = passTimes.reduce((sum, t) => sum + t, 0);
  const oursPerSecond = Math.round(((CASES * passTimes.length) / totalMs) * 1000);
  const bestPerSecond = Math.round((CASES / Math.min(...passTimes)) * 1000);
  if (sink !== CASES * (warmPasses + passTimes.length)) throw new Error('a case matched no rule');
  log(
    `quittance: ${passTimes.length} passes of ${CASES} decisions after ${warmPasses} warm-up passes: ${oursPerSecond.toLocaleString('en')} decisions/s (best pass ${bestPerSecond.toLocaleString('en')}/s)`,
  );
  const speedup = Math.round((oursPerSecond / jrePerSecond) * 10) / 10;
  log(`speed-up: ${speedup}× json-rules-engine`);

  // how the cases spread over the rules
  const byRule = new Map<string, number>(TABLE.rules.map((rule) => [rule.id, 0]));
  for (const d of oursDecisions) if (d.rule !== undefined) byRule.set(d.rule, (byRule.get(d.rule) ?? 0) + 1);
  log('cases per rule (quittance):');
  for (const [rule, count] of byRule)
    log(`  ${rule.padEnd(18)} ${String(count).padStart(6)}  ${((count / CASES) * 100).toFixed(1)} %`);
  log(
    agree
      ? `agreement: both engines took the same decision (rule and output) on all ${jreCount} cases compared`
      : `agreement: NO — ${differences.length} of ${jreCount} cases differ`,
  );

  if (JSON_OUTPUT) {
    log(
      JSON.stringify({
        quittance: { decisionsPerSecond: oursPerSecond },
        'json-rules-engine': { decisionsPerSecond: jrePerSecond },
        agree,
        speedup,
        cases: CASES,
        jreCases: jreCount,
        decisions: CASES * passTimes.length,
        table: {
          id: TABLE.id,
          hitPolicy: TABLE.hitPolicy,
          rules: TABLE.rules.length,
          inputs: TABLE.inputs.length,
        },
        seed: SEED,
      }),
    );
  }
  if (!agree) process.exitCode = 1;
};

await main();
