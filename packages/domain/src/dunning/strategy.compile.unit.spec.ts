import { describe, expect, it } from 'vitest';
import { compileStrategies, compileStrategy, decimalToMinor, validateContactRules } from './strategy.compile';
import { STANDARD_CONTACT_RULES, STANDARD_STRATEGIES } from './standard-strategies';
import type { DunningStep, Strategy } from './strategy';

const base: Strategy = {
  id: 'x',
  name: 'X',
  mode: 'account',
  minimumAmount: '10.00',
  steps: [
    { id: 'R1', level: 'R1', offsetDays: 3, from: 'due', channels: ['email'], template: 't1' },
    {
      id: 'R2',
      level: 'R2',
      offsetDays: 10,
      from: 'previous',
      channels: ['email', 'letter'],
      template: 't2',
    },
  ],
};

const withStep = (index: number, patch: Record<string, unknown>): Strategy => ({
  ...base,
  steps: base.steps.map((s, i) => (i === index ? ({ ...s, ...patch } as unknown as DunningStep) : s)),
});

const errors = (s: Strategy): { code: string; where: string | undefined }[] =>
  compileStrategy(s)
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => ({ code: d.code, where: d.where }));

describe('compileStrategy', () => {
  it('compiles the standard library without a diagnostic', () => {
    const r = compileStrategies(STANDARD_STRATEGIES);
    expect(r.diagnostics).toEqual([]);
    expect(r.ok && [...r.value.keys()]).toEqual([
      'business-standard',
      'business-standard-b',
      'consumer-gentle',
      'key-account-personal',
    ]);
    expect(validateContactRules(STANDARD_CONTACT_RULES)).toEqual([]);
  });

  it('says where each problem is: strategy, step, field', () => {
    expect(errors(withStep(1, { id: 'R1' }))).toEqual([
      { code: 'dunning.duplicate-id', where: 'strategy "x", step "R1", field id' },
    ]);
    expect(errors(withStep(1, { offsetDays: 2.5 }))).toEqual([
      { code: 'dunning.invalid-offset', where: 'strategy "x", step "R2", field offsetDays' },
    ]);
    expect(errors(withStep(0, { from: 'previous' }))).toEqual([
      { code: 'dunning.previous-on-first-step', where: 'strategy "x", step "R1", field from' },
    ]);
    expect(errors(withStep(1, { offsetDays: 0 }))).toEqual([
      { code: 'dunning.invalid-offset', where: 'strategy "x", step "R2", field offsetDays' },
    ]);
    expect(errors(withStep(1, { level: 'R9' }))).toEqual([
      { code: 'dunning.unknown-level', where: 'strategy "x", step "R2", field level' },
    ]);
    expect(errors(withStep(1, { level: 'thank-you' }))).toEqual([
      { code: 'dunning.thank-you-step', where: 'strategy "x", step "R2", field level' },
    ]);
    expect(errors(withStep(1, { channels: ['fax'] }))).toEqual([
      { code: 'dunning.unknown-channel', where: 'strategy "x", step "R2", field channels' },
    ]);
    expect(errors(withStep(1, { channels: [] }))).toEqual([
      { code: 'dunning.no-channel', where: 'strategy "x", step "R2", field channels' },
    ]);
    expect(errors(withStep(1, { channels: [], after: 'agency' }))).toEqual([]);
    expect(errors(withStep(1, { cost: '1,50' }))).toEqual([
      { code: 'dunning.invalid-amount', where: 'strategy "x", step "R2", field cost' },
    ]);
    expect(errors(withStep(1, { fee: '-5' }))).toEqual([
      { code: 'dunning.invalid-amount', where: 'strategy "x", step "R2", field fee' },
    ]);
    expect(errors(withStep(1, { after: 'court' }))).toEqual([
      { code: 'dunning.invalid-after', where: 'strategy "x", step "R2", field after' },
    ]);
    expect(errors({ ...base, minimumAmount: '10 EUR' })).toEqual([
      { code: 'dunning.invalid-amount', where: 'strategy "x", field minimumAmount' },
    ]);
    expect(errors({ ...base, mode: 'customer' as never })).toEqual([
      { code: 'dunning.unknown-mode', where: 'strategy "x", field mode' },
    ]);
    expect(errors({ ...base, steps: [] })).toEqual([
      { code: 'dunning.no-steps', where: 'strategy "x", field steps' },
    ]);
  });

  it('checks the challengers: shares 0–100 adding up to at most 100, never itself', () => {
    expect(errors({ ...base, challengers: [{ strategy: 'y', share: 20 }] })).toEqual([]);
    expect(
      errors({
        ...base,
        challengers: [
          { strategy: 'y', share: 60 },
          { strategy: 'z', share: 50 },
        ],
      }),
    ).toEqual([{ code: 'dunning.shares-over-100', where: 'strategy "x", field challengers' }]);
    expect(errors({ ...base, challengers: [{ strategy: 'y', share: 101 }] })).toEqual([
      { code: 'dunning.invalid-share', where: 'strategy "x", challenger 1, field share' },
    ]);
    expect(errors({ ...base, challengers: [{ strategy: 'y', share: 12.5 }] })).toEqual([
      { code: 'dunning.invalid-share', where: 'strategy "x", challenger 1, field share' },
    ]);
    expect(errors({ ...base, challengers: [{ strategy: 'x', share: 10 }] })).toEqual([
      { code: 'dunning.self-challenger', where: 'strategy "x", challenger 1, field strategy' },
    ]);
    const library = compileStrategies([{ ...base, challengers: [{ strategy: 'nope', share: 10 }] }]);
    expect(library.ok).toBe(false);
    expect(library.diagnostics.map((d) => d.code)).toEqual(['dunning.unknown-challenger']);
  });

  it('compiles step conditions with the FEEL engine, as booleans over the case facts', () => {
    const good = compileStrategy(
      withStep(1, { condition: 'case.overdue.amount >= 500 and customer.type = "business"' }),
    );
    expect(good.ok).toBe(true);
    if (good.ok) {
      const condition = good.value.steps[1]?.condition;
      expect(
        condition?.evaluate({ case: { overdue: { amount: 800 } }, customer: { type: 'business' } }),
      ).toBe(true);
      expect(
        condition?.evaluate({ case: { overdue: { amount: 100 } }, customer: { type: 'business' } }),
      ).toBe(false);
    }
    const notBoolean = compileStrategy(withStep(1, { condition: 'case.overdue.amount + 1' }));
    expect(notBoolean.diagnostics).toEqual([
      expect.objectContaining({
        code: 'dunning.type-mismatch',
        where: 'strategy "x", step "R2", field condition',
        end: { line: 1, column: 24 },
      }),
    ]);
    const unknown = compileStrategy(withStep(1, { condition: 'case.overdew.amount > 1' }));
    expect(unknown.ok).toBe(false);
    expect(unknown.diagnostics[0]?.where).toBe('strategy "x", step "R2", field condition');
  });

  it('warns about steps out of order and steps after a hand-over, without failing', () => {
    const r = compileStrategy({
      ...base,
      steps: [
        { id: 'R2', level: 'R2', offsetDays: 15, from: 'due', channels: ['email'], template: 't' },
        { id: 'R1', level: 'R1', offsetDays: 3, from: 'due', channels: ['email'], template: 't' },
        {
          id: 'legal',
          level: 'final',
          offsetDays: 60,
          from: 'due',
          channels: [],
          template: '',
          after: 'legal',
        },
        { id: 'late', level: 'final', offsetDays: 90, from: 'due', channels: ['letter'], template: 't' },
      ],
    });
    expect(r.ok).toBe(true);
    expect(r.diagnostics.map((d) => [d.severity, d.code])).toEqual([
      ['warning', 'dunning.offset-order'],
      ['warning', 'dunning.level-order'],
      ['warning', 'dunning.unreachable-step'],
    ]);
  });

  it('never throws on malformed JSON', () => {
    const r = compileStrategy({ id: 'j', steps: [null, { id: 3 }] } as unknown as Strategy);
    expect(r.ok).toBe(false);
    expect(r.diagnostics.length).toBeGreaterThan(3);
  });
});

describe('contact rules and decimals', () => {
  it('reports bad quiet hours, days, caps and time zones', () => {
    const problems = validateContactRules({
      quietHours: { from: '25:00', to: '8:00' },
      quietDays: [0, 7],
      caps: [{ channel: 'sms', max: 0, days: 7 }],
      defaultTimeZone: 'Europe/Pariss',
    });
    expect(problems.map((p) => p.where)).toEqual([
      'contact rules, field quietHours.from',
      'contact rules, field quietHours.to',
      'contact rules, field quietDays',
      'contact rules, cap 1, field max',
      'contact rules, field defaultTimeZone',
    ]);
  });

  it('turns decimals into minor units exactly', () => {
    expect(decimalToMinor('10.00', 'EUR')).toBe(1000n);
    expect(decimalToMinor('0.125', 'EUR')).toBe(13n);
    expect(decimalToMinor('10.001', 'EUR', 'ceiling')).toBe(1001n);
    expect(decimalToMinor('10.00', 'JPY')).toBe(10n);
    expect(decimalToMinor('99999999999999999999.99', 'EUR')).toBe(9999999999999999999999n);
  });
});
