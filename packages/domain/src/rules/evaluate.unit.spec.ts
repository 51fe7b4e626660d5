import { describe, expect, it } from 'vitest';
import { CASE_FACTS_SCHEMA } from './facts';
import { feelFromJson } from './feel';
import type { FeelContext } from './feel/types';
import { decideTables, evaluateRuleSet } from './evaluate';
import {
  RULE_SET_FORMAT,
  type ActionTemplate,
  type JsonValue,
  type ReactionRule,
  type RuleSetDocument,
} from './model';
import { compileRuleSet, type CompiledRuleSet } from './rule-set';

const META = { name: 'Acme rules', version: 7 };

const tables: RuleSetDocument['decisions'] = [
  {
    id: 'segment',
    name: 'Segment',
    hitPolicy: 'FIRST',
    inputs: [
      { id: 'type', label: 'Customer type', expression: 'customer.type' },
      { id: 'overdue', label: 'Overdue amount', expression: 'case.overdue.amount' },
    ],
    outputs: [{ id: 'segment', name: 'segment', typeRef: 'string' }],
    rules: [
      { id: 's1', inputEntries: ['"business"', '>= 50000'], outputEntries: ['"key-account"'] },
      { id: 's2', inputEntries: ['"business"', '-'], outputEntries: ['"business"'] },
      { id: 's3', inputEntries: ['-', '-'], outputEntries: ['"consumer"'] },
    ],
  },
  {
    id: 'assignment',
    name: 'Assignment',
    hitPolicy: 'FIRST',
    inputs: [
      { id: 'segment', label: 'Segment', expression: 'decisions.segment' },
      { id: 'country', label: 'Country', expression: 'customer.country' },
    ],
    outputs: [
      { id: 'portfolio', name: 'portfolio', typeRef: 'string' },
      { id: 'manager', name: 'manager', typeRef: 'string' },
    ],
    rules: [
      {
        id: 'a1',
        inputEntries: ['"key-account"', '-'],
        outputEntries: ['"key-accounts"', '"senior.collector"'],
      },
      { id: 'a2', inputEntries: ['-', '"DE"'], outputEntries: ['"business-de"', '"collector.de"'] },
      { id: 'a3', inputEntries: ['-', '-'], outputEntries: ['"business-fr"', '"collector.fr"'] },
    ],
  },
  {
    // Reads nothing any reaction below uses: it must stay out of their explanations.
    id: 'score',
    name: 'Score band',
    hitPolicy: 'FIRST',
    inputs: [{ id: 'score', label: 'Score', expression: 'customer.score' }],
    outputs: [{ id: 'band', name: 'band', typeRef: 'string' }],
    rules: [
      { id: 'b1', inputEntries: ['>= 50'], outputEntries: ['"good"'] },
      { id: 'b2', inputEntries: ['-'], outputEntries: ['"poor"'] },
    ],
  },
];

const reaction = (
  id: string,
  on: readonly string[],
  then: readonly ActionTemplate[],
  extra: Partial<ReactionRule> = {},
): ReactionRule => ({ id, name: `Rule ${id}`, on, then, ...extra });

const compile = (reactions: readonly ReactionRule[]): CompiledRuleSet => {
  const doc: RuleSetDocument = {
    format: RULE_SET_FORMAT,
    name: 'Acme rules',
    decisions: tables,
    reactions,
    tests: [],
  };
  const result = compileRuleSet(doc);
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics, null, 2));
  return result.value;
};

const facts = (over: { readonly [k: string]: JsonValue } = {}): FeelContext => {
  const json: { [k: string]: JsonValue } = {
    today: '2026-03-02',
    case: {
      balance: '1850.40',
      portfolio: null,
      manager: null,
      overdue: { amount: '1850.40', daysPastDue: 30 },
    },
    customer: { type: 'business', country: 'FR', score: 70 },
    event: { type: 'FinancialItemAdded', data: { dueDate: '2026-01-31', kind: 'invoice' } },
    ...over,
  };
  return feelFromJson(json, CASE_FACTS_SCHEMA) as FeelContext;
};

describe('evaluateRuleSet: which reactions fire', () => {
  const rs = compile([
    reaction('assign', ['FinancialItemAdded'], [{ type: 'assignPortfolio', portfolio: '"p"' }], {
      when: 'case.portfolio = null',
    }),
    reaction('always', ['FinancialItemAdded', 'NoteAdded'], [{ type: 'assignTeam', team: '"t"' }]),
    reaction('off', ['FinancialItemAdded'], [{ type: 'assignTeam', team: '"off"' }], { enabled: false }),
    reaction('rich', ['FinancialItemAdded'], [{ type: 'assignTeam', team: '"rich"' }], {
      when: 'case.principal > 1000',
    }),
  ]);

  it('fires the enabled rules listening to the event whose condition holds, in rule order', () => {
    const e = evaluateRuleSet(rs, facts(), { type: 'FinancialItemAdded' }, META);
    expect(e.firings.map((f) => f.rule.id)).toEqual(['assign', 'always']);
    expect(e.errors).toEqual([]);
  });

  it('does not fire a rule for an event it does not list', () => {
    const e = evaluateRuleSet(rs, facts(), { type: 'NoteAdded' }, META);
    expect(e.firings.map((f) => f.rule.id)).toEqual(['always']);
  });

  it('does not fire when the condition is false', () => {
    const withPortfolio = facts({ case: { portfolio: 'business-fr' } });
    const e = evaluateRuleSet(rs, withPortfolio, { type: 'FinancialItemAdded' }, META);
    expect(e.firings.map((f) => f.rule.id)).toEqual(['always']);
  });

  it('treats a null condition (principal unknown) as not holding, without an error', () => {
    const e = evaluateRuleSet(rs, facts(), { type: 'FinancialItemAdded' }, META);
    expect(e.firings.some((f) => f.rule.id === 'rich')).toBe(false);
    const known = facts({ case: { principal: 5000, portfolio: 'x' } });
    expect(
      evaluateRuleSet(rs, known, { type: 'FinancialItemAdded' }, META).firings.map((f) => f.rule.id),
    ).toEqual(['always', 'rich']);
  });

  it('reports a condition that evaluates to something other than a boolean', () => {
    const loose = compile([
      reaction('loose', ['NoteAdded'], [{ type: 'assignTeam', team: '"t"' }], { when: 'event.data.urgent' }),
    ]);
    const e = evaluateRuleSet(
      loose,
      facts({ event: { type: 'NoteAdded', data: { urgent: 'yes' } } }),
      { type: 'NoteAdded' },
      META,
    );
    expect(e.firings).toEqual([]);
    expect(e.errors).toEqual([{ rule: 'loose', message: expect.stringContaining('not a boolean') }]);
  });
});

describe('evaluateRuleSet: action parameters', () => {
  const fire = (then: readonly ActionTemplate[], over: { readonly [k: string]: JsonValue } = {}) =>
    evaluateRuleSet(
      compile([reaction('r', ['FinancialItemAdded'], then)]),
      facts(over),
      { type: 'FinancialItemAdded' },
      META,
    );

  it('gives a task its defaults: follow-up, normal priority, the case manager, due today', () => {
    const e = fire([{ type: 'createTask', title: '"Call the debtor"' }]);
    expect(e.firings[0]?.actions).toEqual([
      {
        type: 'createTask',
        title: 'Call the debtor',
        taskType: 'follow-up',
        assignee: null,
        due: '2026-03-02',
        priority: 'normal',
      },
    ]);
  });

  it('computes the task deadline from dueInDays or from a due date, and an empty assignee means the manager', () => {
    const e = fire([
      {
        type: 'createTask',
        title: '"a"',
        dueInDays: '2',
        assignee: '""',
        priority: '"urgent"',
        taskType: '"call"',
      },
      { type: 'createTask', title: '"b"', due: 'date(event.data.dueDate)', assignee: '"head.collection"' },
    ]);
    expect(e.firings[0]?.actions).toEqual([
      {
        type: 'createTask',
        title: 'a',
        taskType: 'call',
        assignee: null,
        due: '2026-03-04',
        priority: 'urgent',
      },
      {
        type: 'createTask',
        title: 'b',
        taskType: 'follow-up',
        assignee: 'head.collection',
        due: '2026-01-31',
        priority: 'normal',
      },
    ]);
  });

  it('sets timers at a date or after a number of days, as YYYY-MM-DD', () => {
    const e = fire([
      { type: 'setTimer', name: '"due+14"', at: 'date(event.data.dueDate) + duration("P14D")' },
      { type: 'setTimer', name: '"in-30"', afterDays: '30' },
    ]);
    expect(e.firings[0]?.actions).toEqual([
      { type: 'setTimer', name: 'due+14', at: '2026-02-14' },
      { type: 'setTimer', name: 'in-30', at: '2026-04-01' },
    ]);
  });

  it('writes fee amounts as exact decimal strings and optional reasons as null', () => {
    const e = fire([
      { type: 'addFee', amount: 'case.balance * 0.05', label: '"Late fee"' },
      { type: 'setFlag', flag: 'blacklist', value: 'true' },
      { type: 'changePhase', phase: '"default"', reason: '"Unpaid after R3"' },
    ]);
    expect(e.firings[0]?.actions).toEqual([
      { type: 'addFee', amount: '92.52', label: 'Late fee' },
      { type: 'setFlag', flag: 'blacklist', value: true, reason: null },
      { type: 'changePhase', phase: 'default', reason: 'Unpaid after R3' },
    ]);
  });

  it('turns a rule whose parameter is null into an error, without a partial firing, and keeps the others', () => {
    const rs = compile([
      reaction(
        'broken',
        ['FinancialItemAdded'],
        [
          { type: 'assignTeam', team: '"t"' },
          { type: 'assignManager', manager: 'case.manager' },
        ],
      ),
      reaction('fine', ['FinancialItemAdded'], [{ type: 'assignTeam', team: '"u"' }]),
    ]);
    const e = evaluateRuleSet(rs, facts(), { type: 'FinancialItemAdded' }, META);
    expect(e.firings.map((f) => f.rule.id)).toEqual(['fine']);
    expect(e.errors).toEqual([
      { rule: 'broken', message: 'action 2 (assignManager): manager (case.manager) evaluated to null' },
    ]);
  });

  it('rejects a value of the wrong kind or outside its list at run time', () => {
    const e = fire([{ type: 'createTask', title: '"t"', priority: 'event.data.kind' }]);
    expect(e.errors[0]?.message).toBe(
      'action 1 (createTask): priority (event.data.kind) gave "invoice", not one of low, normal, high, urgent',
    );
    const f = fire([{ type: 'assignTeam', team: 'event.data.amount' }], {
      event: { type: 'FinancialItemAdded', data: { amount: 12 } },
    });
    expect(f.errors[0]?.message).toBe(
      'action 1 (assignTeam): team (event.data.amount) gave the number 12, not a string',
    );
  });

  it('refuses a fee that is not positive and a deadline without today', () => {
    expect(fire([{ type: 'addFee', amount: '0 - 5', label: '"x"' }]).errors[0]?.message).toContain(
      'a fee must be positive',
    );
    expect(fire([{ type: 'createTask', title: '"t"' }], { today: null }).errors[0]?.message).toBe(
      'action 1 (createTask): needs today, which is missing from the facts',
    );
  });
});

describe('evaluateRuleSet: decisions and explanations', () => {
  it('evaluates tables in order, a later table reading decisions.segment', () => {
    const rs = compile([]);
    const big = facts({ case: { overdue: { amount: 80000 } } });
    const decisions = decideTables(rs, big);
    expect(decisions.map((d) => [d.table, d.matchedRules, d.outputJson])).toEqual([
      ['segment', ['s1'], 'key-account'],
      ['assignment', ['a1'], { portfolio: 'key-accounts', manager: 'senior.collector' }],
      ['score', ['b1'], 'good'],
    ]);
    expect(decideTables(rs, facts()).find((d) => d.table === 'assignment')?.outputJson).toEqual({
      portfolio: 'business-fr',
      manager: 'collector.fr',
    });
  });

  it('explains a firing with exactly the facts read by the rule and by the tables it used, transitively', () => {
    const rs = compile([
      reaction(
        'assign',
        ['FinancialItemAdded'],
        [
          { type: 'assignManager', manager: 'decisions.assignment.manager' },
          { type: 'createTask', title: '"Check " + event.data.kind', dueInDays: '3' },
        ],
        { when: 'case.portfolio = null and case.balance > 1000' },
      ),
    ]);
    const e = evaluateRuleSet(rs, facts(), { type: 'FinancialItemAdded' }, META);
    expect(e.firings[0]?.explanation).toEqual({
      ruleSet: { name: 'Acme rules', version: 7 },
      rule: { id: 'assign', name: 'Rule assign' },
      facts: {
        'case.balance': '1850.4',
        'case.overdue.amount': '1850.4',
        'case.portfolio': null,
        'customer.country': 'FR',
        'customer.type': 'business',
        'event.data.kind': 'invoice',
        today: '2026-03-02',
      },
      decisions: [
        { table: 'segment', matchedRules: ['s2'], output: 'business' },
        {
          table: 'assignment',
          matchedRules: ['a3'],
          output: { portfolio: 'business-fr', manager: 'collector.fr' },
        },
      ],
    });
  });

  it('explains a rule that reads no table with no decisions', () => {
    const rs = compile([
      reaction('r', ['FinancialItemAdded'], [{ type: 'assignTeam', team: 'customer.country' }]),
    ]);
    const explanation = evaluateRuleSet(rs, facts(), { type: 'FinancialItemAdded' }, META).firings[0]
      ?.explanation;
    expect(explanation?.facts).toEqual({ 'customer.country': 'FR' });
    expect(explanation?.decisions).toEqual([]);
  });
});
