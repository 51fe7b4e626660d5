import {
  STANDARD_CONTACT_RULES as DOMAIN_CONTACT_RULES,
  STANDARD_STRATEGIES,
  compileStrategies,
} from '@quittance/domain';
import { describe, expect, it } from 'vitest';
import type { Strategy } from './dunning.types';
import {
  contactRulesDraft,
  draftProblems,
  fromContactRulesDraft,
  fromStepDraft,
  fromStrategyDraft,
  layoutTimeline,
  moveStep,
  newStep,
  newStrategy,
  readDecimal,
  readInteger,
  removeStep,
  selectionOfKey,
  STANDARD_CONTACT_RULES,
  stepDays,
  stepDraft,
  strategyDraft,
  toggleChannel,
  toggleDay,
  type StepDraft,
} from './strategy-model';

const step = (id: string, offsetDays: string, from: 'due' | 'previous', extra: Partial<StepDraft> = {}) =>
  ({
    id,
    level: 'R1',
    offsetDays,
    from,
    condition: '',
    channels: ['email'],
    template: 'business-r1',
    cost: '',
    fee: '',
    after: '',
    script: '',
    ...extra,
  }) satisfies StepDraft;

const standard = (id: string): Strategy => {
  const found = STANDARD_STRATEGIES.find((s) => s.id === id);
  if (!found) throw new Error(`no standard strategy ${id}`);
  return JSON.parse(JSON.stringify(found)) as Strategy;
};

describe('stepDays', () => {
  it('places steps from the due date at their offset, before the due date too', () => {
    expect(
      stepDays([step('prevention', '-5', 'due'), step('R1', '3', 'due'), step('R2', '15', 'due')]),
    ).toEqual([-5, 3, 15]);
  });

  it('adds a step counted from the previous one to the day of the step above', () => {
    // consumer-gentle: R1 at due+7, R2 14 days later, final 15 days after that, agency 30 more.
    const days = stepDays(strategyDraft(standard('consumer-gentle')).steps);
    expect(days).toEqual([7, 21, 36, 66]);
  });

  it('mixes both: a due step resets the count, a previous step follows whatever is above', () => {
    expect(
      stepDays([
        step('a', '10', 'due'),
        step('b', '5', 'previous'),
        step('c', '3', 'due'),
        step('d', '4', 'previous'),
      ]),
    ).toEqual([10, 15, 3, 7]);
  });

  it('counts a first step "from previous" from the due date (the server flags it)', () => {
    expect(stepDays([step('a', '4', 'previous')])).toEqual([4]);
  });

  it('leaves a step whose offset does not read at no day, and the steps counting from it', () => {
    expect(
      stepDays([
        step('a', '3', 'due'),
        step('b', '-', 'previous'),
        step('c', '7', 'previous'),
        step('d', '30', 'due'),
      ]),
    ).toEqual([3, null, null, 30]);
  });
});

describe('layoutTimeline', () => {
  it('always shows the due date, with room on both sides', () => {
    const layout = layoutTimeline([3, 15, 30, 45, 60]);
    expect(layout.start).toBeLessThan(0);
    expect(layout.end).toBeGreaterThan(60);
    expect(layout.due).toBeGreaterThan(0);
    expect(layout.markers.map((m) => m.day)).toEqual([3, 15, 30, 45, 60]);
    expect(layout.markers.every((m) => m.left > 0 && m.left < 100)).toBe(true);
    expect(layout.ticks.map((t) => t.day)).toContain(0);
  });

  it('puts markers too close to each other on separate lanes, and back on the first when there is room', () => {
    const layout = layoutTimeline([0, 1, 2, 60], 12);
    expect(layout.markers.map((m) => m.lane)).toEqual([0, 1, 2, 0]);
    expect(layout.lanes).toBe(3);
  });

  it('keeps the markers in step order and skips steps without a day', () => {
    const layout = layoutTimeline([30, null, 3]);
    expect(layout.markers.map((m) => [m.index, m.day])).toEqual([
      [0, 30],
      [2, 3],
    ]);
  });

  it('spans a week at least when there is no step', () => {
    const layout = layoutTimeline([]);
    expect(layout.markers).toEqual([]);
    expect(layout.end - layout.start).toBeGreaterThanOrEqual(7);
  });
});

describe('moving and removing steps', () => {
  const steps = [step('R1', '7', 'due'), step('R2', '14', 'previous'), step('final', '15', 'previous')];

  it('moves a step and keeps the other steps as they are', () => {
    const moved = moveStep(steps, 2, 1);
    expect(moved.map((s) => s.id)).toEqual(['R1', 'final', 'R2']);
    expect(moved[1]).toEqual(steps[2]);
  });

  it('anchors a step counted from the previous one to the due date when it becomes first, at its day', () => {
    const moved = moveStep(steps, 1, 0);
    expect(moved.map((s) => s.id)).toEqual(['R2', 'R1', 'final']);
    expect(moved[0]).toMatchObject({ from: 'due', offsetDays: '21' });
    expect(stepDays(moved)[0]).toBe(21);
  });

  it('ignores moves out of the list', () => {
    expect(moveStep(steps, 0, -1)).toEqual(steps);
    expect(moveStep(steps, 2, 3)).toEqual(steps);
  });

  it('anchors the new first step when the first one is removed', () => {
    const left = removeStep(steps, 0);
    expect(left.map((s) => [s.id, s.from, s.offsetDays])).toEqual([
      ['R2', 'due', '21'],
      ['final', 'previous', '15'],
    ]);
    expect(removeStep(steps, 1).map((s) => s.id)).toEqual(['R1', 'final']);
  });

  it('adds a step a week after the last one, at the next level, under a fresh id', () => {
    const added = newStep([
      step('R1', '3', 'due'),
      step('R2', '15', 'due', { level: 'R2', channels: ['letter'] }),
    ]);
    expect(added).toMatchObject({
      id: 'R3',
      level: 'R3',
      from: 'previous',
      offsetDays: '7',
      channels: ['letter'],
    });
    expect(newStep([])).toMatchObject({ id: 'R1', level: 'R1', from: 'due' });
    expect(newStep([step('R1', '3', 'due', { id: 'R2', level: 'R1' })]).id).toBe('R2-2');
    expect(newStep([step('final', '45', 'due', { level: 'final' })]).level).toBe('final');
  });

  it('creates a strategy that compiles', () => {
    const draft = newStrategy(['strategy'], 'New', 'business-r1');
    expect(draft.id).toBe('strategy-2');
    const compiled = compileStrategies([fromStrategyDraft(draft) as never]);
    expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});

describe('form <-> model', () => {
  it('gives back every standard strategy exactly', () => {
    for (const original of STANDARD_STRATEGIES) {
      const strategy = standard(original.id);
      expect(fromStrategyDraft(strategyDraft(strategy))).toEqual(strategy);
    }
  });

  it('keeps the document key order of a step', () => {
    const r3 = standard('business-standard').steps.find((s) => s.id === 'R3');
    if (!r3) throw new Error('no R3');
    expect(Object.keys(fromStepDraft(stepDraft(r3)))).toEqual(Object.keys(r3));
  });

  it('drops optional fields left empty and reads what was typed', () => {
    expect(
      fromStepDraft(
        step(' R9 ', ' -3 ', 'due', { condition: '  ', cost: '1,5', fee: '', script: ' ', after: 'legal' }),
      ),
    ).toEqual({
      id: 'R9',
      level: 'R1',
      offsetDays: -3,
      from: 'due',
      channels: ['email'],
      template: 'business-r1',
      cost: '1.5',
      after: 'legal',
    });
  });

  it('reads whole numbers and decimals strictly', () => {
    expect(readInteger('15')).toBe(15);
    expect(readInteger('-5')).toBe(-5);
    for (const bad of ['', '-', '1.5', '1e2', '+3', 'x']) expect(readInteger(bad)).toBeNull();
    expect(readDecimal('12.50')).toBe('12.50');
    expect(readDecimal('0,08')).toBe('0.08');
    for (const bad of ['', '-1', '1.', '.5', '1 000']) expect(readDecimal(bad)).toBeNull();
  });

  it('gives back the standard contact rules, which are the domain ones', () => {
    expect(STANDARD_CONTACT_RULES).toEqual(DOMAIN_CONTACT_RULES);
    expect(fromContactRulesDraft(contactRulesDraft(STANDARD_CONTACT_RULES))).toEqual(STANDARD_CONTACT_RULES);
    expect(fromContactRulesDraft(contactRulesDraft({ defaultTimeZone: 'Europe/Brussels' }))).toEqual({
      defaultTimeZone: 'Europe/Brussels',
    });
  });

  it('names each field that does not read, under the key of its diagnostics', () => {
    const draft = strategyDraft(standard('business-standard'));
    const broken = {
      ...draft,
      minimumAmount: 'ten',
      challengers: [{ strategy: '', share: '120' }],
      steps: draft.steps.map((s, i) => (i === 1 ? { ...s, offsetDays: '3.5', cost: 'x' } : s)),
    };
    const contact = { ...contactRulesDraft(STANDARD_CONTACT_RULES), quietFrom: '25:00' };
    contact.caps = [{ channel: 'email', customerType: '', max: '0', days: '7' }];
    expect(Object.fromEntries(draftProblems([draft, broken], contact))).toEqual({
      'strategy:1:field:minimumAmount': 'decimal',
      'strategy:1:challenger:0:strategy': 'required',
      'strategy:1:challenger:0:share': 'percent',
      'strategy:1:step:1:offsetDays': 'wholeNumber',
      'strategy:1:step:1:cost': 'decimal',
      'contact:quietHours.from': 'time',
      'contact:cap:0:max': 'positive',
    });
    expect(draftProblems([draft], null).size).toBe(0);
    expect(draftProblems(null, null).size).toBe(0);
  });

  it('finds the strategy and step a key points into', () => {
    expect(selectionOfKey('strategy:2:step:3:offsetDays')).toEqual({ strategy: 2, step: 3 });
    expect(selectionOfKey('strategy:1:field:name')).toEqual({ strategy: 1, step: null });
    expect(selectionOfKey('contact:cap:0:max')).toBeNull();
  });

  it('toggles channels in the order they were ticked and days in week order', () => {
    expect(toggleChannel(['email'], 'letter')).toEqual(['email', 'letter']);
    expect(toggleChannel(['email', 'letter'], 'email')).toEqual(['letter']);
    expect(toggleDay([7], 6)).toEqual([6, 7]);
    expect(toggleDay([6, 7], 7)).toEqual([6]);
  });
});
