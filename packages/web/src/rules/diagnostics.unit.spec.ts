import { describe, expect, it } from 'vitest';
import {
  actionFieldKey,
  actionKey,
  cellKey,
  columnKey,
  DOCUMENT_KEY,
  indexDiagnostics,
  locate,
  parseWhere,
  reactionKey,
  reactionPartKey,
  ruleKey,
  tableKey,
  tabOf,
  testKey,
} from './diagnostics';
import type { Diagnostic, RuleSetDocument } from './rules.types';

const document: RuleSetDocument = {
  format: 'quittance.rules/1',
  name: 'Standard library',
  decisions: [
    {
      id: 'segment',
      name: 'Customer segment',
      hitPolicy: 'FIRST',
      inputs: [
        { id: 'type', label: 'Customer type', expression: 'customer.type' },
        { id: 'country', label: 'Country, ISO', expression: 'customer.country' },
        { id: 'overdue', label: 'Overdue amount', expression: 'case.overdue.amount' },
      ],
      outputs: [{ id: 'segment', name: 'segment', label: 'Segment' }],
      rules: [
        {
          id: 'key-account',
          inputEntries: ['"business"', '-', '>= 50000'],
          outputEntries: ['"key-account"'],
        },
        { id: 'business', inputEntries: ['"business"', '-', '>= 5000'], outputEntries: ['"business"'] },
      ],
    },
  ],
  reactions: [
    {
      id: 'blacklist-on-write-off',
      name: 'Blacklist',
      on: ['AmountWrittenOff'],
      then: [{ type: 'setFlag', flag: 'blacklist', value: 'true' }],
    },
    {
      id: 'timer',
      name: 'Timer',
      on: ['FinancialItemAdded'],
      when: 'event.data.kind = "invoice"',
      then: [{ type: 'setTimer', name: '"due+14"', at: 'x' }],
    },
  ],
  tests: [{ name: 'small French business', given: { facts: {} }, expect: {} }],
};

const diagnostic = (where: string | undefined, severity: 'error' | 'warning' = 'error'): Diagnostic => ({
  severity,
  code: 'feel.syntax',
  message: 'unexpected end of expression',
  start: { line: 1, column: 4 },
  end: { line: 1, column: 5 },
  ...(where === undefined ? {} : { where }),
});

describe('parseWhere', () => {
  it('splits on commas outside quotes and unquotes values', () => {
    expect(parseWhere('table "segment", rule key-account, input "Country, ISO"')).toEqual([
      { keyword: 'table', value: 'segment' },
      { keyword: 'rule', value: 'key-account' },
      { keyword: 'input', value: 'Country, ISO' },
    ]);
    expect(parseWhere('reaction "timer", action 1 (setTimer), field at')).toEqual([
      { keyword: 'reaction', value: 'timer' },
      { keyword: 'action', value: '1', note: 'setTimer' },
      { keyword: 'field', value: 'at' },
    ]);
    expect(parseWhere('reaction "timer", when')).toEqual([
      { keyword: 'reaction', value: 'timer' },
      { keyword: 'when', value: null },
    ]);
  });
});

describe('locate', () => {
  it('places table diagnostics on the cell, the row, the column header or the table', () => {
    expect(locate('table "segment", rule key-account, input "Overdue amount"', document)).toBe(
      cellKey('segment', 0, 'input', 2),
    );
    expect(locate('table "segment", rule "business", output "segment"', document)).toBe(
      cellKey('segment', 1, 'output', 0),
    );
    // As the table compiler writes it: the row number wins over a duplicated id.
    expect(locate('table "segment", rule key-account (row 2), input "Overdue amount"', document)).toBe(
      cellKey('segment', 1, 'input', 2),
    );
    expect(locate('table "segment", rule 2, input 1', document)).toBe(cellKey('segment', 1, 'input', 0));
    expect(locate('table "segment", rule #1', document)).toBe(ruleKey('segment', 0));
    expect(locate('table "segment", input "Country, ISO"', document)).toBe(columnKey('segment', 'input', 1));
    expect(locate('table "segment", output "Segment"', document)).toBe(columnKey('segment', 'output', 0));
    expect(locate('table "segment"', document)).toBe(tableKey('segment'));
  });

  it('places reaction diagnostics on the condition, the action or its field', () => {
    expect(locate('reaction "timer", when', document)).toBe(reactionPartKey(1, 'when'));
    expect(locate('reaction "timer", action 1 (setTimer), field at', document)).toBe(
      actionFieldKey(1, 0, 'at'),
    );
    expect(locate('reaction "blacklist-on-write-off", action 1 (setFlag)', document)).toBe(actionKey(0, 0));
    expect(locate('reaction "blacklist-on-write-off"', document)).toBe(reactionKey(0));
    expect(locate('reaction #2, on', document)).toBe(reactionPartKey(1, 'on'));
  });

  it('places test diagnostics on the test', () => {
    expect(locate('test "small French business"', document)).toBe(testKey(0));
  });

  it('falls back to the document when it cannot tell', () => {
    expect(locate(undefined, document)).toBe(DOCUMENT_KEY);
    expect(locate('table "nope", rule 1', document)).toBe(DOCUMENT_KEY);
    expect(locate('something else entirely', document)).toBe(DOCUMENT_KEY);
  });
});

describe('indexDiagnostics', () => {
  it('files diagnostics by field and counts the errors inside a table or a reaction', () => {
    const index = indexDiagnostics(
      [
        diagnostic('table "segment", rule key-account, input "Overdue amount"'),
        diagnostic('table "segment", rule business, output "segment"', 'warning'),
        diagnostic('reaction "timer", when'),
        diagnostic(undefined),
      ],
      document,
    );
    expect(index.at(cellKey('segment', 0, 'input', 2))).toHaveLength(1);
    expect(index.errorsWithin(tableKey('segment'))).toBe(1);
    expect(index.errorsWithin(reactionKey(1))).toBe(1);
    expect(index.errorsWithin(reactionKey(0))).toBe(0);
    expect(index.at(DOCUMENT_KEY)).toHaveLength(1);
    expect(index.all).toHaveLength(4);
  });

  it('does not count reaction 1 errors as reaction 10 ones', () => {
    const many = {
      ...document,
      reactions: Array.from({ length: 11 }, (_, i) => ({ ...document.reactions[1]!, id: `r${i}` })),
    };
    const index = indexDiagnostics([diagnostic('reaction "r10", when')], many);
    expect(index.errorsWithin(reactionKey(1))).toBe(0);
    expect(index.errorsWithin(reactionKey(10))).toBe(1);
  });
});

describe('tabOf', () => {
  it('knows which tab shows a field', () => {
    expect(tabOf(cellKey('segment', 0, 'input', 0))).toBe('decisions');
    expect(tabOf(actionKey(0, 0))).toBe('reactions');
    expect(tabOf(testKey(3))).toBe('tests');
    expect(tabOf(DOCUMENT_KEY)).toBeNull();
  });
});

describe('dunning strategies and contact rules', () => {
  const withStrategies: RuleSetDocument = {
    ...document,
    strategies: [
      {
        id: 'business-standard',
        name: 'Business standard',
        mode: 'account',
        minimumAmount: '10.00',
        challengers: [{ strategy: 'business-standard-b', share: 20 }],
        steps: [
          { id: 'R1', level: 'R1', offsetDays: 3, from: 'due', channels: ['email'], template: 'business-r1' },
          {
            id: 'R2',
            level: 'R2',
            offsetDays: 15,
            from: 'due',
            channels: ['email'],
            template: 'business-r2',
          },
        ],
      },
      {
        id: 'business-standard-b',
        name: 'B',
        mode: 'account',
        minimumAmount: '10.00',
        steps: [
          { id: 'R1', level: 'R1', offsetDays: 1, from: 'due', channels: ['sms'], template: 'business-r1' },
        ],
      },
    ],
    contactRules: { defaultTimeZone: 'Europe/Paris' },
  };

  it('places a step field, a step, a strategy field and a challenger', () => {
    expect(locate('strategy "business-standard", step "R2", field offsetDays', withStrategies)).toBe(
      'strategy:0:step:1:offsetDays',
    );
    expect(locate('strategy "business-standard-b", step "R1", field template', withStrategies)).toBe(
      'strategy:1:step:0:template',
    );
    expect(locate('strategy "business-standard", step "#2"', withStrategies)).toBe('strategy:0:step:1');
    expect(locate('strategy "business-standard", field minimumAmount', withStrategies)).toBe(
      'strategy:0:field:minimumAmount',
    );
    expect(locate('strategy "business-standard", challenger 1, field share', withStrategies)).toBe(
      'strategy:0:challenger:0:share',
    );
    expect(locate('strategy "business-standard"', withStrategies)).toBe('strategy:0');
    expect(locate('strategy "business-standard", step "R9", field level', withStrategies)).toBe('strategy:0');
    expect(locate('strategy "nope", field name', withStrategies)).toBe(DOCUMENT_KEY);
  });

  it('places contact rule fields and caps', () => {
    expect(locate('contact rules, field quietHours.from', withStrategies)).toBe('contact:quietHours.from');
    expect(locate('contact rules, cap 2, field max', withStrategies)).toBe('contact:cap:1:max');
    expect(locate('contact rules', withStrategies)).toBe('contact');
  });

  it('files them on the Strategies tab and counts them per strategy', () => {
    const index = indexDiagnostics(
      [
        diagnostic('strategy "business-standard", step "R2", field offsetDays'),
        diagnostic('strategy "business-standard-b", step "R1", field channels', 'warning'),
        diagnostic('contact rules, field defaultTimeZone'),
      ],
      withStrategies,
    );
    expect(index.errorsWithin('strategy:0')).toBe(1);
    expect(index.errorsWithin('strategy:1')).toBe(0);
    expect(index.errorsWithin('contact')).toBe(1);
    expect(tabOf('strategy:0:step:1:offsetDays')).toBe('strategies');
    expect(tabOf('contact:cap:0:max')).toBe('strategies');
  });
});
