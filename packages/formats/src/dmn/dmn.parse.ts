import {
  DMN_AGGREGATIONS,
  DMN_HIT_POLICIES,
  DMN_MODEL_NAMESPACES,
  type DmnCollectAggregation,
  type DmnDecisionInput,
  type DmnDecisionOutput,
  type DmnDecisionRule,
  type DmnDecisionTable,
  type DmnHitPolicy,
  type DmnParseResult,
  type DmnVersion,
} from './dmn.types';
import { childrenNamed, firstChild, readXml, type XmlElement } from './dmn.xml';

// Reads the decision tables of a DMN 1.1–1.5 file, as Camunda Modeler, the bpmn.io dmn-js editor
// and other modelers save them. Only the decision logic is read: diagrams (DMNDI), vendor
// extensions (`camunda:`, `biodi:`), input data, knowledge sources and item definitions are
// ignored; decisions whose logic is not a decision table are skipped with a warning.

// Namespaces compared without scheme or trailing slash: some tools write `http://` for 1.3, or
// drop the final `/`.
const namespaceKey = (uri: string): string =>
  uri
    .trim()
    .replace(/^https?:\/\//i, '')
    .replace(/\/+$/, '')
    .toLowerCase();

const VERSION_BY_NAMESPACE = new Map<string, DmnVersion>(
  Object.entries(DMN_MODEL_NAMESPACES).map(([version, uri]) => [namespaceKey(uri), version as DmnVersion]),
);

/** The DMN version a MODEL namespace URI names; undefined for any other namespace. */
export const dmnVersionOf = (namespace: string): DmnVersion | undefined =>
  VERSION_BY_NAMESPACE.get(namespaceKey(namespace));

// The decision logic a `decision` can hold instead of a decision table (DMN 1.3 §6.3.6 and the
// boxed expressions of 1.4/1.5), with the words a warning uses.
const OTHER_LOGIC: Record<string, string> = {
  literalExpression: 'a literal expression',
  context: 'a boxed context',
  invocation: 'an invocation',
  relation: 'a relation',
  list: 'a boxed list',
  functionDefinition: 'a function definition',
  conditional: 'a conditional',
  filter: 'a filter',
  for: 'an iterator',
  every: 'a quantifier',
  some: 'a quantifier',
};

/**
 * Splits an `outputValues` text into its FEEL literals at the commas outside string literals:
 * `"low","high, urgent"` gives `"low"` and `"high, urgent"`.
 */
export const splitTopLevelCommas = (text: string): string[] => {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i] as string;
    if (quoted && c === '\\' && i + 1 < text.length) {
      current += c + (text[i + 1] as string);
      i += 1;
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === ',' && !quoted) {
      parts.push(current);
      current = '';
      continue;
    }
    current += c;
  }
  parts.push(current);
  return parts.map((part) => part.trim()).filter((part) => part !== '');
};

const quote = (value: string): string => `"${value}"`;

type Context = {
  readonly ns: string;
  readonly errors: string[];
  readonly warnings: string[];
};

const attribute = (element: XmlElement, name: string): string | undefined => {
  const value = element.attributes[name];
  return value === undefined || value.trim() === '' ? undefined : value;
};

/** The FEEL text of an expression element (`<text>` child), trimmed; '' when absent. */
const feelText = (context: Context, element: XmlElement | undefined): string =>
  element === undefined ? '' : (firstChild(element, context.ns, 'text')?.text.trim() ?? '');

const decisionName = (decision: XmlElement, index: number): string =>
  quote(attribute(decision, 'id') ?? attribute(decision, 'name') ?? `number ${index + 1}`);

const readHitPolicy = (context: Context, table: XmlElement, where: string): DmnHitPolicy | undefined => {
  const written = attribute(table, 'hitPolicy');
  if (written === undefined) return 'UNIQUE';
  const normalised = written.trim().toUpperCase().replace(/_/g, ' ').replace(/\s+/g, ' ');
  const policy = DMN_HIT_POLICIES.find((candidate) => candidate === normalised);
  if (policy === undefined) {
    context.errors.push(
      `${where} has the hit policy "${written}"; expected one of ${DMN_HIT_POLICIES.join(', ')}`,
    );
  }
  return policy;
};

const readAggregation = (
  context: Context,
  table: XmlElement,
  hitPolicy: DmnHitPolicy | undefined,
  where: string,
): DmnCollectAggregation | undefined => {
  const written = attribute(table, 'aggregation');
  if (written === undefined) return undefined;
  const aggregation = DMN_AGGREGATIONS.find((candidate) => candidate === written.trim().toUpperCase());
  if (aggregation === undefined) {
    context.errors.push(
      `${where} has the aggregation "${written}"; expected one of ${DMN_AGGREGATIONS.join(', ')}`,
    );
    return undefined;
  }
  if (hitPolicy !== undefined && hitPolicy !== 'COLLECT') {
    context.warnings.push(
      `${where}: the aggregation ${aggregation} is ignored with the hit policy ${hitPolicy}`,
    );
    return undefined;
  }
  return aggregation;
};

const readInput = (
  context: Context,
  input: XmlElement,
  index: number,
  where: string,
): DmnDecisionInput | undefined => {
  const inputExpression = firstChild(input, context.ns, 'inputExpression');
  const expression = feelText(context, inputExpression);
  const label = attribute(input, 'label');
  if (expression === '') {
    context.errors.push(
      `${where} input ${index + 1}${label === undefined ? '' : ` ("${label}")`} has no input expression`,
    );
    return undefined;
  }
  const typeRef = inputExpression === undefined ? undefined : attribute(inputExpression, 'typeRef');
  return {
    id: attribute(input, 'id') ?? `input-${index + 1}`,
    label: label ?? expression,
    expression,
    ...(typeRef === undefined ? {} : { typeRef: typeRef.trim() }),
  };
};

const readOutput = (
  context: Context,
  output: XmlElement,
  index: number,
  count: number,
  where: string,
): DmnDecisionOutput | undefined => {
  const label = attribute(output, 'label');
  let name = attribute(output, 'name')?.trim();
  if (name === undefined) {
    if (count > 1) {
      context.errors.push(
        `${where} output ${index + 1}${label === undefined ? '' : ` ("${label}")`} has no name; a table with several outputs names each`,
      );
      return undefined;
    }
    // Modelers create a table's only output without a name: the decision's result is the value.
    name = 'output';
    context.warnings.push(`${where}: its output has no name; it is called "output"`);
  }
  const typeRef = attribute(output, 'typeRef');
  const allowedValues = splitTopLevelCommas(
    feelText(context, firstChild(output, context.ns, 'outputValues')),
  );
  const defaultValue = feelText(context, firstChild(output, context.ns, 'defaultOutputEntry'));
  return {
    id: attribute(output, 'id') ?? `output-${index + 1}`,
    name,
    ...(label === undefined ? {} : { label }),
    ...(typeRef === undefined ? {} : { typeRef: typeRef.trim() }),
    ...(allowedValues.length === 0 ? {} : { allowedValues }),
    ...(defaultValue === '' ? {} : { defaultValue }),
  };
};

const readRule = (
  context: Context,
  rule: XmlElement,
  index: number,
  inputCount: number,
  outputCount: number,
  where: string,
): DmnDecisionRule | undefined => {
  const ruleWhere = `${where} rule ${index + 1}`;
  const inputEntries = childrenNamed(rule, context.ns, 'inputEntry').map((entry) => {
    const text = feelText(context, entry);
    return text === '' ? '-' : text;
  });
  // An empty output cell gives no value (Camunda Modeler leaves new cells empty).
  const outputEntries = childrenNamed(rule, context.ns, 'outputEntry').map(
    (entry) => feelText(context, entry) || 'null',
  );
  let ok = true;
  if (inputEntries.length !== inputCount) {
    context.errors.push(
      `${ruleWhere} has ${inputEntries.length} input ${inputEntries.length === 1 ? 'entry' : 'entries'} for ${inputCount} ${inputCount === 1 ? 'input' : 'inputs'}`,
    );
    ok = false;
  }
  if (outputEntries.length !== outputCount) {
    context.errors.push(
      `${ruleWhere} has ${outputEntries.length} output ${outputEntries.length === 1 ? 'entry' : 'entries'} for ${outputCount} ${outputCount === 1 ? 'output' : 'outputs'}`,
    );
    ok = false;
  }
  if (!ok) return undefined;
  // DMN 1.2+ modelers that show annotation columns (Kogito, Trisotech) write the rule's note as an
  // annotation entry rather than as its description.
  const description = [
    firstChild(rule, context.ns, 'description')?.text,
    ...childrenNamed(rule, context.ns, 'annotationEntry').map((entry) => feelText(context, entry)),
  ].find((text) => text !== undefined && text.trim() !== '');
  return {
    id: attribute(rule, 'id') ?? `rule-${index + 1}`,
    inputEntries,
    outputEntries,
    ...(description === undefined ? {} : { description }),
  };
};

const readDecision = (
  context: Context,
  decision: XmlElement,
  index: number,
): DmnDecisionTable | undefined => {
  const where = `decision ${decisionName(decision, index)}`;
  const table = firstChild(decision, context.ns, 'decisionTable');
  if (table === undefined) {
    const logic = decision.children.find(
      (child) => child.namespace === context.ns && OTHER_LOGIC[child.localName] !== undefined,
    );
    context.warnings.push(
      `${where} is skipped: its logic is ${logic === undefined ? 'missing' : OTHER_LOGIC[logic.localName]}, not a decision table`,
    );
    return undefined;
  }
  const errorsBefore = context.errors.length;
  const hitPolicy = readHitPolicy(context, table, where);
  const aggregation = readAggregation(context, table, hitPolicy, where);
  const inputElements = childrenNamed(table, context.ns, 'input');
  const outputElements = childrenNamed(table, context.ns, 'output');
  const inputs = inputElements.map((input, i) => readInput(context, input, i, where));
  const outputs = outputElements.map((output, i) =>
    readOutput(context, output, i, outputElements.length, where),
  );
  if (outputElements.length === 0) context.errors.push(`${where} has a decision table without outputs`);
  const rules = childrenNamed(table, context.ns, 'rule').map((rule, i) =>
    readRule(context, rule, i, inputElements.length, outputElements.length, where),
  );
  if (context.errors.length > errorsBefore || hitPolicy === undefined) return undefined;
  const id = attribute(decision, 'id') ?? `decision-${index + 1}`;
  return {
    id,
    name: attribute(decision, 'name') ?? id,
    hitPolicy,
    ...(aggregation === undefined ? {} : { aggregation }),
    inputs: inputs.filter((input) => input !== undefined),
    outputs: outputs.filter((output) => output !== undefined),
    rules: rules.filter((rule) => rule !== undefined),
  };
};

/**
 * Reads the decision tables of a DMN file (DMN 1.1 to 1.5, any namespace prefix). Every problem is
 * reported, each naming the file and the element (`credit.dmn: decision "strategy" rule 3 has 2
 * input entries for 3 inputs`); nothing is returned when there is one. Never throws.
 */
export const parseDmnXml = (xml: string, fileName?: string): DmnParseResult => {
  const file = fileName === undefined || fileName === '' ? 'the DMN file' : fileName;
  const fail = (message: string): DmnParseResult => ({ ok: false, errors: [`${file}: ${message}`] });
  if (xml.trim() === '') return fail('the file is empty');
  const read = readXml(xml.replace(/^\uFEFF/, ''));
  if (!read.ok) return fail(`not well-formed XML at line ${read.line}: ${read.message}`);
  const { root } = read;
  const version = dmnVersionOf(root.namespace);
  if (root.localName !== 'definitions' || version === undefined) {
    return fail(
      `not a DMN file: the root element is <${root.qualifiedName}>${root.namespace === '' ? ' without a namespace' : ` in the namespace ${root.namespace}`}; expected <definitions> in a DMN 1.1–1.5 MODEL namespace such as ${DMN_MODEL_NAMESPACES['1.3']}`,
    );
  }

  const context: Context = { ns: root.namespace, errors: [], warnings: [] };
  const decisions = childrenNamed(root, context.ns, 'decision')
    .map((decision, i) => readDecision(context, decision, i))
    .filter((decision) => decision !== undefined);
  for (const bkm of childrenNamed(root, context.ns, 'businessKnowledgeModel')) {
    context.warnings.push(
      `business knowledge model ${quote(attribute(bkm, 'name') ?? attribute(bkm, 'id') ?? '?')} is skipped: only decision tables of decisions are read`,
    );
  }
  for (const service of childrenNamed(root, context.ns, 'decisionService')) {
    context.warnings.push(
      `decision service ${quote(attribute(service, 'name') ?? attribute(service, 'id') ?? '?')} is skipped: only decision tables of decisions are read`,
    );
  }

  const ids = new Set<string>();
  for (const decision of decisions) {
    if (ids.has(decision.id)) context.errors.push(`two decisions have the id "${decision.id}"`);
    ids.add(decision.id);
  }
  if (context.errors.length === 0 && decisions.length === 0) {
    context.errors.push(
      context.warnings.length === 0
        ? 'the file holds no decision'
        : `the file holds no decision table (${context.warnings.join('; ')})`,
    );
  }
  if (context.errors.length > 0)
    return { ok: false, errors: context.errors.map((error) => `${file}: ${error}`) };
  return {
    ok: true,
    name: attribute(root, 'name') ?? attribute(root, 'id') ?? fileName?.replace(/\.[^.]*$/, '') ?? 'DMN',
    decisions,
    warnings: context.warnings.map((warning) => `${file}: ${warning}`),
  };
};
