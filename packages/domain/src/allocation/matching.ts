import { formatMoney, type Money } from '../money/money';
import {
  addHashed,
  firstEntry,
  hashAmount,
  hashBuckets,
  hashString,
  hashWords,
  nextEntry,
  type HashBuckets,
} from './hash-buckets';
import {
  nameSimilarity,
  normaliseItemNumber,
  normalisePartyName,
  normaliseReference,
  scanTokens,
  stripNumberPrefix,
  tokenise,
} from './match-text';

// The normalisers are part of the contract (a UI may show what was compared); the scanner is not.
export { nameSimilarity, normaliseItemNumber, normalisePartyName, normaliseReference } from './match-text';

/** An invoice (or other receivable) still open, as the matcher sees it. `outstanding` is > 0. */
export type OpenItem = {
  readonly itemId: string;
  readonly caseId: string;
  readonly customerId: string;
  readonly customerName: string;
  readonly number: string;
  readonly structuredReference: string | null;
  readonly outstanding: Money;
  /** YYYY-MM-DD */
  readonly dueDate: string;
};

/** A credit on the bank statement, as parsed from camt.053/054, MT940 or CSV. */
export type IncomingPayment = {
  readonly amount: Money;
  readonly counterpartyName: string | null;
  readonly counterpartyIban: string | null;
  readonly structuredReferences: readonly string[];
  readonly remittanceText: readonly string[];
  readonly endToEndId: string | null;
};

export type MatchRule =
  | 'structured-reference'
  | 'end-to-end-id'
  | 'invoice-number'
  | 'amount-and-payer'
  | 'combination'
  | 'partial-reference';

export type MatchAllocation = { itemId: string; amount: Money };

export type MatchCandidate = {
  rule: MatchRule;
  /** Integer 0..100, see `MATCH_CONFIDENCE`. */
  confidence: number;
  caseId: string;
  customerId: string;
  /** Oldest item first; their total never exceeds the payment nor any item's outstanding. */
  allocations: MatchAllocation[];
  /** For a person: why this candidate, e.g. "RF18539007547034 is the reference of invoice INV-24002". */
  explanation: string;
};

export type MatchOptions = {
  /** Most items one combination may hold (default 4). */
  maxCombinationItems?: number;
  /** How many of the customer's oldest items the combination search looks at (default 20). */
  maxCombinationCandidates?: number;
};

/**
 * The confidence of each rule. Where to allocate without a person is the caller's threshold
 * (`BankEntryMatched.threshold`); at 90 it takes references, end-to-end ids and invoice numbers
 * that add up, and leaves everything that rests on names and amounts to a person.
 *
 * | confidence | rule                  | evidence                                                        |
 * |-----------:|-----------------------|-----------------------------------------------------------------|
 * | 99 | structured-reference  | RF / OGM of the item; payment ≥ outstanding (excess stays unallocated) |
 * | 98 | end-to-end-id         | end-to-end id known to belong to the item                       |
 * | 95 | invoice-number        | invoice numbers in the text, outstanding total = payment        |
 * | 90 | partial-reference     | RF / OGM of the item; payment < outstanding                     |
 * | 85 | invoice-number        | one invoice number in the text; payment < its outstanding       |
 * | 80 | amount-and-payer      | payer resembles one customer; exactly one item of that amount   |
 * | 75 | combination           | payer resembles one customer; exactly one set of ≤ 4 items adds up |
 * | 70 | invoice-number        | invoice numbers in the text; amounts differ (oldest first)      |
 * | 70 | amount-and-payer      | 2–16 customers resemble the payer; one of them has one item of that amount |
 * | 65 | amount-and-payer      | payer resembles one customer; several items of that amount (oldest) |
 * | 55 | combination           | payer resembles one customer; several sets add up (oldest set)  |
 * | 40 | amount-and-payer      | no payer evidence; exactly one open item of that amount tenant-wide |
 */
export const MATCH_CONFIDENCE = {
  structuredReference: 99,
  endToEndId: 98,
  invoiceNumbersExact: 95,
  partialReference: 90,
  invoiceNumberPartial: 85,
  amountAndPayer: 80,
  combination: 75,
  invoiceNumbersApproximate: 70,
  amountAndPayerHomonyms: 70,
  amountAndPayerSeveralItems: 65,
  combinationAmbiguous: 55,
  amountOnly: 40,
} as const;

/** Payer names at least this similar (Dice on words) point to the same customer. */
export const NAME_SIMILARITY_THRESHOLD = 0.8;

// With more namesakes than this ("Jean Martin"), the name is no evidence at all.
const MAX_HOMONYMS = 16;

const DEFAULT_MAX_COMBINATION_ITEMS = 4;
const DEFAULT_MAX_COMBINATION_CANDIDATES = 20;
// Caps the subset search whatever the options say: with the defaults it visits at most ~6,200 sets.
const COMBINATION_VISIT_BUDGET = 100_000;
// The longest run of text tokens joined into one key ("RF18 5390 0754 7034 1234 5" is 6).
const MAX_TOKENS_PER_KEY = 8;
// Numbers shorter than this are too common in free text ("Nr 12") to be looked up bare.
const MIN_CORE_NUMBER_LENGTH = 4;
const SEPA_NO_END_TO_END_ID = 'NOTPROVIDED';

// --- index ------------------------------------------------------------------------------------

type Customer = {
  readonly customerId: string;
  readonly name: string;
  readonly words: readonly string[];
  /** Indices into `items`, oldest due date first. */
  readonly items: number[];
};

type IndexTables = {
  readonly items: readonly OpenItem[];
  /** Normalised structured reference → item. */
  readonly byReference: HashBuckets;
  /** Normalised invoice number → item. */
  readonly byNumber: HashBuckets;
  /**
   * The prefix words the tenant's numbers start with ("INV" of INV-24001, "FA" of FA-2024-17):
   * a bare "24001" in the text is looked up as each of them + "24001" — a handful of probes
   * per token instead of a second million-key table.
   */
  readonly numberPrefixes: readonly string[];
  /** Outstanding in minor units (any currency) → item. */
  readonly byAmount: HashBuckets;
  readonly byEndToEndId: ReadonlyMap<string, number>;
  readonly customers: readonly Customer[];
  /** Customer name words → customer. */
  readonly byName: HashBuckets;
  /** The same with one word left out, for names of 3+ words → customer. */
  readonly byNameMinusOne: HashBuckets;
  readonly maxKeyLength: number;
};

const TABLES = Symbol('MatchIndex');

/** The open items of a tenant, indexed for `matchPayment`. Build once per import, reuse per line. */
export type MatchIndex = {
  readonly itemCount: number;
  readonly customerCount: number;
  readonly [TABLES]: IndexTables;
};

// Oldest first, then input order. Most customers have a handful of items: an insertion sort is
// several times cheaper than Array.prototype.sort on 200,000 short lists.
const sortByDueDate = (list: number[], dueKeys: Float64Array): void => {
  const before = (a: number, b: number): boolean =>
    (dueKeys[a] as number) < (dueKeys[b] as number) || (dueKeys[a] === dueKeys[b] && a < b);
  if (list.length > 32) {
    list.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
    return;
  }
  for (let i = 1; i < list.length; i += 1) {
    const value = list[i] as number;
    let j = i - 1;
    while (j >= 0 && before(value, list[j] as number)) {
      list[j + 1] = list[j] as number;
      j -= 1;
    }
    list[j + 1] = value;
  }
};

// Orders like the YYYY-MM-DD string; anything else sorts first.
const dueKey = (date: string): number => {
  const key = Number(date.slice(0, 4)) * 10_000 + Number(date.slice(5, 7)) * 100 + Number(date.slice(8, 10));
  return Number.isFinite(key) ? key : 0;
};

/**
 * Indexes the open items by normalised structured reference, invoice number, amount, customer
 * name words and known end-to-end ids, so that `matchPayment` costs about O(remittance tokens +
 * candidates), not O(items). Items whose outstanding is not positive are left out.
 */
export const buildMatchIndex = (
  items: readonly OpenItem[],
  knownEndToEndIds: ReadonlyMap<string, string> = new Map(),
): MatchIndex => {
  const byReference = hashBuckets(items.length);
  const byNumber = hashBuckets(items.length);
  const byAmount = hashBuckets(items.length);
  const numberPrefixes = new Set<string>();
  const byEndToEndId = new Map<string, number>();
  const customers: Customer[] = [];
  const customerIndex = new Map<string, number>();
  let maxKeyLength = 0;

  const endToEndIdsOfItem = new Map<string, string[]>();
  for (const [endToEndId, itemId] of knownEndToEndIds) {
    const ids = endToEndIdsOfItem.get(itemId);
    if (ids === undefined) endToEndIdsOfItem.set(itemId, [endToEndId.trim()]);
    else ids.push(endToEndId.trim());
  }

  // YYYYMMDD as a number: sorting a customer's items then reads one typed array, not a million objects.
  const dueKeys = new Float64Array(items.length);
  let itemCount = 0;
  for (let i = 0; i < items.length; i += 1) {
    const item = items[i] as OpenItem;
    if (item.outstanding.amountMinor <= 0n) continue;
    itemCount += 1;
    dueKeys[i] = dueKey(item.dueDate);

    if (item.structuredReference !== null) {
      const reference = normaliseReference(item.structuredReference);
      if (reference.length > 0) {
        addHashed(byReference, hashString(reference), i);
        if (reference.length > maxKeyLength) maxKeyLength = reference.length;
      }
    }

    const number = normaliseItemNumber(item.number);
    if (number.length > 0) {
      addHashed(byNumber, hashString(number), i);
      if (number.length > maxKeyLength) maxKeyLength = number.length;
      const core = stripNumberPrefix(number);
      if (core !== number) numberPrefixes.add(number.slice(0, number.length - core.length));
    }

    addHashed(byAmount, hashAmount(item.outstanding.amountMinor), i);

    if (endToEndIdsOfItem.size > 0) {
      for (const endToEndId of endToEndIdsOfItem.get(item.itemId) ?? []) byEndToEndId.set(endToEndId, i);
    }

    let c = customerIndex.get(item.customerId);
    if (c === undefined) {
      c = customers.length;
      customerIndex.set(item.customerId, c);
      customers.push({
        customerId: item.customerId,
        name: item.customerName,
        words: normalisePartyName(item.customerName),
        items: [],
      });
    }
    (customers[c] as Customer).items.push(i);
  }

  const byName = hashBuckets(customers.length);
  const byNameMinusOne = hashBuckets(
    customers.reduce((n, customer) => n + (customer.words.length >= 3 ? customer.words.length : 0), 0),
  );
  customers.forEach((customer, c) => {
    sortByDueDate(customer.items, dueKeys);
    if (customer.words.length === 0) return;
    addHashed(byName, hashWords(customer.words), c);
    if (customer.words.length >= 3) {
      customer.words.forEach((_, w) => addHashed(byNameMinusOne, hashWords(customer.words, w), c));
    }
  });

  return {
    itemCount,
    customerCount: customers.length,
    [TABLES]: {
      items,
      byReference,
      byNumber,
      numberPrefixes: [...numberPrefixes].sort(),
      byAmount,
      byEndToEndId,
      customers,
      byName,
      byNameMinusOne,
      maxKeyLength,
    },
  };
};

// The items under `hash` for which `confirm` holds (a hash may collide), in input order; at
// most `limit` of them, the most recently indexed ones.
const itemsWhere = (
  buckets: HashBuckets,
  hash: number,
  confirm: (index: number) => boolean,
  limit = Number.POSITIVE_INFINITY,
): number[] => {
  const out: number[] = [];
  for (
    let entry = firstEntry(buckets, hash);
    entry !== -1 && out.length < limit;
    entry = nextEntry(buckets, entry)
  ) {
    const value = buckets.values[entry] as number;
    if (confirm(value)) out.push(value);
  }
  return out.reverse();
};

const itemsWithReference = (t: IndexTables, reference: string): number[] =>
  itemsWhere(t.byReference, hashString(reference), (i) => {
    const own = (t.items[i] as OpenItem).structuredReference;
    return own !== null && normaliseReference(own) === reference;
  });

const itemsWithNumber = (t: IndexTables, number: string): number[] =>
  itemsWhere(
    t.byNumber,
    hashString(number),
    (i) => normaliseItemNumber((t.items[i] as OpenItem).number) === number,
  );

const itemsOfAmountTenantWide = (
  t: IndexTables,
  amount: bigint,
  currency: string,
  limit?: number,
): number[] =>
  itemsWhere(
    t.byAmount,
    hashAmount(amount),
    (i) => {
      const outstanding = (t.items[i] as OpenItem).outstanding;
      return outstanding.amountMinor === amount && outstanding.currency === currency;
    },
    limit,
  );

// --- matching ---------------------------------------------------------------------------------

const RULE_RANK: Readonly<Record<MatchRule, number>> = {
  'structured-reference': 0,
  'end-to-end-id': 1,
  'partial-reference': 2,
  'invoice-number': 3,
  'amount-and-payer': 4,
  combination: 5,
};

type Context = {
  readonly t: IndexTables;
  readonly payment: IncomingPayment;
  readonly amount: bigint;
  readonly currency: string;
};

const show = (minor: bigint, currency: string): string =>
  `${formatMoney({ amountMinor: minor, currency })} ${currency}`;

const itemAt = (ctx: Context, index: number): OpenItem => ctx.t.items[index] as OpenItem;

const describeItem = (item: OpenItem): string => `invoice ${item.number}`;

const listItems = (items: readonly OpenItem[]): string => {
  const names = items.map((item) => item.number);
  if (names.length <= 1) return `invoice ${names.join('')}`;
  return `invoices ${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
};

const sumOutstanding = (items: readonly OpenItem[]): bigint =>
  items.reduce((total, item) => total + item.outstanding.amountMinor, 0n);

/** In the given order (callers sort oldest first), each item up to its outstanding, until `amount` is used up. */
const allocateOldestFirst = (
  items: readonly OpenItem[],
  amount: bigint,
  currency: string,
): MatchAllocation[] => {
  const allocations: MatchAllocation[] = [];
  let left = amount;
  for (const item of items) {
    if (left <= 0n) break;
    const part = item.outstanding.amountMinor < left ? item.outstanding.amountMinor : left;
    allocations.push({ itemId: item.itemId, amount: { amountMinor: part, currency } });
    left -= part;
  }
  return allocations;
};

const compareText = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);

const byDueDate = (a: OpenItem, b: OpenItem): number =>
  compareText(a.dueDate, b.dueDate) || compareText(a.itemId, b.itemId);

// "; the payment of 1500.00 EUR exceeds it, 300.00 EUR stays unallocated" — the excess is never guessed.
const excessNote = (ctx: Context, allocated: bigint): string =>
  ctx.amount > allocated
    ? `; the payment of ${show(ctx.amount, ctx.currency)} exceeds it, ${show(ctx.amount - allocated, ctx.currency)} stays unallocated`
    : '';

const candidate = (
  rule: MatchRule,
  confidence: number,
  items: readonly OpenItem[],
  allocations: MatchAllocation[],
  explanation: string,
): MatchCandidate => {
  const first = items[0] as OpenItem;
  return { rule, confidence, caseId: first.caseId, customerId: first.customerId, allocations, explanation };
};

/** One item settled (or partly settled) on a reference or an end-to-end id. */
const singleItemCandidate = (
  ctx: Context,
  item: OpenItem,
  rule: 'structured-reference' | 'end-to-end-id',
  because: string,
): MatchCandidate => {
  const outstanding = item.outstanding.amountMinor;
  const allocated = ctx.amount < outstanding ? ctx.amount : outstanding;
  const allocations = [{ itemId: item.itemId, amount: { amountMinor: allocated, currency: ctx.currency } }];
  if (ctx.amount < outstanding) {
    const partly = `; the payment of ${show(ctx.amount, ctx.currency)} covers part of the ${show(outstanding, ctx.currency)} outstanding`;
    return rule === 'structured-reference'
      ? candidate(
          'partial-reference',
          MATCH_CONFIDENCE.partialReference,
          [item],
          allocations,
          because + partly,
        )
      : candidate(rule, MATCH_CONFIDENCE.endToEndId, [item], allocations, because + partly);
  }
  const confidence =
    rule === 'structured-reference' ? MATCH_CONFIDENCE.structuredReference : MATCH_CONFIDENCE.endToEndId;
  return candidate(rule, confidence, [item], allocations, because + excessNote(ctx, allocated));
};

type TextLookup = { readonly kind: 'reference' | 'number'; readonly items: number[] };

// A run of remittance tokens is a reference first, then an invoice number as written, then the
// same number under another prefix word ("Rechnung 24001", "Rg.24001" or "24001" for INV-24001).
const lookupTextKey = (t: IndexTables, key: string): TextLookup | undefined => {
  const referenced = itemsWithReference(t, key);
  if (referenced.length > 0) return { kind: 'reference', items: referenced };
  const numbered = itemsWithNumber(t, key);
  if (numbered.length > 0) return { kind: 'number', items: numbered };
  const core = stripNumberPrefix(key);
  if (core.length < MIN_CORE_NUMBER_LENGTH) return undefined;
  const items: number[] = core === key ? [] : itemsWithNumber(t, core);
  for (const prefix of t.numberPrefixes) {
    const withPrefix = prefix + core;
    if (withPrefix !== key) items.push(...itemsWithNumber(t, withPrefix));
  }
  return items.length === 0 ? undefined : { kind: 'number', items };
};

const referenceCandidates = (
  ctx: Context,
  fromFields: ReadonlySet<number>,
  fromText: ReadonlySet<number>,
): MatchCandidate[] => {
  const indices = [...new Set([...fromFields, ...fromText])];
  const found = indices.map((i) => itemAt(ctx, i));
  const candidates = indices.map((i) => {
    const item = itemAt(ctx, i);
    const where = fromFields.has(i) ? '' : ' (found in the remittance text)';
    return singleItemCandidate(
      ctx,
      item,
      'structured-reference',
      `${item.structuredReference ?? ''} is the reference of ${describeItem(item)}${where}`,
    );
  });
  // Several references of one case paid together in one transfer.
  for (const group of groupByCase(found)) {
    if (group.length > 1 && sumOutstanding(group) === ctx.amount) {
      candidates.push(
        candidate(
          'structured-reference',
          MATCH_CONFIDENCE.structuredReference,
          group,
          allocateOldestFirst(group, ctx.amount, ctx.currency),
          `${group.map((item) => item.structuredReference ?? '').join(', ')} are the references of ${listItems(group)}, whose outstanding adds up to the payment of ${show(ctx.amount, ctx.currency)}`,
        ),
      );
    }
  }
  return candidates;
};

/** Items grouped by case, in order of first appearance, each group oldest first. */
const groupByCase = (items: readonly OpenItem[]): OpenItem[][] => {
  const groups = new Map<string, OpenItem[]>();
  for (const item of items) {
    const group = groups.get(item.caseId);
    if (group === undefined) groups.set(item.caseId, [item]);
    else group.push(item);
  }
  return [...groups.values()].map((group) => group.sort(byDueDate));
};

const invoiceNumberCandidates = (ctx: Context, found: readonly OpenItem[]): MatchCandidate[] => {
  const groups = groupByCase(found);
  return groups.map((group) => {
    const total = sumOutstanding(group);
    const named = `the remittance names ${listItems(group)}`;
    const elsewhere =
      groups.length > 1
        ? `; it also names ${listItems(groups.filter((g) => g !== group).flat())} of another case, the payment may need splitting`
        : '';
    if (total === ctx.amount) {
      return candidate(
        'invoice-number',
        MATCH_CONFIDENCE.invoiceNumbersExact,
        group,
        allocateOldestFirst(group, ctx.amount, ctx.currency),
        `${named}, whose outstanding ${show(total, ctx.currency)} equals the payment${elsewhere}`,
      );
    }
    const only = group[0] as OpenItem;
    if (group.length === 1 && ctx.amount < total) {
      return candidate(
        'invoice-number',
        MATCH_CONFIDENCE.invoiceNumberPartial,
        group,
        allocateOldestFirst(group, ctx.amount, ctx.currency),
        `${named}; the payment of ${show(ctx.amount, ctx.currency)} covers part of its ${show(only.outstanding.amountMinor, ctx.currency)} outstanding${elsewhere}`,
      );
    }
    const allocations = allocateOldestFirst(group, ctx.amount, ctx.currency);
    const allocated = allocations.reduce((s, a) => s + a.amount.amountMinor, 0n);
    return candidate(
      'invoice-number',
      MATCH_CONFIDENCE.invoiceNumbersApproximate,
      group,
      allocations,
      `${named}, but their outstanding ${show(total, ctx.currency)} differs from the payment of ${show(ctx.amount, ctx.currency)}; allocated oldest first` +
        (ctx.amount > allocated ? `, ${show(ctx.amount - allocated, ctx.currency)} stays unallocated` : '') +
        elsewhere,
    );
  });
};

type Resemblance = { readonly customer: Customer; readonly similarity: number };

/**
 * Customers whose name is at least NAME_SIMILARITY_THRESHOLD similar to the payer's, found
 * through name keys rather than by scanning: with words A, a customer B has Dice ≥ 0.8 when
 * B = A, B = A plus one word (|A| ≥ 2), B = A minus one word (|A| ≥ 3) or one word replaced
 * (|A| ≥ 5). Those are exactly the neighbours looked up; two words added or removed (Dice ≥ 0.8
 * only from 4 + 6 words on) are not found. Stops after MAX_HOMONYMS + 1.
 */
const resemblingCustomers = (t: IndexTables, payer: readonly string[]): Resemblance[] => {
  if (payer.length === 0) return [];
  const seen = new Set<number>();
  const out: Resemblance[] = [];
  const visit = (buckets: HashBuckets, hash: number): void => {
    for (
      let entry = firstEntry(buckets, hash);
      entry !== -1 && out.length <= MAX_HOMONYMS;
      entry = nextEntry(buckets, entry)
    ) {
      const c = buckets.values[entry] as number;
      if (seen.has(c)) continue;
      seen.add(c);
      const customer = t.customers[c] as Customer;
      const similarity = nameSimilarity(payer, customer.words);
      if (similarity >= NAME_SIMILARITY_THRESHOLD) out.push({ customer, similarity });
    }
  };
  visit(t.byName, hashWords(payer));
  if (payer.length >= 2) visit(t.byNameMinusOne, hashWords(payer));
  if (payer.length >= 3) {
    payer.forEach((_, w) => {
      visit(t.byName, hashWords(payer, w));
      if (payer.length >= 5) visit(t.byNameMinusOne, hashWords(payer, w));
    });
  }
  return out;
};

// Items of the customer with exactly the payment's amount, oldest first. Walks whichever of the
// customer's items or the tenant's items of that amount is the shorter list.
const itemsOfAmount = (ctx: Context, customer: Customer): OpenItem[] => {
  const matches = (item: OpenItem): boolean =>
    item.outstanding.currency === ctx.currency && item.outstanding.amountMinor === ctx.amount;
  if (customer.items.length <= 64) {
    return customer.items.map((i) => itemAt(ctx, i)).filter(matches);
  }
  return itemsOfAmountTenantWide(ctx.t, ctx.amount, ctx.currency)
    .map((i) => itemAt(ctx, i))
    .filter((item) => item.customerId === customer.customerId)
    .sort(byDueDate);
};

type Combination = { readonly items: OpenItem[]; readonly fits: number };

/**
 * Bounded subset-sum: among the customer's `maxCandidates` oldest items smaller than the
 * payment (same currency), the sets of 2..maxItems items of one case that add up exactly,
 * smallest sets first, older items first. Stops at the second fit (enough to call it ambiguous)
 * or after COMBINATION_VISIT_BUDGET sets.
 */
const findCombination = (
  ctx: Context,
  customer: Customer,
  maxItems: number,
  maxCandidates: number,
): Combination | undefined => {
  const pool: OpenItem[] = [];
  for (const i of customer.items) {
    if (pool.length >= maxCandidates) break;
    const item = itemAt(ctx, i);
    if (item.outstanding.currency === ctx.currency && item.outstanding.amountMinor < ctx.amount)
      pool.push(item);
  }
  let first: OpenItem[] | undefined;
  let fits = 0;
  let visits = 0;
  const chosen: OpenItem[] = [];
  const search = (start: number, size: number, total: bigint): void => {
    if (chosen.length === size) {
      if (total === ctx.amount) {
        fits += 1;
        first ??= [...chosen];
      }
      return;
    }
    for (let i = start; i < pool.length && fits < 2 && visits < COMBINATION_VISIT_BUDGET; i += 1) {
      const item = pool[i] as OpenItem;
      const next = total + item.outstanding.amountMinor;
      if (next > ctx.amount) continue;
      if (chosen.length > 0 && item.caseId !== (chosen[0] as OpenItem).caseId) continue;
      visits += 1;
      chosen.push(item);
      search(i + 1, size, next);
      chosen.pop();
    }
  };
  for (let size = 2; size <= maxItems && fits < 2; size += 1) search(0, size, 0n);
  return first === undefined ? undefined : { items: first, fits };
};

const payerCandidates = (
  ctx: Context,
  resemblance: Resemblance,
  options: Required<MatchOptions>,
): MatchCandidate[] => {
  const { customer, similarity } = resemblance;
  const payer = `payer "${ctx.payment.counterpartyName ?? ''}" resembles customer "${customer.name}" (similarity ${similarity.toFixed(2)})`;
  const out: MatchCandidate[] = [];
  const exact = itemsOfAmount(ctx, customer);
  const oldest = exact[0];
  if (oldest !== undefined) {
    const several = exact.length > 1;
    out.push(
      candidate(
        'amount-and-payer',
        several ? MATCH_CONFIDENCE.amountAndPayerSeveralItems : MATCH_CONFIDENCE.amountAndPayer,
        [oldest],
        allocateOldestFirst([oldest], ctx.amount, ctx.currency),
        several
          ? `${payer}, who has ${exact.length} open items of ${show(ctx.amount, ctx.currency)}; the oldest is ${describeItem(oldest)}`
          : `${payer}, and ${describeItem(oldest)} is their only open item of ${show(ctx.amount, ctx.currency)}`,
      ),
    );
  }
  const combination = findCombination(
    ctx,
    customer,
    options.maxCombinationItems,
    options.maxCombinationCandidates,
  );
  if (combination !== undefined) {
    const ambiguous = combination.fits > 1;
    out.push(
      candidate(
        'combination',
        ambiguous ? MATCH_CONFIDENCE.combinationAmbiguous : MATCH_CONFIDENCE.combination,
        combination.items,
        allocateOldestFirst(combination.items, ctx.amount, ctx.currency),
        `${payer}; ${listItems(combination.items)} add up to exactly ${show(ctx.amount, ctx.currency)}` +
          (ambiguous ? ' (other combinations of their items fit too; this one takes the oldest)' : ''),
      ),
    );
  }
  return out;
};

// Namesakes ("Jean Dupont" twice, or "Pierre Mercier" and "Pierre Mercier Tours"): the amount
// tells them apart when exactly one of them has an item of exactly that amount.
const homonymCandidate = (ctx: Context, resembling: readonly Resemblance[]): MatchCandidate | undefined => {
  const found = resembling.flatMap(({ customer }) => itemsOfAmount(ctx, customer).slice(0, 2));
  const item = found[0];
  if (found.length !== 1 || item === undefined) return undefined;
  return candidate(
    'amount-and-payer',
    MATCH_CONFIDENCE.amountAndPayerHomonyms,
    [item],
    allocateOldestFirst([item], ctx.amount, ctx.currency),
    `payer "${ctx.payment.counterpartyName ?? ''}" resembles ${resembling.length} customers; only "${item.customerName}" has an open item of ${show(ctx.amount, ctx.currency)}, ${describeItem(item)}`,
  );
};

// Tenant-wide, the amount alone: a suggestion when nothing else speaks.
const amountOnlyCandidate = (ctx: Context): MatchCandidate | undefined => {
  const found = itemsOfAmountTenantWide(ctx.t, ctx.amount, ctx.currency, 2);
  if (found.length !== 1) return undefined;
  const item = itemAt(ctx, found[0] as number);
  return candidate(
    'amount-and-payer',
    MATCH_CONFIDENCE.amountOnly,
    [item],
    allocateOldestFirst([item], ctx.amount, ctx.currency),
    `${show(ctx.amount, ctx.currency)} is the outstanding of exactly one open item, ${describeItem(item)} of ${item.customerName}; the payer's name gives no evidence, so this is only a suggestion`,
  );
};

const candidateKey = (c: MatchCandidate): string =>
  `${c.caseId}|${c.allocations
    .map((a) => `${a.itemId}:${a.amount.amountMinor}`)
    .sort()
    .join(',')}`;

const allocatedMinor = (c: MatchCandidate): bigint =>
  c.allocations.reduce((total, a) => total + a.amount.amountMinor, 0n);

// Confidence first; at equal confidence, the candidate that explains more of the payment.
const compareCandidates = (a: MatchCandidate, b: MatchCandidate): number => {
  if (a.confidence !== b.confidence) return b.confidence - a.confidence;
  const more = allocatedMinor(b) - allocatedMinor(a);
  if (more !== 0n) return more > 0n ? 1 : -1;
  if (a.rule !== b.rule) return RULE_RANK[a.rule] - RULE_RANK[b.rule];
  return compareText(candidateKey(a), candidateKey(b));
};

const sanitiseOption = (value: number | undefined, fallback: number): number =>
  value === undefined || !Number.isFinite(value) ? fallback : Math.max(0, Math.floor(value));

/**
 * The ways `payment` may settle open items, best first (by confidence, then by how much of the
 * payment they explain), one per distinct allocation, each
 * with its rule, confidence (see `MATCH_CONFIDENCE`) and a sentence saying why. Only items in
 * the payment's currency are considered; a payment that is not positive matches nothing. An
 * allocation never exceeds the payment nor the item's outstanding; what is left stays
 * unallocated, and the explanation says so.
 */
export const matchPayment = (
  payment: IncomingPayment,
  index: MatchIndex,
  options: MatchOptions = {},
): MatchCandidate[] => {
  const t = index[TABLES];
  if (payment.amount.amountMinor <= 0n) return [];
  const ctx: Context = { t, payment, amount: payment.amount.amountMinor, currency: payment.amount.currency };
  const inCurrency = (i: number): boolean => itemAt(ctx, i).outstanding.currency === ctx.currency;
  const settings: Required<MatchOptions> = {
    maxCombinationItems: sanitiseOption(options.maxCombinationItems, DEFAULT_MAX_COMBINATION_ITEMS),
    maxCombinationCandidates: sanitiseOption(
      options.maxCombinationCandidates,
      DEFAULT_MAX_COMBINATION_CANDIDATES,
    ),
  };
  const candidates: MatchCandidate[] = [];

  // References given as such, then references and invoice numbers in the free text.
  const referencedInFields = new Set<number>();
  for (const reference of payment.structuredReferences) {
    for (const i of itemsWithReference(t, normaliseReference(reference))) {
      if (inCurrency(i)) referencedInFields.add(i);
    }
  }
  const referencedInText = new Set<number>();
  const numbered = new Set<number>();
  if (payment.remittanceText.length > 0 && t.maxKeyLength > 0) {
    const hits = scanTokens(tokenise(payment.remittanceText), t.maxKeyLength, MAX_TOKENS_PER_KEY, (key) =>
      lookupTextKey(t, key),
    );
    for (const { value } of hits) {
      for (const i of value.items) {
        if (!inCurrency(i)) continue;
        if (value.kind === 'reference') referencedInText.add(i);
        else numbered.add(i);
      }
    }
  }
  candidates.push(...referenceCandidates(ctx, referencedInFields, referencedInText));

  const endToEndId = payment.endToEndId?.trim();
  if (endToEndId !== undefined && endToEndId !== '' && endToEndId !== SEPA_NO_END_TO_END_ID) {
    const i = t.byEndToEndId.get(endToEndId);
    if (i !== undefined && inCurrency(i)) {
      const item = itemAt(ctx, i);
      candidates.push(
        singleItemCandidate(
          ctx,
          item,
          'end-to-end-id',
          `end-to-end id ${endToEndId} belongs to ${describeItem(item)}`,
        ),
      );
    }
  }

  if (numbered.size > 0) {
    candidates.push(
      ...invoiceNumberCandidates(
        ctx,
        [...numbered].map((i) => itemAt(ctx, i)),
      ),
    );
  }

  const payer = payment.counterpartyName === null ? [] : normalisePartyName(payment.counterpartyName);
  const resembling = resemblingCustomers(t, payer);
  const only = resembling[0];
  if (resembling.length === 1 && only !== undefined) candidates.push(...payerCandidates(ctx, only, settings));
  if (resembling.length > 1 && resembling.length <= MAX_HOMONYMS) {
    const namesake = homonymCandidate(ctx, resembling);
    if (namesake !== undefined) candidates.push(namesake);
  }
  if (resembling.length === 0) {
    const suggestion = amountOnlyCandidate(ctx);
    if (suggestion !== undefined) candidates.push(suggestion);
  }

  candidates.sort(compareCandidates);
  const seen = new Set<string>();
  return candidates.filter((c) => {
    const key = candidateKey(c);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};
