import { describe, expect, it } from 'vitest';
import { formatAction, formatValue } from './json-value';
import type { RuleTest } from './rules.types';
import { fromDraft, fromDrafts, newTestDraft, toDraft } from './test-model';

const writeOff: RuleTest = {
  name: 'write-off blacklists the debtor',
  given: {
    facts: { case: { strategy: 'business-standard' }, today: '2026-03-02' },
    event: { type: 'AmountWrittenOff', data: { reason: 'insolvency closed' } },
  },
  expect: {
    actions: [
      { type: 'setFlag', flag: 'blacklist', value: true, reason: 'Debt written off: insolvency closed' },
    ],
  },
};

const decisionsOnly: RuleTest = {
  name: 'small French business',
  given: { facts: { customer: { type: 'business', country: 'FR' } } },
  expect: { decisions: { segment: 'small-business' } },
};

describe('test drafts', () => {
  it('round-trip a test through its JSON texts', () => {
    for (const test of [writeOff, decisionsOnly]) {
      expect(fromDraft(toDraft(test))).toEqual({ ok: true, test });
    }
  });

  it('leave out an event when no event type is given', () => {
    const draft = { ...toDraft(writeOff), eventType: ' ' };
    const read = fromDraft(draft);
    expect(read.ok && read.test.given).toEqual({ facts: writeOff.given.facts });
  });

  it('name every text that does not read, and what it should be', () => {
    const read = fromDraft({
      ...newTestDraft(''),
      facts: '{"case": ',
      decisions: '[1]',
      actions: '{"type": "setFlag"}',
    });
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.problems.map((p) => p.field)).toEqual(['name', 'facts', 'decisions', 'actions']);
    expect(read.problems.find((p) => p.field === 'decisions')?.message).toBe('object');
    expect(read.problems.find((p) => p.field === 'actions')?.message).toBe('list');
  });

  it('report problems by test position', () => {
    const drafts = [toDraft(writeOff), { ...toDraft(decisionsOnly), facts: 'nope' }];
    const read = fromDrafts(drafts);
    expect(read.ok).toBe(false);
    if (!read.ok) expect([...read.problems.keys()]).toEqual([1]);
    expect(fromDrafts([toDraft(writeOff)])).toEqual({ ok: true, tests: [writeOff] });
  });
});

describe('formatValue', () => {
  it('writes values on one line', () => {
    expect(formatValue('small-business')).toBe('small-business');
    expect(formatValue({ portfolio: 'business-fr', manager: 'collector.fr' })).toBe(
      'portfolio: "business-fr", manager: "collector.fr"',
    );
    expect(formatValue({ overdue: { amount: '12.50', count: 2 }, tags: ['a', 1] })).toBe(
      'overdue: {amount: "12.50", count: 2}, tags: ["a", 1]',
    );
    expect(formatValue(null)).toBe('null');
    expect(formatValue(true)).toBe('true');
  });

  it('writes an action as its type and parameters', () => {
    expect(formatAction({ type: 'assignPortfolio', portfolio: 'business-fr' })).toBe(
      'assignPortfolio — portfolio: "business-fr"',
    );
    expect(formatAction({ type: 'stopStrategy' })).toBe('stopStrategy');
  });
});
