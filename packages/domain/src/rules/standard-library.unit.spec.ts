import { describe, expect, it } from 'vitest';
import { CASE_FACTS_SCHEMA } from './facts';
import { feelFromJson } from './feel';
import type { FeelContext } from './feel/types';
import { evaluateRuleSet } from './evaluate';
import type { JsonValue, RuleSetDocument } from './model';
import { compileRuleSet, type CompiledRuleSet } from './rule-set';
import { canPublish, runRuleSetTests } from './rule-tests';
import { STANDARD_RULE_SET } from './standard-library';

const compiled = (doc: RuleSetDocument): CompiledRuleSet => {
  const r = compileRuleSet(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics, null, 2));
  return r.value;
};

describe('the standard library', () => {
  it('compiles without any diagnostic', () => {
    expect(compileRuleSet(STANDARD_RULE_SET).diagnostics).toEqual([]);
  });

  it('passes all its tests and can be published', () => {
    const report = runRuleSetTests(compiled(STANDARD_RULE_SET), STANDARD_RULE_SET);
    expect(report.results.filter((r) => !r.ok)).toEqual([]);
    expect(report.passed).toBe(STANDARD_RULE_SET.tests.length);
    expect(canPublish(report)).toBe(true);
  });

  it('has a test in which each of its reactions fires', () => {
    const rs = compiled(STANDARD_RULE_SET);
    const fired = new Set<string>();
    for (const test of STANDARD_RULE_SET.tests) {
      const event = test.given.event;
      if (event === undefined) continue;
      const json: { [k: string]: JsonValue } = {
        ...test.given.facts,
        event: { type: event.type, data: event.data ?? {} },
      };
      const facts = feelFromJson(json, CASE_FACTS_SCHEMA) as FeelContext;
      for (const f of evaluateRuleSet(rs, facts, event, { name: 'std', version: 1 }).firings)
        fired.add(f.rule.id);
    }
    expect([...fired].sort()).toEqual(STANDARD_RULE_SET.reactions.map((r) => r.id).sort());
  });

  it('catches a tenant edit that breaks it: consumers switched to the business strategy', () => {
    const edited: RuleSetDocument = {
      ...STANDARD_RULE_SET,
      decisions: STANDARD_RULE_SET.decisions.map((t) =>
        t.id !== 'strategy'
          ? t
          : {
              ...t,
              rules: t.rules.map((r) =>
                r.id === 'consumer' ? { ...r, outputEntries: ['"business-standard"'] } : r,
              ),
            },
      ),
    };
    const report = runRuleSetTests(compiled(edited), edited);
    expect(canPublish(report)).toBe(false);
    expect(
      report.results.find((r) => r.name === 'big consumer debt goes to a senior collector')?.failures,
    ).toEqual([
      'decision "strategy": expected "consumer-gentle", got "business-standard" (rules matched: consumer)',
    ]);
  });

  it('escalates an overdue task to the supervisor with an explanation of the facts used', () => {
    const rs = compiled(STANDARD_RULE_SET);
    const facts = feelFromJson(
      {
        today: '2026-03-02',
        case: { balance: 500 },
        event: { type: 'TaskOverdue', data: { title: 'Call Martin SARL', supervisor: 'head.collection' } },
      },
      CASE_FACTS_SCHEMA,
    ) as FeelContext;
    const e = evaluateRuleSet(rs, facts, { type: 'TaskOverdue' }, { name: 'Standard library', version: 3 });
    expect(e.firings.map((f) => f.rule.id)).toEqual(['escalate-overdue-task']);
    expect(e.firings[0]?.explanation.facts).toEqual({
      'event.data.supervisor': 'head.collection',
      'event.data.title': 'Call Martin SARL',
      today: '2026-03-02',
    });
  });
});
