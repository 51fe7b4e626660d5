import { describe, expect, it } from 'vitest';
import {
  actionValue,
  buildAction,
  changeActionType,
  parseEventList,
  setActionField,
  unknownEventTypes,
  updateReaction,
} from './reaction-model';
import type { ReactionRule } from './rules.types';

describe('actions', () => {
  it('keeps required fields even when empty and drops empty optional ones', () => {
    expect(buildAction('createTask', { title: '', taskType: '"call"', assignee: '  ' })).toEqual({
      type: 'createTask',
      title: '',
      taskType: '"call"',
    });
  });

  it('ignores fields the action type does not have', () => {
    expect(buildAction('assignTeam', { team: '"legal"', manager: '"x"' })).toEqual({
      type: 'assignTeam',
      team: '"legal"',
    });
  });

  it('keeps the shared fields when the type changes', () => {
    const phase = buildAction('changePhase', { phase: '"legal"', reason: '"No answer"' });
    expect(changeActionType(phase, 'outsource')).toEqual({
      type: 'outsource',
      partner: '',
      reason: '"No answer"',
    });
    expect(changeActionType(phase, 'assignManager')).toEqual({ type: 'assignManager', manager: '' });
  });

  it('gives setFlag a valid flag', () => {
    expect(buildAction('setFlag', { value: 'true' })).toEqual({
      type: 'setFlag',
      flag: 'manualMode',
      value: 'true',
    });
    expect(buildAction('setFlag', { flag: 'blacklist', value: 'true' })).toMatchObject({ flag: 'blacklist' });
  });

  it('edits one field', () => {
    const fee = buildAction('addFee', { amount: '15', label: '"Dunning letter"' });
    const next = setActionField(fee, 'amount', '25');
    expect(next).toEqual({ type: 'addFee', amount: '25', label: '"Dunning letter"' });
    expect(actionValue(next, 'label')).toBe('"Dunning letter"');
    expect(actionValue(next, 'nothing')).toBe('');
  });
});

describe('reactions', () => {
  const rule: ReactionRule = {
    id: 'call-after-due-plus-14',
    name: 'Call the debtor',
    on: ['TimerFired'],
    when: 'event.data.name = "due+14"',
    then: [{ type: 'createTask', title: '"Call"' }],
  };

  it('leaves an emptied condition out (no condition means always)', () => {
    expect(updateReaction(rule, { when: '  ' })).not.toHaveProperty('when');
  });

  it('stores enabled only when the rule is switched off', () => {
    expect(updateReaction(rule, { enabled: false }).enabled).toBe(false);
    expect(updateReaction({ ...rule, enabled: false }, { enabled: true })).not.toHaveProperty('enabled');
  });
});

describe('event lists', () => {
  it('reads a comma or line separated list without duplicates', () => {
    expect(parseEventList('FinancialItemAdded, TimerFired\nTimerFired;;')).toEqual([
      'FinancialItemAdded',
      'TimerFired',
    ]);
    expect(parseEventList('  ')).toEqual([]);
  });

  it('names the event types no case event has', () => {
    expect(unknownEventTypes(['TimerFired', 'TimerFried'])).toEqual(['TimerFried']);
  });
});
