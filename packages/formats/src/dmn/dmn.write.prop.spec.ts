import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { parseDmnXml } from './dmn.parse';
import {
  DMN_AGGREGATIONS,
  DMN_HIT_POLICIES,
  type DmnDecisionOutput,
  type DmnDecisionRule,
  type DmnDecisionTable,
} from './dmn.types';
import { writeDmnXml } from './dmn.write';
import { unrepresentableCharacter } from './dmn.xml';

// Text an XML file can carry (no C0 controls but tab and line ends, no lone surrogates), with the
// characters that need escaping and some beyond the BMP made likely.
const xmlChar = fc.oneof(
  fc.constantFrom('<', '>', '&', '"', "'", ' ', '\t', '\n', ',', '\\', 'é', '€', '😀', '⚖️', ']]>'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
);
const anyText = fc
  .array(xmlChar, { maxLength: 12 })
  .map((parts) => parts.join(''))
  .filter((text) => unrepresentableCharacter(text) === undefined);
/** Text an attribute or label can hold: not blank, as a blank one means "absent". */
const label = anyText.filter((text) => text.trim() !== '');
const id = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,11}$/);

const feelString = anyText.map((text) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`);
// FEEL cells are read trimmed, as white space around them means nothing.
const cell = fc
  .oneof(
    feelString,
    fc.integer({ min: -10_000, max: 10_000 }).map((n) => `<= ${n}`),
    fc.tuple(fc.nat(100), fc.nat(100)).map(([a, b]) => `[${a}..${a + b}]`),
    fc.array(feelString, { minLength: 1, maxLength: 3 }).map((list) => list.join(',')),
    fc.constantFrom('-', 'true', 'not("X")', '>= 1000.50'),
  )
  .map((text) => text.trim())
  .filter((text) => text !== '');

const decisionTable = fc
  .record({
    id,
    name: label,
    hitPolicy: fc.constantFrom(...DMN_HIT_POLICIES),
    aggregation: fc.option(fc.constantFrom(...DMN_AGGREGATIONS), { nil: undefined }),
    inputCount: fc.nat(3),
    outputCount: fc.integer({ min: 1, max: 2 }),
    ruleCount: fc.nat(4),
  })
  .chain(({ id: tableId, name, hitPolicy, aggregation, inputCount, outputCount, ruleCount }) =>
    fc
      .record({
        inputs: fc.tuple(
          ...Array.from({ length: inputCount }, (_, i) =>
            fc
              .record(
                { label, expression: cell, typeRef: fc.constantFrom('number', 'string', 'boolean', 'date') },
                { requiredKeys: ['label', 'expression'] },
              )
              .map((input) => ({ id: `in${i}`, ...input })),
          ),
        ),
        outputs: fc.tuple(
          ...Array.from({ length: outputCount }, (_, i) =>
            fc
              .record(
                {
                  label,
                  typeRef: fc.constantFrom('string', 'number'),
                  allowedValues: fc.array(feelString, { minLength: 1, maxLength: 4 }),
                  defaultValue: cell,
                },
                { requiredKeys: [] },
              )
              .map((output): DmnDecisionOutput => ({ id: `out${i}`, name: `output${i}`, ...output })),
          ),
        ),
        rules: fc.tuple(
          ...Array.from({ length: ruleCount }, (_, r) =>
            fc
              .record(
                {
                  inputEntries: fc.array(cell, { minLength: inputCount, maxLength: inputCount }),
                  outputEntries: fc.array(cell, { minLength: outputCount, maxLength: outputCount }),
                  description: anyText.filter((text) => text.trim() !== ''),
                },
                { requiredKeys: ['inputEntries', 'outputEntries'] },
              )
              .map((rule): DmnDecisionRule => ({ id: `rule${r}`, ...rule })),
          ),
        ),
      })
      .map(({ inputs, outputs, rules }): DmnDecisionTable => ({
        id: tableId,
        name,
        hitPolicy,
        ...(hitPolicy === 'COLLECT' && aggregation !== undefined ? { aggregation } : {}),
        inputs,
        outputs,
        rules,
      })),
  );

const tables = fc.uniqueArray(decisionTable, { minLength: 1, maxLength: 3, selector: (table) => table.id });

describe('writeDmnXml (properties)', () => {
  it('writes well-formed XML that reads back as the same tables, whatever the cells hold', () => {
    fc.assert(
      fc.property(label, tables, (name, decisions) => {
        const xml = writeDmnXml({ name, decisions });
        expect(XMLValidator.validate(xml)).toBe(true);
        const read = parseDmnXml(xml, 'property.dmn');
        expect(read).toEqual({ ok: true, name, decisions, warnings: [] });
      }),
      { numRuns: 300 },
    );
  });
});
