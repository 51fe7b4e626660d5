import { DMN_13_NAMESPACE, type DmnDecisionTable, type DmnDefinitions } from './dmn.types';
import { escapeAttribute, escapeText, unrepresentableCharacter } from './dmn.xml';

// Writes decision tables as a DMN 1.3 file that Camunda Modeler and dmn-js open: one `decision`
// per table, no diagram (DMNDI is optional; a modeler lays the decisions out itself). The output
// depends on the input only, so that an exported rule set diffs cleanly.

/** The `namespace` attribute of written definitions: the file's own, not DMN's. */
export const QUITTANCE_DMN_NAMESPACE = 'https://quittance.app/dmn';

type Attributes = readonly (readonly [string, string | undefined])[];

type Element = {
  readonly name: string;
  readonly attributes?: Attributes;
  readonly text?: string;
  readonly children?: readonly (Element | null)[];
};

const check = (value: string, where: string): string => {
  const bad = unrepresentableCharacter(value);
  if (bad !== undefined) {
    const code = bad.codePointAt(0) ?? 0;
    throw new Error(
      `${where} holds the character U+${code.toString(16).toUpperCase().padStart(4, '0')}, which an XML file cannot carry`,
    );
  }
  return value;
};

const render = (element: Element, depth: number, out: string[]): void => {
  const indent = '  '.repeat(depth);
  const attributes = (element.attributes ?? [])
    .filter((entry): entry is readonly [string, string] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`)
    .join('');
  const children = (element.children ?? []).filter((child) => child !== null);
  if (element.text !== undefined) {
    out.push(`${indent}<${element.name}${attributes}>${escapeText(element.text)}</${element.name}>`);
  } else if (children.length === 0) {
    out.push(`${indent}<${element.name}${attributes} />`);
  } else {
    out.push(`${indent}<${element.name}${attributes}>`);
    for (const child of children) render(child, depth + 1, out);
    out.push(`${indent}</${element.name}>`);
  }
};

/** An element holding one FEEL text, as DMN wraps every expression and unary test. */
const expression = (
  name: string,
  id: string | undefined,
  text: string,
  where: string,
  extra: Attributes = [],
): Element => ({
  name,
  attributes: [['id', id], ...extra],
  children: [{ name: 'text', text: check(text, where) }],
});

const decisionElement = (table: DmnDecisionTable): Element => {
  const where = `decision "${table.id}"`;
  const inputs = table.inputs.map((input, i): Element => ({
    name: 'input',
    attributes: [
      ['id', check(input.id, `${where} input ${i + 1} id`)],
      ['label', check(input.label, `${where} input ${i + 1} label`)],
    ],
    children: [
      expression(
        'inputExpression',
        `${input.id}_expression`,
        input.expression,
        `${where} input ${i + 1} expression`,
        [
          [
            'typeRef',
            input.typeRef === undefined ? undefined : check(input.typeRef, `${where} input ${i + 1} type`),
          ],
        ],
      ),
    ],
  }));
  const outputs = table.outputs.map((output, i): Element => ({
    name: 'output',
    attributes: [
      ['id', check(output.id, `${where} output ${i + 1} id`)],
      ['name', check(output.name, `${where} output ${i + 1} name`)],
      [
        'label',
        output.label === undefined ? undefined : check(output.label, `${where} output ${i + 1} label`),
      ],
      [
        'typeRef',
        output.typeRef === undefined ? undefined : check(output.typeRef, `${where} output ${i + 1} type`),
      ],
    ],
    children: [
      output.allowedValues === undefined || output.allowedValues.length === 0
        ? null
        : expression(
            'outputValues',
            `${output.id}_values`,
            output.allowedValues.join(','),
            `${where} output ${i + 1} allowed values`,
          ),
      output.defaultValue === undefined
        ? null
        : expression(
            'defaultOutputEntry',
            `${output.id}_default`,
            output.defaultValue,
            `${where} output ${i + 1} default`,
          ),
    ],
  }));
  const rules = table.rules.map((rule, r): Element => {
    const ruleWhere = `${where} rule ${r + 1}`;
    if (
      rule.inputEntries.length !== table.inputs.length ||
      rule.outputEntries.length !== table.outputs.length
    ) {
      throw new Error(
        `${ruleWhere} has ${rule.inputEntries.length} input and ${rule.outputEntries.length} output entries for ${table.inputs.length} inputs and ${table.outputs.length} outputs`,
      );
    }
    // Entry ids are not read back; they only need to be unique in the file.
    const base = `${table.id}_${rule.id}`;
    return {
      name: 'rule',
      attributes: [['id', check(rule.id, `${ruleWhere} id`)]],
      children: [
        rule.description === undefined || rule.description === ''
          ? null
          : { name: 'description', text: check(rule.description, `${ruleWhere} description`) },
        ...rule.inputEntries.map((entry, i) =>
          expression('inputEntry', `${base}_in${i + 1}`, entry, `${ruleWhere} input entry ${i + 1}`),
        ),
        ...rule.outputEntries.map((entry, i) =>
          expression('outputEntry', `${base}_out${i + 1}`, entry, `${ruleWhere} output entry ${i + 1}`),
        ),
      ],
    };
  });
  return {
    name: 'decision',
    attributes: [
      ['id', check(table.id, `${where} id`)],
      ['name', check(table.name, `${where} name`)],
    ],
    children: [
      {
        name: 'decisionTable',
        attributes: [
          ['id', `${table.id}_table`],
          ['hitPolicy', table.hitPolicy],
          ['aggregation', table.hitPolicy === 'COLLECT' ? table.aggregation : undefined],
        ],
        children: [...inputs, ...outputs, ...rules],
      },
    ],
  };
};

/**
 * Writes decision tables as a DMN 1.3 XML document (`definitions` in the 1.3 MODEL namespace,
 * without diagram). Deterministic: the same tables give the same bytes. Throws an Error naming the
 * element when a rule's entry count does not match the table, or when a text holds a character
 * XML cannot carry (a C0 control character other than tab and line ends).
 */
export const writeDmnXml = (definitions: DmnDefinitions): string => {
  const id = definitions.id ?? 'definitions';
  const root: Element = {
    name: 'definitions',
    attributes: [
      ['xmlns', DMN_13_NAMESPACE],
      ['id', check(id, 'the definitions id')],
      ['name', check(definitions.name, 'the definitions name')],
      ['namespace', `${QUITTANCE_DMN_NAMESPACE}/${encodeURIComponent(id)}`],
    ],
    children: definitions.decisions.map(decisionElement),
  };
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  render(root, 0, out);
  return `${out.join('\n')}\n`;
};
