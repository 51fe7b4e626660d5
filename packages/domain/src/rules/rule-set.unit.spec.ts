import { describe, expect, it } from 'vitest';
import type { Diagnostic } from './feel/types';
import {
  RULE_SET_FORMAT,
  type ActionTemplate,
  type DecisionTable,
  type ReactionRule,
  type RuleSetDocument,
  type RuleTest,
} from './model';
import { compileRuleSet } from './rule-set';

const segment: DecisionTable = {
  id: 'segment',
  name: 'Segment',
  hitPolicy: 'FIRST',
  inputs: [{ id: 'type', label: 'Customer type', expression: 'customer.type' }],
  outputs: [{ id: 'segment', name: 'segment', typeRef: 'string' }],
  rules: [
    { id: 'r1', inputEntries: ['"business"'], outputEntries: ['"business"'] },
    { id: 'r2', inputEntries: ['-'], outputEntries: ['"consumer"'] },
  ],
};

const doc = (parts: Partial<RuleSetDocument>): RuleSetDocument => ({
  format: RULE_SET_FORMAT,
  name: 'Acme rules',
  decisions: [segment],
  reactions: [],
  tests: [],
  ...parts,
});

const reactionWith = (then: readonly ActionTemplate[], extra: Partial<ReactionRule> = {}): ReactionRule => ({
  id: 'blacklist-on-write-off',
  name: 'Blacklist on write-off',
  on: ['AmountWrittenOff'],
  then,
  ...extra,
});

const errorsOf = (d: RuleSetDocument): readonly Diagnostic[] => {
  const r = compileRuleSet(d);
  return r.diagnostics.filter((x) => x.severity === 'error');
};

/** The diagnostics as `where: code`, the way an editor would list them. */
const listed = (d: RuleSetDocument): string[] => errorsOf(d).map((x) => `${x.where}: ${x.code}`);

describe('compileRuleSet: structure', () => {
  it('compiles a clean document without diagnostics', () => {
    const r = compileRuleSet(
      doc({ reactions: [reactionWith([{ type: 'setFlag', flag: 'blacklist', value: 'true' }])] }),
    );
    expect(r.ok).toBe(true);
    expect(r.diagnostics).toEqual([]);
  });

  it('refuses an unknown format marker', () => {
    const bad = { ...doc({}), format: 'quittance.rules/0' } as unknown as RuleSetDocument;
    expect(compileRuleSet(bad).ok).toBe(false);
    expect(listed(bad)).toEqual(['rule set: rules.format']);
  });

  it('refuses duplicate ids of tables, reactions and test names', () => {
    const reaction = reactionWith([{ type: 'setFlag', flag: 'blacklist', value: 'true' }]);
    const test: RuleTest = {
      name: 'big consumer debt',
      given: { facts: {} },
      expect: { decisions: { segment: 'x' } },
    };
    expect(
      listed(doc({ decisions: [segment, segment], reactions: [reaction, reaction], tests: [test, test] })),
    ).toEqual([
      'table "segment": rules.duplicate-id',
      'reaction "blacklist-on-write-off": rules.duplicate-id',
      'test "big consumer debt": rules.duplicate-name',
    ]);
  });

  it('reports, without throwing, the holes of a document read from a hand-edited file', () => {
    const parsed = JSON.parse(
      '{"format":"quittance.rules/1","name":"x","decisions":[null],"tests":[],' +
        '"reactions":[null,{"id":"r","name":"R","on":["NoteAdded"],"then":[null]}]}',
    ) as RuleSetDocument;
    expect(errorsOf(parsed).map((e) => `${e.where}: ${e.message}`)).toEqual([
      'rule set: table 1 is not an object',
      'rule set: reaction 1 is not an object',
      'reaction "r", action 1: the action is not an object',
    ]);
  });

  it('refuses a reaction listening to no event', () => {
    const d = doc({ reactions: [reactionWith([{ type: 'assignTeam', team: '"t"' }], { on: [] })] });
    expect(errorsOf(d)).toEqual([
      expect.objectContaining({ code: 'rules.empty-on', where: 'reaction "blacklist-on-write-off"' }),
    ]);
  });

  it('refuses starting a strategy the rule set does not define, and compiles the strategies it does', () => {
    const d = doc({ reactions: [reactionWith([{ type: 'startStrategy', strategy: '"no-such-strategy"' }])] });
    expect(errorsOf(d)).toEqual([
      expect.objectContaining({
        code: 'rules.unknown-strategy',
        where: 'reaction "blacklist-on-write-off", action 1 (startStrategy), field strategy',
      }),
    ]);
    const withStrategy = compileRuleSet({
      ...d,
      strategies: [
        {
          id: 'no-such-strategy',
          name: 'Now it exists',
          mode: 'account',
          minimumAmount: '10.00',
          steps: [
            {
              id: 'R1',
              level: 'R1',
              offsetDays: 3,
              from: 'due',
              channels: ['email'],
              template: 'business-r1',
            },
          ],
        },
      ],
    });
    expect(withStrategy.ok).toBe(true);
    if (withStrategy.ok) expect([...withStrategy.value.strategies.keys()]).toEqual(['no-such-strategy']);
  });

  it('refuses a reaction to an event type that does not exist, suggesting the right spelling', () => {
    const d = doc({
      reactions: [reactionWith([{ type: 'assignTeam', team: '"t"' }], { on: ['amountWrittenOff'] })],
    });
    expect(errorsOf(d)).toEqual([
      expect.objectContaining({
        code: 'rules.unknown-event',
        where: 'reaction "blacklist-on-write-off", on',
        message:
          'no case event is called "amountWrittenOff": the rule could never fire; did you mean "AmountWrittenOff"?',
      }),
    ]);
  });

  it('names the action of an unknown type and of a missing required field', () => {
    const d = doc({
      reactions: [
        reactionWith([
          { type: 'assignTeam', team: '"t"' },
          { type: 'sendLetter', template: '"R1"' } as unknown as ActionTemplate,
          { type: 'assignManager' } as unknown as ActionTemplate,
          { type: 'setTimer', name: '"x"' },
        ]),
      ],
    });
    expect(errorsOf(d).map((x) => [x.where, x.message])).toEqual([
      [
        'reaction "blacklist-on-write-off", action 2',
        expect.stringMatching(/^unknown action type "sendLetter"; known: assignManager, /),
      ],
      ['reaction "blacklist-on-write-off", action 3 (assignManager)', 'manager is required'],
      [
        'reaction "blacklist-on-write-off", action 4 (setTimer)',
        'give at (a date) or afterDays (a number of days)',
      ],
    ]);
  });

  it('accepts only blacklist and manualMode as flags', () => {
    const d = doc({
      reactions: [
        reactionWith([{ type: 'setFlag', flag: 'vip', value: 'true' } as unknown as ActionTemplate]),
      ],
    });
    expect(listed(d)).toEqual([
      'reaction "blacklist-on-write-off", action 1 (setFlag), field flag: rules.unknown-flag',
    ]);
  });

  it('refuses a task with both a due date and a number of days', () => {
    const d = doc({
      reactions: [reactionWith([{ type: 'createTask', title: '"t"', due: 'today', dueInDays: '2' }])],
    });
    expect(listed(d)).toEqual([
      'reaction "blacklist-on-write-off", action 1 (createTask): rules.conflicting-fields',
    ]);
  });
});

describe('compileRuleSet: expressions and parameter types', () => {
  it('places an unknown fact in the condition at its characters', () => {
    const d = doc({
      reactions: [reactionWith([{ type: 'assignTeam', team: '"t"' }], { when: 'case.balanse > 0' })],
    });
    expect(errorsOf(d)).toEqual([
      {
        severity: 'error',
        code: 'feel.unknown-field',
        message: expect.stringContaining('did you mean `balance`?'),
        start: { line: 1, column: 6 },
        end: { line: 1, column: 13 },
        where: 'reaction "blacklist-on-write-off", when',
      },
    ]);
  });

  it('places a syntax error where the text stops making sense', () => {
    const d = doc({
      reactions: [reactionWith([{ type: 'assignTeam', team: '"t"' }], { when: 'case.balance >' })],
    });
    const [e] = errorsOf(d);
    expect(e).toMatchObject({
      code: 'feel.syntax',
      start: { line: 1, column: 15 },
      where: 'reaction "blacklist-on-write-off", when',
    });
  });

  it('requires a boolean condition', () => {
    const d = doc({
      reactions: [reactionWith([{ type: 'assignTeam', team: '"t"' }], { when: 'case.balance + 1' })],
    });
    expect(errorsOf(d)).toEqual([
      expect.objectContaining({
        code: 'rules.type-mismatch',
        message: 'the condition must be a boolean, not a number',
      }),
    ]);
  });

  it('type-checks each action parameter and spans the whole text', () => {
    const d = doc({
      reactions: [
        reactionWith([
          { type: 'setFlag', flag: 'blacklist', value: '"yes"' },
          { type: 'addFee', amount: 'customer.name', label: '"Fee"' },
          { type: 'setTimer', name: '"t"', at: '14' },
          { type: 'createTask', title: 'case.balance', dueInDays: 'today' },
        ]),
      ],
    });
    expect(errorsOf(d).map((x) => [x.where, x.message, x.end.column])).toEqual([
      [
        'reaction "blacklist-on-write-off", action 1 (setFlag), field value',
        'value must be a boolean, not a string',
        6,
      ],
      [
        'reaction "blacklist-on-write-off", action 2 (addFee), field amount',
        'amount must be a number, not a string',
        14,
      ],
      [
        'reaction "blacklist-on-write-off", action 3 (setTimer), field at',
        'at must be a date, not a number',
        3,
      ],
      [
        'reaction "blacklist-on-write-off", action 4 (createTask), field title',
        'title must be a string, not a number',
        13,
      ],
      [
        'reaction "blacklist-on-write-off", action 4 (createTask), field dueInDays',
        'dueInDays must be a number, not a date',
        6,
      ],
    ]);
  });

  it('checks literal phases, channels and priorities against their lists, and lets computed ones through', () => {
    const d = doc({
      reactions: [
        reactionWith([
          { type: 'changePhase', phase: '"paused"' },
          { type: 'sendMessage', template: '"R1"', channel: '"fax"' },
          { type: 'createTask', title: '"t"', priority: '"asap"' },
          { type: 'changePhase', phase: 'case.phase' },
          { type: 'changePhase', phase: '"legal"' },
          { type: 'sendMessage', template: '"R1"', channel: '"letter"' },
        ]),
      ],
    });
    expect(errorsOf(d).map((x) => `${x.where}: ${x.message}`)).toEqual([
      'reaction "blacklist-on-write-off", action 1 (changePhase), field phase: phase "paused" is not one of prevention, amicable, default, legal, outsourced, closed',
      'reaction "blacklist-on-write-off", action 2 (sendMessage), field channel: channel "fax" is not one of email, sms, letter, phone',
      'reaction "blacklist-on-write-off", action 3 (createTask), field priority: priority "asap" is not one of low, normal, high, urgent',
    ]);
  });

  it('refuses a phase that is not a string', () => {
    const d = doc({ reactions: [reactionWith([{ type: 'changePhase', phase: 'case.balance > 0' }])] });
    expect(listed(d)).toEqual([
      'reaction "blacklist-on-write-off", action 1 (changePhase), field phase: rules.type-mismatch',
    ]);
  });
});

describe('compileRuleSet: decisions chaining', () => {
  const assignment: DecisionTable = {
    id: 'assignment',
    name: 'Assignment',
    hitPolicy: 'FIRST',
    inputs: [{ id: 'segment', label: 'Segment', expression: 'decisions.segment' }],
    outputs: [
      { id: 'portfolio', name: 'portfolio' },
      { id: 'manager', name: 'manager' },
    ],
    rules: [{ id: 'a1', inputEntries: ['"business"'], outputEntries: ['"b2b"', '"collector.fr"'] }],
  };

  it('lets a table read the outputs of the tables before it, typed', () => {
    const r = compileRuleSet(doc({ decisions: [segment, assignment] }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.scope.fields['decisions']).toEqual({
      kind: 'context',
      fields: {
        segment: { kind: 'string' },
        assignment: {
          kind: 'context',
          fields: { portfolio: { kind: 'string' }, manager: { kind: 'string' } },
        },
      },
    });
  });

  it('refuses a table reading a later table', () => {
    const errors = errorsOf(doc({ decisions: [assignment, segment] }));
    expect(errors.map((e) => [e.code, e.where])).toEqual([
      ['feel.unknown-field', 'table "assignment", input "Segment"'],
    ]);
  });

  it('types decisions in reactions: a segment is not a fee amount', () => {
    const d = doc({
      decisions: [segment, assignment],
      reactions: [
        reactionWith([
          { type: 'assignManager', manager: 'decisions.assignment.manager' },
          { type: 'addFee', amount: 'decisions.segment', label: '"x"' },
        ]),
      ],
    });
    expect(errorsOf(d).map((e) => e.message)).toEqual(['amount must be a number, not a string']);
  });
});

describe('compileRuleSet: embedded tests', () => {
  it('refuses a misspelt fact, a wrong fact type and an unknown table in a test', () => {
    const test: RuleTest = {
      name: 'big consumer debt',
      given: { facts: { case: { balanse: 1000, openedOn: '15/01/2026' }, customer: { type: 'consumer' } } },
      expect: { decisions: { segment: 'consumer', strategy: 'consumer-gentle' } },
    };
    expect(errorsOf(doc({ tests: [test] })).map((e) => `${e.where}: ${e.message}`)).toEqual([
      expect.stringMatching(
        /^test "big consumer debt": given\.facts\.case\.balanse: unknown fact \(known here: id, /,
      ),
      'test "big consumer debt": given.facts.case.openedOn: expected a date YYYY-MM-DD, got "15/01/2026"',
      'test "big consumer debt": expect.decisions: there is no table "strategy"',
    ]);
  });

  it('refuses a test expecting actions without an event', () => {
    const test: RuleTest = { name: 'no event', given: { facts: {} }, expect: { actions: [] } };
    expect(errorsOf(doc({ tests: [test] })).map((e) => e.message)).toEqual([
      'expect.actions needs an event (given.event) to react to',
    ]);
  });
});
