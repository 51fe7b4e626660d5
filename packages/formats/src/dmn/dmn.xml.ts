import { XMLParser, XMLValidator } from 'fast-xml-parser';

// A namespace-aware element tree over fast-xml-parser, small enough for DMN: element names are
// resolved to (namespace, local name) through the xmlns declarations in scope, so that a file
// reads the same whatever prefix its author chose (`dmn:`, `semantic:`, none).

export type XmlElement = {
  /** The name as written, prefix included. */
  readonly qualifiedName: string;
  readonly localName: string;
  /** The namespace URI the prefix is bound to; '' when none is. */
  readonly namespace: string;
  /** Attributes by name as written (`id`, `camunda:inputVariable`); namespace declarations excluded. */
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** The character data directly inside the element (text and CDATA, in order), decoded. */
  readonly text: string;
  /** 1-based position among the parent's children with the same namespace and local name. */
  readonly position: number;
};

const XML_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

// Entity processing is ours rather than the parser's so that a DOCTYPE can never expand anything:
// only the five XML entities and character references are read.
const decodeEntities = (text: string): string =>
  text.replace(/&(?:#x([0-9a-fA-F]+)|#(\d+)|(lt|gt|amp|quot|apos));/g, (whole, hex, dec, name) => {
    if (typeof name === 'string') return XML_ENTITIES[name] ?? whole;
    const code = Number.parseInt(
      typeof hex === 'string' ? hex : String(dec),
      typeof hex === 'string' ? 16 : 10,
    );
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });

const ATTRIBUTES = ':@';
const TEXT = '#text';
const CDATA = '#cdata';

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: false,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  commentPropName: false,
  cdataPropName: CDATA,
});

type RawNode = { readonly [key: string]: unknown };

const isRecord = (value: unknown): value is RawNode =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const asArray = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);

const elementName = (node: RawNode): string | undefined =>
  Object.keys(node).find((key) => key !== ATTRIBUTES && key !== TEXT && key !== CDATA);

// XML normalises line ends in text to LF, and white space in attribute values to spaces, before
// references are expanded (XML 1.0 §2.11, §3.3.3): a written `&#10;` survives, a raw newline does not.
const normaliseText = (raw: string): string => decodeEntities(raw.replace(/\r\n?/g, '\n'));
const normaliseAttribute = (raw: string): string => decodeEntities(raw.replace(/[\t\n\r]/g, ' '));

const splitName = (qualified: string): { prefix: string; local: string } => {
  const colon = qualified.indexOf(':');
  return colon === -1
    ? { prefix: '', local: qualified }
    : { prefix: qualified.slice(0, colon), local: qualified.slice(colon + 1) };
};

const cdataText = (value: unknown): string =>
  asArray(value)
    .map((part) => (isRecord(part) && typeof part[TEXT] === 'string' ? part[TEXT] : ''))
    .join('')
    .replace(/\r\n?/g, '\n');

const build = (
  node: RawNode,
  name: string,
  scope: ReadonlyMap<string, string>,
  position: number,
): XmlElement => {
  const rawAttributes = isRecord(node[ATTRIBUTES]) ? node[ATTRIBUTES] : {};
  const attributes: Record<string, string> = {};
  let ownScope: Map<string, string> | undefined;
  for (const [key, value] of Object.entries(rawAttributes)) {
    const decoded = normaliseAttribute(typeof value === 'string' ? value : String(value));
    if (key === 'xmlns' || key.startsWith('xmlns:')) {
      ownScope ??= new Map(scope);
      ownScope.set(key === 'xmlns' ? '' : key.slice('xmlns:'.length), decoded);
    } else {
      attributes[key] = decoded;
    }
  }
  const inScope = ownScope ?? scope;
  const { prefix, local } = splitName(name);

  let text = '';
  const children: XmlElement[] = [];
  const seen = new Map<string, number>();
  for (const child of asArray(node[name])) {
    if (!isRecord(child)) continue;
    if (typeof child[TEXT] === 'string') {
      text += normaliseText(child[TEXT]);
      continue;
    }
    if (CDATA in child) {
      text += cdataText(child[CDATA]);
      continue;
    }
    const childName = elementName(child);
    if (childName === undefined) continue;
    const childSplit = splitName(childName);
    const key = `${inScope.get(childSplit.prefix) ?? ''} ${childSplit.local}`;
    const childPosition = (seen.get(key) ?? 0) + 1;
    seen.set(key, childPosition);
    children.push(build(child, childName, inScope, childPosition));
  }
  return {
    qualifiedName: name,
    localName: local,
    namespace: inScope.get(prefix) ?? '',
    attributes,
    children,
    text,
    position,
  };
};

export type XmlReadResult =
  | { readonly ok: true; readonly root: XmlElement }
  | { readonly ok: false; readonly line: number; readonly message: string };

/** Parses a well-formed XML document into its root element; reports where it is not well-formed. */
export const readXml = (xml: string): XmlReadResult => {
  const checked = XMLValidator.validate(xml);
  if (checked !== true) return { ok: false, line: checked.err.line, message: checked.err.msg };
  const nodes = asArray(parser.parse(xml));
  for (const node of nodes) {
    if (!isRecord(node)) continue;
    const name = elementName(node);
    if (name !== undefined) return { ok: true, root: build(node, name, new Map(), 1) };
  }
  return { ok: false, line: 1, message: 'the document has no root element' };
};

/** The child elements of `element` with this local name in this namespace, in document order. */
export const childrenNamed = (element: XmlElement, namespace: string, localName: string): XmlElement[] =>
  element.children.filter((child) => child.localName === localName && child.namespace === namespace);

export const firstChild = (
  element: XmlElement,
  namespace: string,
  localName: string,
): XmlElement | undefined =>
  element.children.find((child) => child.localName === localName && child.namespace === namespace);

// ---------------------------------------------------------------------------------------------
// Writing

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/** Text as element content: markup characters escaped, CR kept through a character reference. */
export const escapeText = (text: string): string => text.replace(/[&<>\r]/g, (c) => ESCAPES[c] ?? c);

/** Text as a double-quoted attribute value: also quotes, and white space that would be normalised. */
export const escapeAttribute = (text: string): string =>
  text.replace(/[&<>"'\t\n\r]/g, (c) => ESCAPES[c] ?? c);

// C0 controls other than tab and line ends, lone surrogates, U+FFFE and U+FFFF.
const NOT_IN_XML =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The first character XML 1.0 cannot carry, even as a character reference; undefined when none. */
export const unrepresentableCharacter = (text: string): string | undefined => NOT_IN_XML.exec(text)?.[0];
