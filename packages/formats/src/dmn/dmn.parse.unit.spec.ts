import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dmnVersionOf, parseDmnXml, splitTopLevelCommas } from './dmn.parse';
import type { DmnDecisionTable, DmnParseResult } from './dmn.types';

const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf-8');

const accepted = (result: DmnParseResult) => {
  if (!result.ok)
    throw new Error(`expected the file to be read, got ${JSON.stringify(result.errors, null, 1)}`);
  return result;
};

const errorsOf = (result: DmnParseResult): string[] => {
  if (result.ok) throw new Error('expected errors, the file was accepted');
  return result.errors;
};

const decision = (decisions: readonly DmnDecisionTable[], id: string): DmnDecisionTable => {
  const found = decisions.find((d) => d.id === id);
  if (found === undefined) throw new Error(`no decision ${id}`);
  return found;
};

const DMN13 = 'https://www.omg.org/spec/DMN/20191111/MODEL/';

/** A one-table DMN document around the given table body. */
const documentWith = (body: string, namespace = DMN13): string => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="${namespace}" id="d" name="Test" namespace="urn:test">
  <decision id="t" name="T">
    <decisionTable id="dt" hitPolicy="FIRST">
      ${body}
    </decisionTable>
  </decision>
</definitions>`;

const ONE_INPUT = `<input id="i1" label="Days"><inputExpression id="ie1" typeRef="number"><text>case.overdue.daysPastDue</text></inputExpression></input>
      <output id="o1" name="action" typeRef="string" />`;

describe('parseDmnXml on a Camunda Modeler 5 file (DMN 1.3)', () => {
  const result = accepted(parseDmnXml(fixture('camunda-modeler-5.dmn'), 'camunda-modeler-5.dmn'));

  it('reads the definitions name and the three decision tables, in file order', () => {
    expect(result.name).toBe('Dunning rules');
    expect(result.decisions.map((d) => [d.id, d.name, d.hitPolicy])).toEqual([
      ['strategy', 'Dunning strategy', 'FIRST'],
      ['fees', 'Dunning fees', 'COLLECT'],
      ['channel', 'Escalation channel', 'PRIORITY'],
    ]);
  });

  it('skips the literal-expression decision with a warning naming it', () => {
    expect(result.warnings).toEqual([
      'camunda-modeler-5.dmn: decision "greeting" is skipped: its logic is a literal expression, not a decision table',
    ]);
  });

  it('reads the FIRST table: inputs, outputs with allowed values, empty cells as "-", decoded entities', () => {
    expect(decision(result.decisions, 'strategy')).toEqual({
      id: 'strategy',
      name: 'Dunning strategy',
      hitPolicy: 'FIRST',
      inputs: [
        { id: 'Input_1', label: 'Days past due', expression: 'case.overdue.daysPastDue', typeRef: 'number' },
        {
          id: 'InputClause_1t9rw2d',
          label: 'Overdue amount',
          expression: 'case.overdue.amount',
          typeRef: 'number',
        },
        { id: 'InputClause_0ce4y7b', label: 'Customer type', expression: 'customer.type', typeRef: 'string' },
      ],
      outputs: [
        {
          id: 'Output_1',
          name: 'action',
          label: 'Action',
          typeRef: 'string',
          allowedValues: ['"none"', '"R1-email"', '"R2-letter"', '"R3-call"', '"final-notice"', '"legal"'],
        },
        { id: 'OutputClause_0d4xv9p', name: 'reason', label: 'Reason', typeRef: 'string' },
      ],
      rules: [
        {
          id: 'DecisionRule_0xq1b0z',
          inputEntries: ['<= 0', '-', '-'],
          outputEntries: ['"none"', '"not due"'],
          description: 'Not yet due, nothing to do',
        },
        {
          id: 'DecisionRule_1h3cm8t',
          inputEntries: ['[1..14]', '< 25.00', '-'],
          outputEntries: ['"none"', '"small & recent"'],
        },
        {
          id: 'DecisionRule_0z6lw3g',
          inputEntries: ['[1..14]', '-', '-'],
          outputEntries: ['"R1-email"', '"first reminder"'],
          description: 'First reminder <2 weeks>',
        },
        {
          id: 'DecisionRule_1y8b2sv',
          inputEntries: ['[15..44]', '>= 1000.00', '"business"'],
          outputEntries: ['"R3-call"', '"large business balance"'],
        },
        {
          id: 'DecisionRule_0h2t5ln',
          inputEntries: ['[15..44]', '-', '-'],
          outputEntries: ['"R2-letter"', '"second reminder"'],
        },
        {
          id: 'DecisionRule_1m7d0qa',
          inputEntries: ['>= 90', '>= 5000', 'not("consumer")'],
          outputEntries: ['"legal"', '"large and old"'],
        },
        {
          id: 'DecisionRule_0c5x9re',
          inputEntries: ['-', '-', '-'],
          // an empty output cell gives no value
          outputEntries: ['"final-notice"', 'null'],
          description: 'Everything else',
        },
      ],
    });
  });

  it('reads the COLLECT SUM table with its aggregation', () => {
    const fees = decision(result.decisions, 'fees');
    expect(fees.hitPolicy).toBe('COLLECT');
    expect(fees.aggregation).toBe('SUM');
    expect(fees.outputs).toEqual([
      { id: 'Output_fees_1', name: 'fee', label: 'Fee (EUR)', typeRef: 'number' },
    ]);
    expect(fees.rules.map((r) => [r.inputEntries, r.outputEntries])).toEqual([
      [['> 30', '"FR","BE","LU"'], ['40']],
      [['> 30', '"DE"'], ['2.50']],
      [['> 60', '-'], ['15']],
    ]);
  });

  it('reads the PRIORITY table: output values split at top-level commas only, and the default entry', () => {
    const channel = decision(result.decisions, 'channel');
    expect(channel.hitPolicy).toBe('PRIORITY');
    expect(channel.aggregation).toBeUndefined();
    expect(channel.outputs).toEqual([
      {
        id: 'Output_ch_1',
        name: 'channel',
        label: 'Channel',
        typeRef: 'string',
        allowedValues: ['"legal"', '"phone"', '"letter, registered"', '"email"'],
        defaultValue: '"email"',
      },
    ]);
    expect(channel.rules.map((r) => r.inputEntries)).toEqual([
      ['< 30', '-'],
      ['-', '> 0'],
    ]);
  });
});

describe('parseDmnXml on other DMN versions and modelers', () => {
  it('reads a Camunda 7 file in the DMN 1.1 namespace, CDATA cells included', () => {
    const result = accepted(parseDmnXml(fixture('camunda-7-dmn11.dmn'), 'segment.dmn'));
    expect(result.name).toBe('Debtor segment');
    expect(result.decisions).toEqual([
      {
        id: 'segment',
        name: 'Debtor segment',
        hitPolicy: 'UNIQUE',
        inputs: [{ id: 'input_1', label: 'Score', expression: 'customer.score', typeRef: 'integer' }],
        outputs: [{ id: 'output_1', name: 'segment', label: 'Segment', typeRef: 'string' }],
        rules: [
          { id: 'row-950612891-1', inputEntries: ['< 40'], outputEntries: ['"risky"'] },
          {
            id: 'row-950612891-2',
            inputEntries: ['>= 40'],
            outputEntries: ['"standard"'],
            description: 'Good payers & the unknown',
          },
        ],
      },
    ]);
    expect(result.warnings).toEqual([]);
  });

  it('reads a DMN 1.2 file whose elements carry a dmn: prefix, and skips its business knowledge model', () => {
    const result = accepted(parseDmnXml(fixture('kogito-dmn12.dmn'), 'promise.dmn'));
    expect(result.decisions).toHaveLength(1);
    const [table] = result.decisions;
    expect(table).toMatchObject({
      name: 'Promise follow-up',
      hitPolicy: 'RULE ORDER',
      // no label: the expression stands for it
      inputs: [{ label: 'case.promise.open', expression: 'case.promise.open', typeRef: 'boolean' }],
      outputs: [{ name: 'follow-up' }],
    });
    expect(table?.rules.map((r) => [r.inputEntries, r.outputEntries, r.description])).toEqual([
      [['true'], ['"wait"'], 'Do not chase a debtor who promised'],
      [['-'], ['"chase"'], undefined],
    ]);
    expect(result.warnings).toEqual([
      'promise.dmn: business knowledge model "Fee calculation" is skipped: only decision tables of decisions are read',
    ]);
  });

  it.each([
    ['1.1', 'http://www.omg.org/spec/DMN/20151101/dmn.xsd'],
    ['1.2', 'http://www.omg.org/spec/DMN/20180521/MODEL/'],
    ['1.3', 'https://www.omg.org/spec/DMN/20191111/MODEL/'],
    ['1.4', 'https://www.omg.org/spec/DMN/20211108/MODEL/'],
    ['1.5', 'https://www.omg.org/spec/DMN/20230324/MODEL/'],
  ])('accepts the DMN %s MODEL namespace', (version, namespace) => {
    expect(dmnVersionOf(namespace)).toBe(version);
    const result = accepted(
      parseDmnXml(
        documentWith(
          `${ONE_INPUT}<rule><inputEntry><text>&gt;= 30</text></inputEntry><outputEntry><text>"R1"</text></outputEntry></rule>`,
          namespace,
        ),
      ),
    );
    expect(result.decisions[0]?.rules).toEqual([
      { id: 'rule-1', inputEntries: ['>= 30'], outputEntries: ['"R1"'] },
    ]);
  });

  it('resolves prefixes by namespace, not by spelling: a non-DMN element named like a DMN one is ignored', () => {
    const xml = `<semantic:definitions xmlns:semantic="${DMN13}" xmlns:x="urn:other" id="d" name="Prefixed" namespace="urn:t">
  <semantic:decision id="t" name="T">
    <semantic:decisionTable hitPolicy="ANY">
      <semantic:input label="Country"><semantic:inputExpression><semantic:text>customer.country</semantic:text></semantic:inputExpression></semantic:input>
      <x:input label="not DMN"><x:inputExpression><x:text>ignored</x:text></x:inputExpression></x:input>
      <semantic:output name="ok" />
      <semantic:rule><semantic:inputEntry><semantic:text>"FR","DE"</semantic:text></semantic:inputEntry><semantic:outputEntry><semantic:text>true</semantic:text></semantic:outputEntry></semantic:rule>
    </semantic:decisionTable>
  </semantic:decision>
</semantic:definitions>`;
    const [table] = accepted(parseDmnXml(xml)).decisions;
    expect(table).toEqual({
      id: 't',
      name: 'T',
      hitPolicy: 'ANY',
      inputs: [{ id: 'input-1', label: 'Country', expression: 'customer.country' }],
      outputs: [{ id: 'output-1', name: 'ok' }],
      rules: [{ id: 'rule-1', inputEntries: ['"FR","DE"'], outputEntries: ['true'] }],
    });
  });

  it('defaults the hit policy to UNIQUE and generates stable ids for rules without one', () => {
    const xml = documentWith(
      `${ONE_INPUT}
      <rule id="first"><inputEntry><text>&lt; 0</text></inputEntry><outputEntry><text>"a"</text></outputEntry></rule>
      <rule><inputEntry><text>[0..10)</text></inputEntry><outputEntry><text>"b"</text></outputEntry></rule>
      <rule><inputEntry><text>&gt;= 10</text></inputEntry><outputEntry><text>"c"</text></outputEntry></rule>`,
    ).replace(' hitPolicy="FIRST"', '');
    const [table] = accepted(parseDmnXml(xml)).decisions;
    expect(table?.hitPolicy).toBe('UNIQUE');
    expect(table?.rules.map((r) => r.id)).toEqual(['first', 'rule-2', 'rule-3']);
  });

  it('names an unnamed only output "output", with a warning', () => {
    const xml = documentWith(
      `<input label="Days"><inputExpression><text>x</text></inputExpression></input>
      <output id="Output_1" typeRef="string" />
      <rule><inputEntry><text></text></inputEntry><outputEntry><text>"a"</text></outputEntry></rule>`,
    );
    const result = accepted(parseDmnXml(xml, 'new.dmn'));
    expect(result.decisions[0]?.outputs).toEqual([{ id: 'Output_1', name: 'output', typeRef: 'string' }]);
    expect(result.warnings).toEqual(['new.dmn: decision "t": its output has no name; it is called "output"']);
  });
});

describe('parseDmnXml on broken files', () => {
  it('reports every problem, each naming the file, the decision and the element', () => {
    expect(errorsOf(parseDmnXml(fixture('credit-broken.dmn'), 'credit.dmn'))).toEqual([
      'credit.dmn: decision "strategy" rule 3 has 2 input entries for 3 inputs',
      'credit.dmn: decision "limit" has the hit policy "BEST"; expected one of UNIQUE, FIRST, PRIORITY, ANY, COLLECT, RULE ORDER, OUTPUT ORDER',
      'credit.dmn: decision "limit" input 1 ("Score") has no input expression',
      'credit.dmn: decision "limit" rule 1 has 2 output entries for 1 output',
    ]);
  });

  it('reports malformed XML with its line', () => {
    expect(errorsOf(parseDmnXml(fixture('malformed.dmn'), 'broken.dmn'))).toEqual([
      "broken.dmn: not well-formed XML at line 10: Expected closing tag 'input' (opened in line 5, col 7) instead of closing tag 'decisionTable'.",
    ]);
  });

  it('refuses a file that is not DMN, saying what it is', () => {
    const bpmn = `<?xml version="1.0"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="x"><bpmn:process id="p" /></bpmn:definitions>`;
    expect(errorsOf(parseDmnXml(bpmn, 'process.bpmn'))).toEqual([
      'process.bpmn: not a DMN file: the root element is <bpmn:definitions> in the namespace http://www.omg.org/spec/BPMN/20100524/MODEL; expected <definitions> in a DMN 1.1–1.5 MODEL namespace such as https://www.omg.org/spec/DMN/20191111/MODEL/',
    ]);
    expect(errorsOf(parseDmnXml('<definitions id="x" />', 'plain.xml'))[0]).toContain(
      'the root element is <definitions> without a namespace',
    );
  });

  it('refuses an empty file and a file without any decision table', () => {
    expect(errorsOf(parseDmnXml('  \n', 'empty.dmn'))).toEqual(['empty.dmn: the file is empty']);
    const literalOnly = `<definitions xmlns="${DMN13}" id="d" name="L" namespace="urn:l">
  <decision id="greeting" name="Greeting"><literalExpression><text>"Hello"</text></literalExpression></decision>
</definitions>`;
    expect(errorsOf(parseDmnXml(literalOnly, 'greeting.dmn'))).toEqual([
      'greeting.dmn: the file holds no decision table (decision "greeting" is skipped: its logic is a literal expression, not a decision table)',
    ]);
  });

  it('names a table with several outputs one of which has no name, and refuses an unknown aggregation', () => {
    const xml = documentWith(
      `<input label="Days"><inputExpression><text>x</text></inputExpression></input>
      <output name="a" /><output label="Second" />`,
    ).replace('hitPolicy="FIRST"', 'hitPolicy="COLLECT" aggregation="AVG"');
    expect(errorsOf(parseDmnXml(xml, 'two.dmn'))).toEqual([
      'two.dmn: decision "t" has the aggregation "AVG"; expected one of SUM, MIN, MAX, COUNT',
      'two.dmn: decision "t" output 2 ("Second") has no name; a table with several outputs names each',
    ]);
  });

  it('does not expand entities a DOCTYPE declares', () => {
    const xml = `<?xml version="1.0"?>
<!DOCTYPE definitions [<!ENTITY boom "BOOM">]>
${documentWith(
  `${ONE_INPUT}<rule><inputEntry><text>-</text></inputEntry><outputEntry><text>"&boom;"</text></outputEntry></rule>`,
)
  .split('\n')
  .slice(1)
  .join('\n')}`;
    const result = accepted(parseDmnXml(xml));
    expect(result.decisions[0]?.rules[0]?.outputEntries).toEqual(['"&boom;"']);
  });
});

describe('splitTopLevelCommas', () => {
  it('splits at commas outside string literals, escaped quotes included', () => {
    expect(splitTopLevelCommas('"a", "b, c" ,"say \\"hi, there\\"", 4')).toEqual([
      '"a"',
      '"b, c"',
      '"say \\"hi, there\\""',
      '4',
    ]);
    expect(splitTopLevelCommas('  ')).toEqual([]);
  });
});
