import { formatMoney, tryParseDate, tryParseMoney, type Money } from '@quittance/domain';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { checkStatementBalance, fallbackBankReference, sumMinor } from './bank-statement.check';
import type {
  BankEntry,
  BankStatement,
  BankTransaction,
  StatementFormat,
  StatementIssue,
  StatementParseResult,
} from './bank-statement.types';
import { decodeStatementText } from './statement-text.decode';

// Reads ISO 20022 camt.053 (end-of-day statement) and camt.054 (debit/credit notification), in
// versions 001.02 and 001.08. Both syntaxes are read whatever the namespace says (status as text
// or as <Cd>, BIC or BICFI, Dbtr/Nm or Dbtr/Pty/Nm): banks mix them, and the namespace only names
// the format.

type CamtKind = 'camt.053' | 'camt.054';
type CamtFormat = Extract<StatementFormat, `camt.${string}`>;

const NAMESPACE = /urn:iso:std:iso:20022:tech:xsd:(camt\.05\d)\.001\.(\d{2})/;
const SUPPORTED_VERSIONS = new Set(['02', '08']);

const MESSAGE: Record<CamtKind, { root: string; item: string }> = {
  'camt.053': { root: 'BkToCstmrStmt', item: 'Stmt' },
  'camt.054': { root: 'BkToCstmrDbtCdtNtfctn', item: 'Ntfctn' },
};

/** Which camt format and version the document declares, from its namespace; null if none we read. */
export const detectCamtFormat = (xml: string): CamtFormat | null => {
  const match = NAMESPACE.exec(xml);
  if (match === null) return null;
  const [, kind = '', version = ''] = match;
  if ((kind !== 'camt.053' && kind !== 'camt.054') || !SUPPORTED_VERSIONS.has(version)) return null;
  return `${kind}.001.${version}` as CamtFormat;
};

// Repeatable elements come as arrays even when the file has one, so that one code path reads both.
const REPEATABLE = new Set(['Stmt', 'Ntfctn', 'Bal', 'Ntry', 'NtryDtls', 'TxDtls', 'Ustrd', 'Strd']);

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

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  trimValues: true,
  isArray: (name) => REPEATABLE.has(name),
  tagValueProcessor: (_name, value) => decodeEntities(value),
  attributeValueProcessor: (_name, value) => decodeEntities(value),
});

type XmlNode = { readonly [name: string]: unknown };

const isNode = (value: unknown): value is XmlNode =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const at = (node: unknown, path: readonly string[]): unknown =>
  path.reduce<unknown>((current, name) => (isNode(current) ? current[name] : undefined), node);

const textOf = (value: unknown): string | null => {
  const raw = isNode(value) ? value['#text'] : value;
  if (typeof raw !== 'string') return null;
  const trimmed = raw.trim();
  return trimmed === '' ? null : trimmed;
};

/** The text of the element at `path` (slash-separated), null when absent or empty. */
const text = (node: unknown, path: string): string | null => textOf(at(node, path.split('/')));

const firstText = (node: unknown, ...paths: string[]): string | null => {
  for (const path of paths) {
    const value = text(node, path);
    if (value !== null) return value;
  }
  return null;
};

const children = (node: unknown, name: string): XmlNode[] => {
  const value = at(node, [name]);
  if (Array.isArray(value)) return value.filter(isNode);
  return isNode(value) ? [value] : [];
};

const texts = (node: unknown, name: string): string[] => {
  const value = at(node, [name]);
  return (Array.isArray(value) ? value : [value]).map(textOf).filter((item) => item !== null);
};

type Issues = StatementIssue[];

const missing = (issues: Issues, path: string, what = ''): void => {
  issues.push({ location: path, message: `the mandatory element ${path} is missing${what}` });
};

// Amounts with their currency attribute, read exactly: never through a float.
const readAmount = (
  node: unknown,
  path: string,
  location: string,
  issues: Issues,
  options: { required: boolean },
): Money | null => {
  const element = at(node, path.split('/'));
  const value = textOf(element);
  if (value === null) {
    if (options.required) missing(issues, `${location}/${path}`);
    return null;
  }
  const currency = isNode(element) ? textOf(element['@_Ccy']) : null;
  if (currency === null) {
    issues.push({ location: `${location}/${path}`, message: `the amount ${value} has no Ccy attribute` });
    return null;
  }
  const parsed = tryParseMoney(value, currency);
  if (!parsed.ok) {
    issues.push({ location: `${location}/${path}`, message: parsed.reason });
    return null;
  }
  if (parsed.value.amountMinor < 0n) {
    issues.push({
      location: `${location}/${path}`,
      message: `the amount ${value} is negative; camt gives the direction in CdtDbtInd`,
    });
    return null;
  }
  return parsed.value;
};

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T/;

// <Dt> or <DtTm>; of a date-time, the date as the bank wrote it (its own time zone).
const readDate = (node: unknown, path: string, location: string, issues: Issues): string | null => {
  const date = text(node, `${path}/Dt`);
  const dateTime = date === null ? text(node, `${path}/DtTm`) : null;
  const value = date ?? (dateTime === null ? null : (DATE_TIME.exec(dateTime)?.[1] ?? dateTime));
  if (value === null) return null;
  if (tryParseDate(value) === undefined) {
    issues.push({
      location: `${location}/${path}`,
      message: `"${date ?? dateTime ?? ''}" is not a date (YYYY-MM-DD)`,
    });
    return null;
  }
  return value;
};

type Direction = BankEntry['direction'];

const readDirection = (node: unknown, location: string, issues: Issues): Direction | null => {
  const indicator = text(node, 'CdtDbtInd');
  if (indicator === 'CRDT') return 'credit';
  if (indicator === 'DBIT') return 'debit';
  if (indicator === null) missing(issues, `${location}/CdtDbtInd`);
  else {
    issues.push({
      location: `${location}/CdtDbtInd`,
      message: `"${indicator}" is not a credit/debit indicator (CRDT or DBIT)`,
    });
  }
  return null;
};

const STATUS: Record<string, BankEntry['status']> = {
  BOOK: 'booked',
  PDNG: 'pending',
  // Booked by the bank with a value date to come: money that will be there, not yet usable.
  FUTR: 'pending',
  INFO: 'info',
};

const compactIban = (iban: string | null): string | null =>
  iban === null ? null : iban.replace(/\s+/g, '').toUpperCase();

// The placeholder some banks put where the payer gave no end-to-end reference.
const NOT_PROVIDED = 'NOTPROVIDED';

type Party = BankTransaction['counterparty'];

const readParty = (tx: unknown, side: 'Dbtr' | 'Cdtr'): Party => ({
  name: firstText(tx, `RltdPties/${side}/Nm`, `RltdPties/${side}/Pty/Nm`),
  iban: compactIban(text(tx, `RltdPties/${side}Acct/Id/IBAN`)),
  bic: firstText(tx, `RltdAgts/${side}Agt/FinInstnId/BICFI`, `RltdAgts/${side}Agt/FinInstnId/BIC`),
});

const isEmptyParty = (party: Party): boolean =>
  party.name === null && party.iban === null && party.bic === null;

// The other party is the debtor of a credit and the creditor of a debit. Returns are reported by
// some banks with the original transfer's parties, so when that side turns out to be the
// statement's own account, the opposite side is the counterparty.
const readCounterparty = (tx: unknown, direction: Direction, ownIban: string | null): Party => {
  const preferred = readParty(tx, direction === 'credit' ? 'Dbtr' : 'Cdtr');
  if (ownIban === null || preferred.iban !== ownIban) return preferred;
  const opposite = readParty(tx, direction === 'credit' ? 'Cdtr' : 'Dbtr');
  return isEmptyParty(opposite) ? preferred : opposite;
};

type EntryContext = { statementId: string; currency: string; ownIban: string | null };

const readTransaction = (
  tx: XmlNode,
  amount: Money,
  direction: Direction,
  context: EntryContext,
): BankTransaction => {
  const endToEndId = text(tx, 'Refs/EndToEndId');
  return {
    amount,
    endToEndId: endToEndId === NOT_PROVIDED ? null : endToEndId,
    instructionId: text(tx, 'Refs/InstrId'),
    accountServicerReference: text(tx, 'Refs/AcctSvcrRef'),
    counterparty: readCounterparty(tx, direction, context.ownIban),
    remittance: {
      structured: children(at(tx, ['RmtInf']), 'Strd')
        .map((strd) => text(strd, 'CdtrRefInf/Ref'))
        .filter((ref) => ref !== null),
      unstructured: texts(at(tx, ['RmtInf']), 'Ustrd'),
    },
    returnReason: firstText(tx, 'RtrInf/Rsn/Cd', 'RtrInf/Rsn/Prtry'),
  };
};

// Where a transaction states its amount: the booked amount (v08 <Amt>, or AmtDtls/TxAmt), then the
// instructed one. The instructed amount may be before charges, so it only serves in a batch, where
// each transaction needs an amount of its own.
const BOOKED_AMOUNT = ['Amt', 'AmtDtls/TxAmt/Amt'];
const ANY_AMOUNT = [...BOOKED_AMOUNT, 'AmtDtls/InstdAmt/Amt'];

// The first amount at `paths` in the entry's currency, null when there is none.
const readTransactionAmount = (
  tx: XmlNode,
  path: string,
  paths: readonly string[],
  currency: string,
  issues: Issues,
): Money | null => {
  for (const amountPath of paths) {
    if (text(tx, amountPath) === null) continue;
    const amount = readAmount(tx, amountPath, path, issues, { required: true });
    if (amount === null) return null;
    if (amount.currency === currency) return amount;
  }
  return null;
};

const readTransactions = (
  ntry: XmlNode,
  path: string,
  entry: { amount: Money; direction: Direction; accountServicerReference: string | null },
  context: EntryContext,
  issues: Issues,
): BankTransaction[] => {
  const details = children(ntry, 'NtryDtls').flatMap((dtls, i) =>
    children(dtls, 'TxDtls').map((tx, j) => ({ tx, path: `${path}/NtryDtls[${i}]/TxDtls[${j}]` })),
  );
  if (details.length === 0) {
    const info = text(ntry, 'AddtlNtryInf');
    return [
      {
        amount: entry.amount,
        endToEndId: null,
        instructionId: null,
        accountServicerReference: entry.accountServicerReference,
        counterparty: { name: null, iban: null, bic: null },
        remittance: { structured: [], unstructured: info === null ? [] : [info] },
        returnReason: null,
      },
    ];
  }
  const issueCount = issues.length;
  const amounts = details.map(({ tx, path: txPath }) =>
    readTransactionAmount(
      tx,
      txPath,
      details.length === 1 ? BOOKED_AMOUNT : ANY_AMOUNT,
      entry.amount.currency,
      issues,
    ),
  );
  if (issues.length > issueCount) return [];

  if (details.length === 1) {
    const [only] = details;
    const [stated] = amounts;
    if (stated !== null && stated !== undefined && stated.amountMinor !== entry.amount.amountMinor) {
      issues.push({
        location: path,
        message: `the transaction amount ${formatMoney(stated)} differs from the entry amount ${formatMoney(entry.amount)}`,
      });
      return [];
    }
    return only === undefined ? [] : [readTransaction(only.tx, entry.amount, entry.direction, context)];
  }

  const known = amounts.filter((amount) => amount !== null);
  details.forEach(({ path: txPath }, i) => {
    if (amounts[i] === null) {
      issues.push({
        location: txPath,
        message: `a transaction of a batch needs its own amount in ${entry.amount.currency} (Amt or AmtDtls/TxAmt/Amt)`,
      });
    }
  });
  if (known.length !== details.length) return [];
  const total = sumMinor(known);
  if (total !== entry.amount.amountMinor) {
    issues.push({
      location: path,
      message: `the ${details.length} transactions add up to ${formatMoney({ amountMinor: total, currency: entry.amount.currency })} but the entry amount is ${formatMoney(entry.amount)}`,
    });
    return [];
  }
  return details.map(({ tx }, i) => readTransaction(tx, known[i] ?? entry.amount, entry.direction, context));
};

const readEntry = (
  ntry: XmlNode,
  path: string,
  index: number,
  context: EntryContext,
  issues: Issues,
): BankEntry | null => {
  const issueCount = issues.length;
  const amount = readAmount(ntry, 'Amt', path, issues, { required: true });
  if (amount !== null && context.currency !== '' && amount.currency !== context.currency) {
    issues.push({
      location: `${path}/Amt`,
      message: `the entry is in ${amount.currency} but the account is in ${context.currency}`,
    });
  }
  const direction = readDirection(ntry, path, issues);
  const statusCode = firstText(ntry, 'Sts', 'Sts/Cd');
  const status = statusCode === null ? undefined : STATUS[statusCode];
  if (statusCode === null) missing(issues, `${path}/Sts`);
  else if (status === undefined) {
    issues.push({
      location: `${path}/Sts`,
      message: `"${statusCode}" is not an entry status (BOOK, PDNG, FUTR or INFO)`,
    });
  }
  const reversalText = text(ntry, 'RvslInd');
  const reversal = reversalText === 'true' || reversalText === '1';
  const bookingDate = readDate(ntry, 'BookgDt', path, issues);
  const valueDate = readDate(ntry, 'ValDt', path, issues);
  // A pending entry may have no booking date yet; its value date stands in.
  const date = bookingDate ?? valueDate;
  if (at(ntry, ['BookgDt']) === undefined && at(ntry, ['ValDt']) === undefined) {
    missing(issues, `${path}/BookgDt`, ' (and there is no ValDt)');
  }
  if (
    issues.length > issueCount ||
    amount === null ||
    direction === null ||
    status === undefined ||
    date === null
  ) {
    return null;
  }
  const accountServicerReference = text(ntry, 'AcctSvcrRef');
  const transactions = readTransactions(
    ntry,
    path,
    { amount, direction, accountServicerReference },
    context,
    issues,
  );
  if (issues.length > issueCount) return null;
  const entry = { bookingDate: date, direction, amount };
  return {
    location: path,
    bankReference: accountServicerReference ?? fallbackBankReference(context.statementId, entry, index),
    bookingDate: date,
    valueDate,
    direction,
    amount,
    status,
    reversal,
    transactions,
  };
};

type Balance = { code: string; amount: Money; path: string };

const readBalances = (item: XmlNode, path: string, issues: Issues): Balance[] =>
  children(item, 'Bal').flatMap((bal, i) => {
    const balPath = `${path}/Bal[${i}]`;
    const code = firstText(bal, 'Tp/CdOrPrtry/Cd', 'Tp/CdOrPrtry/Prtry');
    if (code === null) missing(issues, `${balPath}/Tp/CdOrPrtry/Cd`);
    const amount = readAmount(bal, 'Amt', balPath, issues, { required: true });
    const direction = readDirection(bal, balPath, issues);
    if (code === null || amount === null || direction === null) return [];
    return [
      {
        code,
        path: balPath,
        amount: direction === 'debit' ? { ...amount, amountMinor: -amount.amountMinor } : amount,
      },
    ];
  });

const readStatement = (
  item: XmlNode,
  path: string,
  format: CamtFormat,
  kind: CamtKind,
  groupCreatedAt: string | null,
  issues: Issues,
): BankStatement | null => {
  const issueCount = issues.length;
  const id = text(item, 'Id');
  if (id === null) missing(issues, `${path}/Id`);
  const account = at(item, ['Acct']);
  const iban = compactIban(text(account, 'Id/IBAN'));
  const otherId = text(account, 'Id/Othr/Id');
  if (!isNode(account)) missing(issues, `${path}/Acct`);
  else if (iban === null && otherId === null) missing(issues, `${path}/Acct/Id`, ' (IBAN or Othr/Id)');

  const balances = kind === 'camt.053' ? readBalances(item, path, issues) : [];
  const opening = balances.find((b) => b.code === 'OPBD') ?? balances.find((b) => b.code === 'PRCD');
  const closing = balances.find((b) => b.code === 'CLBD');
  // A balance that is there but unreadable has its own issue already.
  const balanceCodes = children(item, 'Bal').map((bal) =>
    firstText(bal, 'Tp/CdOrPrtry/Cd', 'Tp/CdOrPrtry/Prtry'),
  );
  if (kind === 'camt.053') {
    if (!balanceCodes.includes('OPBD') && !balanceCodes.includes('PRCD')) {
      issues.push({
        location: `${path}/Bal`,
        message: 'the statement has no opening balance (OPBD or PRCD)',
      });
    }
    if (!balanceCodes.includes('CLBD')) {
      issues.push({ location: `${path}/Bal`, message: 'the statement has no closing balance (CLBD)' });
    }
  }

  const ntries = children(item, 'Ntry');
  const firstEntryCurrency = ntries.length === 0 ? null : textOf(at(ntries[0], ['Amt', '@_Ccy']));
  const currency = text(account, 'Ccy') ?? opening?.amount.currency ?? firstEntryCurrency;
  if (currency === null) {
    issues.push({
      location: `${path}/Acct/Ccy`,
      message: 'the account currency is given nowhere (Acct/Ccy, balances or entries)',
    });
  }
  for (const balance of balances) {
    if (currency !== null && balance.amount.currency !== currency) {
      issues.push({
        location: `${balance.path}/Amt`,
        message: `the balance is in ${balance.amount.currency} but the account is in ${currency}`,
      });
    }
  }
  // The entries are read even when the statement has problems, so that one pass reports them all.
  const context: EntryContext = { statementId: id ?? path, currency: currency ?? '', ownIban: iban };
  const entries = ntries
    .map((ntry, i) => readEntry(ntry, `${path}/Ntry[${i}]`, i, context, issues))
    .filter((entry) => entry !== null);
  if (issues.length > issueCount || id === null || currency === null) return null;

  const statement: BankStatement = {
    format,
    id,
    account: {
      iban,
      otherId,
      currency,
      bic: firstText(account, 'Svcr/FinInstnId/BICFI', 'Svcr/FinInstnId/BIC'),
      ownerName: firstText(account, 'Ownr/Nm', 'Ownr/Pty/Nm'),
    },
    createdAt: text(item, 'CreDtTm') ?? groupCreatedAt,
    openingBalance: opening?.amount ?? null,
    closingBalance: closing?.amount ?? null,
    entries,
  };
  const unbalanced = checkStatementBalance(statement, path);
  if (unbalanced !== null) {
    issues.push(unbalanced);
    return null;
  }
  return statement;
};

const failure = (location: string, message: string): StatementParseResult => ({
  ok: false,
  issues: [{ location, message }],
});

/**
 * Reads a camt.053 statement or camt.054 notification (001.02 or 001.08). Every statement of a
 * camt.053 must add up (opening + booked credits − booked debits = closing) and every batch must
 * add up to its entry; on any problem nothing is returned but the list of issues.
 */
export const parseCamt = (content: string | Uint8Array): StatementParseResult => {
  const xml = decodeStatementText(content);
  if (xml.trim() === '') return failure('line 1', 'the file is empty');
  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true) {
    return failure(`line ${wellFormed.err.line}`, `the file is not well-formed XML: ${wellFormed.err.msg}`);
  }
  const declared = NAMESPACE.exec(xml);
  const format = detectCamtFormat(xml);
  if (format === null) {
    return failure(
      'Document',
      declared === null
        ? 'not a camt document: no urn:iso:std:iso:20022:tech:xsd:camt… namespace'
        : `${declared[1]}.001.${declared[2]} is not supported; expected camt.053 or camt.054 in version 001.02 or 001.08`,
    );
  }
  const kind: CamtKind = format.startsWith('camt.053') ? 'camt.053' : 'camt.054';
  const { root: rootName, item: itemName } = MESSAGE[kind];
  const document: unknown = parser.parse(xml);
  const root = at(document, ['Document', rootName]);
  if (!isNode(root)) return failure('Document', `the mandatory element Document/${rootName} is missing`);
  const items = children(root, itemName);
  if (items.length === 0)
    return failure(rootName, `the mandatory element ${rootName}/${itemName} is missing`);

  const issues: Issues = [];
  const groupCreatedAt = text(root, 'GrpHdr/CreDtTm');
  const statements = items
    .map((item, i) => readStatement(item, `${itemName}[${i}]`, format, kind, groupCreatedAt, issues))
    .filter((statement) => statement !== null);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, statements };
};
