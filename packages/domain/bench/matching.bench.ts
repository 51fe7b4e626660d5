/**
 * Matching benchmark: a tenant with 1,000,000 open items over 200,000 customers and a statement
 * of 100,000 lines (40 % structured reference, 30 % invoice numbers in the text, 20 % amount and
 * payer, 10 % noise), all generated from a seed, so every run sees the same data.
 *
 *   npx tsx packages/domain/bench/matching.bench.ts [--json] [--items N] [--lines N] [--seed N]
 *
 * Prints human lines, then (with --json) one JSON object as the last line.
 * Randomness and the clock are fine here: this file is a tool, not domain code.
 */
import {
  buildMatchIndex,
  matchPayment,
  type IncomingPayment,
  type MatchCandidate,
  type MatchRule,
  type OpenItem,
} from '../src/allocation/matching';

// --- arguments -------------------------------------------------------------------------------

const argument = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(`--${name}`);
  const value = at === -1 ? undefined : Number(process.argv[at + 1]);
  return value === undefined || !Number.isFinite(value) ? fallback : value;
};
const ITEMS = argument('items', 1_000_000);
const LINES = argument('lines', 100_000);
const CUSTOMERS = Math.max(1, Math.round(ITEMS / 5));
const SEED = argument('seed', 20240917);
const JSON_OUTPUT = process.argv.includes('--json');

// --- deterministic randomness ----------------------------------------------------------------

const mulberry32 = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};
const random = mulberry32(SEED);
const int = (low: number, high: number): number => low + Math.floor(random() * (high - low + 1));
const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
const chance = (p: number): boolean => random() < p;

// --- reference helpers (local: domain must not import formats) --------------------------------

const mod97 = (alphanumeric: string): number => {
  let r = 0;
  for (const c of alphanumeric) {
    const code = c.charCodeAt(0);
    r = code >= 65 && code <= 90 ? (r * 100 + code - 55) % 97 : (r * 10 + code - 48) % 97;
  }
  return r;
};
const rfReference = (base: string): string =>
  `RF${String(98 - mod97(`${base}RF00`)).padStart(2, '0')}${base}`;
const ogm = (base10: string): string => {
  const check = String(mod97(base10) || 97).padStart(2, '0');
  const d = base10 + check;
  return `+++${d.slice(0, 3)}/${d.slice(3, 7)}/${d.slice(7)}+++`;
};
const spacedRf = (rf: string): string => rf.replace(/(.{4})(?=.)/g, '$1 ');

// --- names -----------------------------------------------------------------------------------

type Country = 'FR' | 'BE' | 'DE' | 'UK';
const COUNTRIES: readonly Country[] = ['FR', 'FR', 'BE', 'DE', 'DE', 'UK'];

// prettier-ignore
const FIRST: Record<Country, readonly string[]> = {
  FR: ['Jean', 'Marie', 'Pierre', 'Élodie', 'François', 'Amélie', 'Hélène', 'Jérôme', 'Cécile', 'Benoît', 'Sébastien', 'Chloé'],
  BE: ['Luc', 'Annelies', 'Pieter', 'Sofie', 'Wouter', 'Inès', 'Maarten', 'Noël', 'Gaëlle', 'Koen'],
  DE: ['Jürgen', 'Anja', 'Björn', 'Jörg', 'Sören', 'Käthe', 'Uwe', 'Lena', 'Matthias', 'Günther'],
  UK: ['Oliver', 'Amelia', 'Harry', 'Isla', 'George', 'Ava', 'Jack', 'Emily', 'Charlie', 'Sophie'],
};
// prettier-ignore
const LAST: Record<Country, readonly string[]> = {
  FR: ['Dupont', 'Lefèvre', 'Moreau', 'Girard', 'Bonnet', 'Fabre', 'Mercier', 'Rousseau', 'Faure', 'Gauthier', 'Chevalier', 'Perrin', 'Lemaître', 'Bérenger', 'Boucher', 'Caron'],
  BE: ['Peeters', 'Janssens', 'Maes', 'Jacobs', 'Mertens', 'Willems', 'Claes', 'Goossens', 'Wouters', 'De Smet', 'Dubois', 'Lambert', 'Vermeulen', 'Desmet'],
  DE: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schäfer', 'Köhler', 'Hoffmann', 'Schröder', 'Krüger', 'Hüber'],
  UK: ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Robinson', 'Wright', 'Thompson', 'Evans', 'Walker', 'Hughes'],
};
// prettier-ignore
const TRADE: Record<Country, readonly string[]> = {
  FR: ['Boulangerie', 'Garage', 'Transports', 'Menuiserie', 'Plomberie', 'Pharmacie', 'Imprimerie', 'Électricité', 'Traiteur', 'Pâtisserie', 'Fromagerie', 'Quincaillerie'],
  BE: ['Bakkerij', 'Brasserie', 'Chocolaterie', 'Bouw', 'Garage', 'Schrijnwerkerij', 'Transport', 'Apotheek', 'Drukkerij', 'Friterie'],
  DE: ['Bäckerei', 'Autohaus', 'Spedition', 'Schreinerei', 'Elektro', 'Metzgerei', 'Druckerei', 'Gärtnerei', 'Sanitär', 'Getränke'],
  UK: ['Bakery', 'Motors', 'Haulage', 'Joinery', 'Plumbing', 'Pharmacy', 'Printing', 'Electrical', 'Catering', 'Builders'],
};
// prettier-ignore
const CITY: Record<Country, readonly string[]> = {
  FR: ['Lyon', 'Lille', 'Nantes', 'Rennes', 'Dijon', 'Reims', 'Angers', 'Nîmes', 'Brest', 'Metz', 'Tours', 'Amiens', 'Limoges', 'Besançon', 'Orléans', 'Rouen', 'Caen', 'Nancy', 'Pau', 'Troyes'],
  BE: ['Gent', 'Liège', 'Namur', 'Brugge', 'Leuven', 'Mons', 'Hasselt', 'Mechelen', 'Aalst', 'Kortrijk', 'Wavre', 'Arlon', 'Tournai', 'Ostende'],
  DE: ['Köln', 'Mainz', 'Bonn', 'Kassel', 'Ulm', 'Trier', 'Würzburg', 'Lübeck', 'Erfurt', 'Göttingen', 'Bremen', 'Passau', 'Jena', 'Fulda', 'Aachen', 'Zwickau'],
  UK: ['Leeds', 'York', 'Bristol', 'Bath', 'Derby', 'Exeter', 'Hull', 'Norwich', 'Oxford', 'Preston', 'Reading', 'Salford', 'Stoke', 'Wigan', 'Chester'],
};
// prettier-ignore
const LEGAL: Record<Country, readonly string[]> = {
  FR: ['SARL', 'SAS', 'S.A.R.L.', 'SA', 'EURL', 'SASU'],
  BE: ['SRL', 'BV', 'SPRL', 'NV', 'BVBA', 'SA'],
  DE: ['GmbH', 'GmbH & Co. KG', 'KG', 'AG', 'UG (haftungsbeschränkt)', 'OHG'],
  UK: ['Ltd', 'Limited', 'LLP', 'plc'],
};

const stripAccents = (s: string): string => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');

type Customer = {
  id: string;
  name: string;
  country: Country;
  core: string;
  items: number[];
  cases: string[];
};

// Surnames from syllables per country (a few thousand each), so homonyms happen, as in a real
// ledger, without every name being shared by dozens of customers.
// prettier-ignore
const SYLLABLES: Record<Country, readonly [readonly string[], readonly string[]]> = {
  FR: [['Bel', 'Cha', 'Du', 'Fon', 'Gar', 'La', 'Mar', 'Ro', 'Ber', 'Cor', 'Le', 'Mon', 'Pé', 'Val', 'Bou', 'Gi'], ['rand', 'lier', 'mont', 'tin', 'nier', 'card', 'let', 'vert', 'chon', 'gé', 'bert', 'ville', 'ret', 'seau']],
  BE: [['Van ', 'De ', 'Ver', 'Mer', 'Wil', 'Jan', 'Pee', 'Goos', 'Bo', 'Hen', 'Cla', 'Dew'], ['meulen', 'tens', 'lems', 'ssens', 'ters', 'sens', 'gaert', 'drickx', 'roeck', 'mans', 'aert', 'wilde']],
  DE: [['Schmi', 'Mül', 'Wag', 'Ko', 'Ber', 'Hof', 'Krü', 'Lan', 'Rich', 'Schrö', 'Wol', 'Zim', 'Brau', 'Hart', 'Sei'], ['ler', 'ner', 'mann', 'ger', 'der', 'berg', 'städt', 'feld', 'bauer', 'hauser', 'meier', 'linger', 'ß']],
  UK: [['Ash', 'Brad', 'Clif', 'Dun', 'Ever', 'Fair', 'Hol', 'Kings', 'Lang', 'Mor', 'Pen', 'Ther', 'Whit', 'Yar'], ['ford', 'ley', 'ton', 'wood', 'field', 'ham', 'by', 'more', 'worth', 'well', 'bridge', 'stone', 'croft']],
};
const surname = (country: Country): string => {
  if (chance(0.3)) return pick(LAST[country]);
  const [heads, tails] = SYLLABLES[country];
  return `${pick(heads)}${chance(0.3) ? pick(tails).toLowerCase() : ''}${pick(tails)}`;
};

// Company: "<Trade> <Surname> <City> <legal form>"; person: "<First> <Surname> [<City>]".
const customerName = (country: Country): { name: string; core: string } => {
  if (chance(0.35)) {
    const core = `${pick(FIRST[country])} ${surname(country)}${chance(0.6) ? ` ${pick(CITY[country])}` : ''}`;
    return { name: core, core };
  }
  const core = `${pick(TRADE[country])} ${surname(country)} ${pick(CITY[country])}`;
  return { name: `${core} ${pick(LEGAL[country])}`, core };
};

// How a bank writes the payer: upper case, accents dropped, legal form changed or gone.
const payerVariant = (customer: Customer): string => {
  const legal = chance(0.5) ? ` ${pick(LEGAL[customer.country])}` : '';
  const base = chance(0.3) ? customer.core : `${customer.core}${legal}`;
  const variant = chance(0.5) ? stripAccents(base).toUpperCase() : base;
  return chance(0.1) ? variant.replace('Müller', 'Mueller').replace('MULLER', 'MUELLER') : variant;
};

// --- data ------------------------------------------------------------------------------------

const DAY_MS = 86_400_000;
const START = Date.UTC(2023, 0, 1);
const DATES = Array.from({ length: 731 }, (_, d) => new Date(START + d * DAY_MS).toISOString().slice(0, 10));

const numberOf = (country: Country, seq: number): string => {
  switch (country) {
    case 'FR':
      return `FA-${2023 + (seq % 2)}-${String(seq).padStart(7, '0')}`;
    case 'BE':
      return `${2023 + (seq % 2)}/${String(seq).padStart(7, '0')}`;
    case 'DE':
      return `RE${String(seq).padStart(8, '0')}`;
    case 'UK':
      return `INV-${String(seq).padStart(7, '0')}`;
  }
};

const amountMinor = (): bigint => (chance(0.15) ? BigInt(int(1, 200) * 5000) : BigInt(int(1_000, 500_000)));

const generate = (): { customers: Customer[]; items: OpenItem[] } => {
  const customers: Customer[] = [];
  for (let c = 0; c < CUSTOMERS; c += 1) {
    const country = pick(COUNTRIES);
    const { name, core } = customerName(country);
    const id = `cus-${c}`;
    const caseCount = chance(0.25) ? 2 : 1;
    customers.push({
      id,
      name,
      country,
      core,
      items: [],
      cases: Array.from({ length: caseCount }, (_, k) => `case-${c}-${k}`),
    });
  }
  const items: OpenItem[] = [];
  for (let i = 0; i < ITEMS; i += 1) {
    // the first pass gives each customer one item; the rest go anywhere
    const customer = customers[i < CUSTOMERS ? i : int(0, CUSTOMERS - 1)] as Customer;
    const seq = 1_000_000 + i;
    const reference = chance(0.2)
      ? null
      : customer.country === 'BE'
        ? ogm(String(3_000_000_000 + i * 7))
        : rfReference(`${customer.country === 'DE' ? 'R' : ''}${seq}${int(10, 99)}`);
    customer.items.push(items.length);
    items.push({
      itemId: `itm-${i}`,
      caseId: pick(customer.cases),
      customerId: customer.id,
      customerName: customer.name,
      number: numberOf(customer.country, seq),
      structuredReference: reference,
      outstanding: { amountMinor: amountMinor(), currency: chance(0.02) ? 'GBP' : 'EUR' },
      dueDate: pick(DATES),
    });
  }
  return { customers, items };
};

type Line = {
  payment: IncomingPayment;
  kind: 'reference' | 'numbers' | 'payer' | 'noise';
  expected: readonly string[];
};

const noiseText = (): string[] =>
  pick([
    [],
    ['VIREMENT SEPA'],
    [`Zahlung vom ${pick(DATES).split('-').reverse().join('.')}`],
    ['IBAN BE71 0961 2345 6769'],
    [`REF ${int(100000, 999999)} PAYMENT`],
  ]);

const printedNumber = (item: OpenItem): string => {
  const n = item.number;
  return pick([
    n,
    `Facture n° ${n}`,
    `Rechnung Nr. ${n}`,
    `Rg.${n.replace(/-/g, '')}`,
    `Invoice ${n.toLowerCase()}`,
    n.replace(/-/g, ' '),
    `FACT ${n.replace(/^\D+-?/, '')}`,
  ]);
};

const makeLine = (customers: readonly Customer[], items: readonly OpenItem[]): Line => {
  const roll = random();
  const payment = (amount: bigint, currency: string, fields: Partial<IncomingPayment>): IncomingPayment => ({
    amount: { amountMinor: amount, currency },
    counterpartyName: null,
    counterpartyIban: chance(0.7) ? 'BE71096123456769' : null,
    structuredReferences: [],
    remittanceText: [],
    endToEndId: chance(0.5) ? 'NOTPROVIDED' : `E2E-${int(1, 1e9)}`,
    ...fields,
  });
  if (roll < 0.4) {
    let item = pick(items);
    while (item.structuredReference === null) item = pick(items);
    const ref = item.structuredReference;
    const o = item.outstanding.amountMinor;
    const amount = chance(0.85) ? o : chance(0.66) ? (o > 1n ? o / 2n : o) : o + 1000n;
    const written = ref.startsWith('RF') && chance(0.5) ? spacedRf(ref) : ref;
    const inText = chance(0.3);
    return {
      kind: 'reference',
      expected: [item.itemId],
      payment: payment(amount, item.outstanding.currency, {
        counterpartyName: item.customerName.toUpperCase(),
        structuredReferences: inText ? [] : [written],
        remittanceText: inText ? [`Communication ${written}`] : [],
      }),
    };
  }
  if (roll < 0.7) {
    const customer = pick(customers);
    const first = items[pick(customer.items)] as OpenItem;
    const sameCase = customer.items
      .map((i) => items[i] as OpenItem)
      .filter(
        (x) =>
          x.caseId === first.caseId &&
          x.itemId !== first.itemId &&
          x.outstanding.currency === first.outstanding.currency,
      );
    const chosen = sameCase.length > 0 && chance(0.25) ? [first, pick(sameCase)] : [first];
    const total = chosen.reduce((s, x) => s + x.outstanding.amountMinor, 0n);
    const text = chosen.length === 1 ? printedNumber(first) : chosen.map((x) => x.number).join(' + ');
    return {
      kind: 'numbers',
      expected: chosen.map((x) => x.itemId),
      payment: payment(chance(0.85) ? total : total / 3n + 1n, first.outstanding.currency, {
        counterpartyName: chance(0.5) ? payerVariant(customer) : null,
        remittanceText: chance(0.3) ? [text, ...noiseText()] : [text],
      }),
    };
  }
  if (roll < 0.9) {
    const customer = pick(customers);
    const own = customer.items.map((i) => items[i] as OpenItem);
    const first = pick(own);
    const partner = own.find(
      (x) =>
        x !== first && x.caseId === first.caseId && x.outstanding.currency === first.outstanding.currency,
    );
    const chosen = partner !== undefined && chance(0.3) ? [first, partner] : [first];
    return {
      kind: 'payer',
      expected: chosen.map((x) => x.itemId),
      payment: payment(
        chosen.reduce((s, x) => s + x.outstanding.amountMinor, 0n),
        first.outstanding.currency,
        {
          counterpartyName: payerVariant(customer),
          remittanceText: chance(0.5) ? noiseText() : ['PAIEMENT'],
        },
      ),
    };
  }
  return {
    kind: 'noise',
    expected: [],
    payment: payment(amountMinor() + 1n, 'EUR', {
      counterpartyName: pick([
        'ACME PAYROLL SERVICES',
        'Stadtwerke Köln',
        null,
        'HMRC REFUND',
        'Jean Inconnu',
      ]),
      remittanceText: noiseText(),
    }),
  };
};

// --- run -------------------------------------------------------------------------------------

const mb = (bytes: number): string => `${Math.round(bytes / 1024 / 1024)} MB`;
const ms = (from: number): number => Math.round(performance.now() - from);

const generationStart = performance.now();
const { customers, items } = generate();
const lines = Array.from({ length: LINES }, () => makeLine(customers, items));
console.log(
  `generated ${items.length} items over ${customers.length} customers and ${lines.length} lines in ${ms(generationStart)} ms (seed ${SEED})`,
);

const heapBeforeIndex = process.memoryUsage().heapUsed;
const indexStart = performance.now();
const index = buildMatchIndex(items);
const indexMs = ms(indexStart);
const heapAfterIndex = process.memoryUsage().heapUsed;
console.log(
  `index: ${index.itemCount} items, ${index.customerCount} customers in ${indexMs} ms; heap ${mb(heapAfterIndex)} (index about ${mb(heapAfterIndex - heapBeforeIndex)})`,
);

const matchStart = performance.now();
const results: MatchCandidate[][] = new Array(lines.length);
for (let l = 0; l < lines.length; l += 1) results[l] = matchPayment((lines[l] as Line).payment, index);
const matchMs = ms(matchStart);

let matched = 0;
const matchedByRule: Partial<Record<MatchRule, number>> = {};
const quality: Record<Line['kind'], { lines: number; top: number; right: number; wrongSure: number }> = {
  reference: { lines: 0, top: 0, right: 0, wrongSure: 0 },
  numbers: { lines: 0, top: 0, right: 0, wrongSure: 0 },
  payer: { lines: 0, top: 0, right: 0, wrongSure: 0 },
  noise: { lines: 0, top: 0, right: 0, wrongSure: 0 },
};
lines.forEach((line, l) => {
  const top = (results[l] as MatchCandidate[])[0];
  const q = quality[line.kind];
  q.lines += 1;
  if (top === undefined) return;
  matched += 1;
  q.top += 1;
  matchedByRule[top.rule] = (matchedByRule[top.rule] ?? 0) + 1;
  // right: allocates only to the items the line was made from (a short payment on two invoices
  // rightly goes to the oldest only)
  const right = line.expected.length > 0 && top.allocations.every((a) => line.expected.includes(a.itemId));
  if (right) q.right += 1;
  else if (top.confidence >= 90) q.wrongSure += 1;
});

const totalMs = indexMs + matchMs;
const linesPerSecond = Math.round((lines.length / Math.max(matchMs, 1)) * 1000);
console.log(
  `match: ${lines.length} lines in ${matchMs} ms (${linesPerSecond} lines/s); heap ${mb(process.memoryUsage().heapUsed)}`,
);
for (const [kind, q] of Object.entries(quality)) {
  console.log(
    `  ${kind.padEnd(9)} ${String(q.lines).padStart(6)} lines: candidate for ${q.top}, top candidate right for ${q.right}, wrong with confidence >= 90: ${q.wrongSure}`,
  );
}
console.log(`by rule of the top candidate: ${JSON.stringify(matchedByRule)}`);
const tops = results.map((r) => r[0]?.confidence ?? -1);
console.log(
  `top confidence: >= 90 for ${tops.filter((c) => c >= 90).length} lines, 60-89 for ${tops.filter((c) => c >= 60 && c < 90).length}, below 60 for ${tops.filter((c) => c >= 0 && c < 60).length}, none for ${tops.filter((c) => c < 0).length}`,
);
console.log(`total (index + match): ${totalMs} ms`);
if (JSON_OUTPUT) {
  console.log(
    JSON.stringify({
      items: items.length,
      lines: lines.length,
      indexMs,
      matchMs,
      totalMs,
      linesPerSecond,
      matched,
      matchedByRule,
    }),
  );
}
