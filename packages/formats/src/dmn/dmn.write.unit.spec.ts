import { readFileSync } from 'node:fs';
import type { DecisionTable } from '@quittance/domain';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { parseDmnXml } from './dmn.parse';
import type { DmnDecisionTable, DmnParseResult } from './dmn.types';
import { writeDmnXml } from './dmn.write';

const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf-8');

const accepted = (result: DmnParseResult) => {
  if (!result.ok)
    throw new Error(`expected the file to be read, got ${JSON.stringify(result.errors, null, 1)}`);
  return result;
};

const table = (overrides: Partial<DmnDecisionTable> = {}): DmnDecisionTable => ({
  id: 'strategy',
  name: 'Strategy',
  hitPolicy: 'FIRST',
  inputs: [
    { id: 'dpd', label: 'Days past due', expression: 'case.overdue.daysPastDue', typeRef: 'number' },
    { id: 'country', label: 'Country <ISO>', expression: 'customer.country' },
  ],
  outputs: [
    {
      id: 'action',
      name: 'action',
      label: 'Action & channel',
      typeRef: 'string',
      allowedValues: ['"legal"', '"R1, email"'],
      defaultValue: '"none"',
    },
  ],
  rules: [
    {
      id: 'r1',
      inputEntries: ['<= 1000', '"FR","DE"'],
      outputEntries: ['"R1, email"'],
      description: 'Small & "early"\nsecond line',
    },
    { id: 'r2', inputEntries: ['-', 'not("BE")'], outputEntries: ['"légal ⚖️"'] },
  ],
  ...overrides,
});

describe('writeDmnXml', () => {
  it.each(['camunda-modeler-5.dmn', 'camunda-7-dmn11.dmn', 'kogito-dmn12.dmn'])(
    'writes back what it read from %s: parse → write → parse gives the same tables',
    (name) => {
      const first = accepted(parseDmnXml(fixture(name), name));
      const xml = writeDmnXml({ id: 'exported', name: first.name, decisions: first.decisions });
      expect(XMLValidator.validate(xml)).toBe(true);
      const second = accepted(parseDmnXml(xml, 'exported.dmn'));
      expect(second.name).toBe(first.name);
      expect(second.decisions).toEqual(first.decisions);
      expect(second.warnings).toEqual([]);
    },
  );

  it('writes a DMN 1.3 definitions element with id, name and namespace, and no diagram', () => {
    const xml = writeDmnXml({ id: 'rules-v3', name: 'Dunning & fees', decisions: [table()] });
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(xml) as {
      definitions: Record<string, unknown>;
    };
    expect(parsed.definitions['@_xmlns']).toBe('https://www.omg.org/spec/DMN/20191111/MODEL/');
    expect(parsed.definitions['@_id']).toBe('rules-v3');
    expect(parsed.definitions['@_name']).toBe('Dunning & fees');
    expect(parsed.definitions['@_namespace']).toBe('https://quittance.app/dmn/rules-v3');
    expect(xml).not.toContain('DMNDI');
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<definitions ')).toBe(true);
  });

  it('escapes markup in cells, labels and descriptions, and reads them back unchanged', () => {
    const xml = writeDmnXml({ name: 'Escapes', decisions: [table()] });
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain('<text>&lt;= 1000</text>');
    expect(xml).toContain('label="Country &lt;ISO&gt;"');
    expect(xml).toContain('<description>Small &amp; "early"\nsecond line</description>');
    expect(accepted(parseDmnXml(xml)).decisions).toEqual([table()]);
  });

  it('writes the hit policy always and the aggregation only with COLLECT', () => {
    const collect = table({
      id: 'fees',
      hitPolicy: 'COLLECT',
      aggregation: 'SUM',
      outputs: [{ id: 'fee', name: 'fee', typeRef: 'number' }],
      rules: [{ id: 'f1', inputEntries: ['> 30', '-'], outputEntries: ['40'] }],
    });
    const xml = writeDmnXml({ name: 'Fees', decisions: [collect, table()] });
    expect(xml).toContain('<decisionTable id="fees_table" hitPolicy="COLLECT" aggregation="SUM">');
    expect(xml).toContain('<decisionTable id="strategy_table" hitPolicy="FIRST">');
    expect(accepted(parseDmnXml(xml)).decisions).toEqual([collect, table()]);
  });

  it('is deterministic', () => {
    const definitions = { id: 'x', name: 'X', decisions: [table()] };
    expect(writeDmnXml(definitions)).toBe(writeDmnXml(structuredClone(definitions)));
  });

  it('refuses a rule whose entries do not match the columns, and a character XML cannot carry', () => {
    expect(() =>
      writeDmnXml({
        name: 'Bad',
        decisions: [table({ rules: [{ id: 'r1', inputEntries: ['-'], outputEntries: ['"a"'] }] })],
      }),
    ).toThrow('decision "strategy" rule 1 has 1 input and 1 output entries for 2 inputs and 1 outputs');
    expect(() =>
      writeDmnXml({
        name: 'Bad',
        decisions: [
          table({ rules: [{ id: 'r1', inputEntries: ['-', '"\u0007"'], outputEntries: ['"a"'] }] }),
        ],
      }),
    ).toThrow('decision "strategy" rule 1 input entry 2 holds the character U+0007');
  });

  it('takes and gives tables the domain can use as they are', () => {
    // The domain's DecisionTable and this module's DmnDecisionTable are the same shape, so that
    // the server passes one for the other without a mapping.
    expectTypeOf<DmnDecisionTable>().toEqualTypeOf<DecisionTable>();
  });
});
