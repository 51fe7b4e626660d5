import {
  addDays,
  formatDate,
  money,
  moneyToDto,
  parseDate,
  type CaseCommand,
  type Phase,
} from '@quittance/domain';
import { createOgm, createRfReference, type InvoiceRow } from '@quittance/formats';
import { withTenant } from '../db/tenancy';
import type { CommandContext } from '../application/context';
import { ensureCompany, newId, runCaseCommands } from '../application/cases.commands';
import { importInvoiceRows } from '../application/import-invoices';
import { validateLedger } from '../ledger/ledger-validation';
import { createUser, findUser } from '../auth/accounts';

/** A small deterministic generator (mulberry32): the same demo data on every machine. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

type Country = {
  code: string;
  language: string;
  currency: string;
  company: string;
  names: string[];
  suffixes: string[];
  people: string[];
  phone: string;
};

const COUNTRIES: Country[] = [
  {
    code: 'FR',
    language: 'fr',
    currency: 'EUR',
    company: 'QFR',
    phone: '+33 1 ',
    names: [
      'Boulangerie',
      'Transports',
      'Menuiserie',
      'Garage',
      'Imprimerie',
      'Cabinet',
      'Atelier',
      'Pharmacie',
      'Vignobles',
      'Maison',
    ],
    suffixes: [
      'Dupont',
      'Lefèvre',
      'Moreau',
      'Girard',
      'Bonnet',
      'Rousseau',
      'Fontaine',
      'Chevalier',
      'Mercier',
      'Blanc',
    ],
    people: ['Camille Martin', 'Lucas Bernard', 'Chloé Petit', 'Hugo Durand', 'Léa Robert', 'Louis Richard'],
  },
  {
    code: 'DE',
    language: 'de',
    currency: 'EUR',
    company: 'QDE',
    phone: '+49 30 ',
    names: [
      'Bäckerei',
      'Spedition',
      'Tischlerei',
      'Autohaus',
      'Druckerei',
      'Kanzlei',
      'Elektro',
      'Apotheke',
      'Weingut',
      'Bau',
    ],
    suffixes: [
      'Müller',
      'Schmidt',
      'Schneider',
      'Fischer',
      'Weber',
      'Meyer',
      'Wagner',
      'Becker',
      'Hoffmann',
      'Schäfer',
    ],
    people: ['Lena Schulz', 'Jonas Koch', 'Mia Richter', 'Felix Klein', 'Emma Wolf', 'Paul Neumann'],
  },
  {
    code: 'BE',
    language: 'fr',
    currency: 'EUR',
    company: 'QFR',
    phone: '+32 2 ',
    names: [
      'Brasserie',
      'Chocolaterie',
      'Transport',
      'Librairie',
      'Fromagerie',
      'Bureau',
      'Garage',
      'Boucherie',
    ],
    suffixes: [
      'Janssens',
      'Peeters',
      'Maes',
      'Jacobs',
      'Mertens',
      'Willems',
      'Claes',
      'Goossens',
      'Wouters',
      'Dubois',
    ],
    people: ['Louise Dubois', 'Arthur Lambert', 'Elise Dupuis', 'Noah Leroy', 'Olivia Lejeune'],
  },
  {
    code: 'GB',
    language: 'en',
    currency: 'GBP',
    company: 'QUK',
    phone: '+44 20 ',
    names: [
      'Bakery',
      'Haulage',
      'Joinery',
      'Motors',
      'Print',
      'Consulting',
      'Electrical',
      'Pharmacy',
      'Builders',
      'Trading',
    ],
    suffixes: [
      'Smith',
      'Jones',
      'Taylor',
      'Brown',
      'Williams',
      'Wilson',
      'Evans',
      'Thomas',
      'Roberts',
      'Walker',
    ],
    people: ['Oliver Smith', 'Amelia Jones', 'Harry Taylor', 'Isla Brown', 'George Davies', 'Ava Wilson'],
  },
  {
    code: 'ES',
    language: 'es',
    currency: 'EUR',
    company: 'QFR',
    phone: '+34 91 ',
    names: [
      'Panadería',
      'Transportes',
      'Carpintería',
      'Talleres',
      'Imprenta',
      'Asesoría',
      'Farmacia',
      'Bodegas',
      'Construcciones',
    ],
    suffixes: [
      'García',
      'Fernández',
      'González',
      'Rodríguez',
      'López',
      'Martínez',
      'Sánchez',
      'Pérez',
      'Gómez',
      'Martín',
    ],
    people: [
      'Lucía García',
      'Hugo Fernández',
      'Martina López',
      'Pablo Martínez',
      'Sofía Sánchez',
      'Daniel Pérez',
    ],
  },
];

const COMPANIES = [
  {
    code: 'QFR',
    name: 'Quittance Distribution France SAS',
    bookCurrency: 'EUR',
    scheme: 'fr-pcg',
    siren: '552100554',
    profile: {
      addressLines: ['12 rue de la Paix', '75002 Paris', 'France'],
      city: 'Paris',
      email: 'recouvrement@quittance-distribution.example',
      phone: '+33 1 84 88 00 00',
      iban: 'FR7630006000011234567890189',
      bic: 'AGRIFRPP',
      registration: 'SIREN 552 100 554 — RCS Paris',
      vatNumber: 'FR40552100554',
      senderName: 'Quittance Distribution — Service recouvrement',
      senderEmail: 'recouvrement@quittance-distribution.example',
      collectorName: 'Service recouvrement',
    },
  },
  {
    code: 'QDE',
    name: 'Quittance Handel GmbH',
    bookCurrency: 'EUR',
    scheme: 'generic-en',
    siren: null,
    profile: {
      addressLines: ['Friedrichstraße 68', '10117 Berlin', 'Deutschland'],
      city: 'Berlin',
      email: 'forderungen@quittance-handel.example',
      phone: '+49 30 2000 0000',
      iban: 'DE89370400440532013000',
      bic: 'COBADEFFXXX',
      registration: 'HRB 123456 B, Amtsgericht Charlottenburg',
      vatNumber: 'DE123456789',
      senderName: 'Quittance Handel — Forderungsmanagement',
      senderEmail: 'forderungen@quittance-handel.example',
      collectorName: 'Forderungsmanagement',
    },
  },
  {
    code: 'QUK',
    name: 'Quittance Trading Ltd',
    bookCurrency: 'GBP',
    scheme: 'generic-en',
    siren: null,
    profile: {
      addressLines: ['1 Poultry', 'London EC2R 8EJ', 'United Kingdom'],
      city: 'London',
      email: 'credit.control@quittance-trading.example',
      phone: '+44 20 7946 0000',
      iban: 'GB29NWBK60161331926819',
      bic: 'NWBKGB2L',
      registration: 'Registered in England and Wales No. 01234567',
      vatNumber: 'GB123456789',
      senderName: 'Quittance Trading — Credit Control',
      senderEmail: 'credit.control@quittance-trading.example',
      collectorName: 'Credit Control',
    },
  },
];
const LEGAL_FORMS: Record<string, string[]> = {
  FR: ['SARL', 'SAS', 'EURL'],
  DE: ['GmbH', 'KG', 'e.K.'],
  BE: ['SRL', 'SA', 'BV'],
  GB: ['Ltd', 'LLP', 'plc'],
  ES: ['S.L.', 'S.A.'],
};
const MANAGERS = ['alice', 'jonas', 'sofia', 'tom'];

/** The demo's one password, printed at start and in the README; never for a real installation. */
export const DEMO_PASSWORD = 'quittance-demo';

/** The demo's people: an administrator, a supervisor and her team of collectors, an accountant. */
export const DEMO_USERS = [
  { username: 'admin', displayName: 'Ada Admin', roles: ['administrator'], supervisor: null },
  { username: 'claire', displayName: 'Claire Dubois', roles: ['supervisor'], supervisor: null },
  { username: 'alice', displayName: 'Alice Martin', roles: ['collector'], supervisor: 'claire' },
  { username: 'jonas', displayName: 'Jonas Weber', roles: ['collector'], supervisor: 'claire' },
  { username: 'sofia', displayName: 'Sofia García', roles: ['collector'], supervisor: 'claire' },
  { username: 'tom', displayName: 'Tom Hughes', roles: ['collector'], supervisor: 'claire' },
  { username: 'paula', displayName: 'Paula Schmidt', roles: ['accountant'], supervisor: null },
] as const;

const TASK_KINDS = [
  { taskType: 'call', title: 'Call the debtor about the overdue invoices' },
  { taskType: 'check', title: 'Check the disputed delivery with sales' },
  { taskType: 'letter', title: 'Send the signed acknowledgement of debt' },
] as const;

export type DemoSummary = { customers: number; cases: number; items: number; validated: number };

/**
 * Seeds a realistic demo tenant through the same import path as a real file: about 200
 * customers in FR/DE/BE/UK/ES, 1,000 invoices due around `today`, a few credit notes; then
 * managers, phases and notes on some cases, each as events like a user's.
 */
/** The demo's accounts, created once (also into a demo database seeded before accounts existed). */
export const ensureDemoUsers = (ctx: CommandContext): Promise<void> =>
  withTenant(ctx.db, ctx.tenant.id, async (tx) => {
    for (const user of DEMO_USERS) {
      if (await findUser(tx, user.username)) continue;
      await createUser(tx, ctx.tenant.id, {
        username: user.username,
        displayName: user.displayName,
        email: `${user.username}@demo.quittance.invalid`,
        password: DEMO_PASSWORD,
        roles: [...user.roles],
        supervisor: user.supervisor,
      });
    }
  });

export const seedDemo = async (ctx: CommandContext): Promise<DemoSummary> => {
  const rnd = random(20260422);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const today = parseDate(ctx.today);

  await ensureDemoUsers(ctx);
  await withTenant(ctx.db, ctx.tenant.id, async (tx) => {
    for (const company of COMPANIES) {
      await ensureCompany(tx, ctx, company.code, company.name);
      await tx
        .updateTable('companies')
        .set({
          book_currency: company.bookCurrency,
          posting_scheme: company.scheme,
          siren: company.siren,
          profile: JSON.stringify(company.profile),
        })
        .where('code', '=', company.code)
        .execute();
    }
  });

  const rows: InvoiceRow[] = [];
  const weights = [70, 40, 30, 30, 30];
  let line = 1;
  let invoiceSeq = 10_000;
  for (let c = 0; c < 200; c++) {
    let r = rnd() * weights.reduce((a, b) => a + b, 0);
    const country = COUNTRIES[weights.findIndex((w) => (r -= w) < 0)] ?? COUNTRIES[0]!;
    const consumer = rnd() < 0.15;
    const name = consumer
      ? pick(country.people)
      : `${pick(country.names)} ${pick(country.suffixes)} ${pick(LEGAL_FORMS[country.code]!)}`;
    const customerRef = `C${String(c + 1).padStart(4, '0')}`;
    const email = `accounts@${name
      .toLowerCase()
      .normalize('NFD')
      .replace(/[^a-z]+/g, '-')
      .replace(/^-|-$/g, '')}.example`;
    const invoices = 1 + Math.floor(rnd() * 9); // 1..9, about 5 on average: ~1,000 in all
    for (let i = 0; i < invoices; i++) {
      const issue = addDays(today, -Math.floor(rnd() * 270) - 5);
      const terms = pick([30, 30, 45, 60, 14]);
      const due = addDays(issue, terms);
      const minor = BigInt(Math.floor(50_00 + rnd() * rnd() * 25_000_00));
      const number = `${country.company}-${invoiceSeq++}`;
      const reference =
        country.code === 'BE'
          ? createOgm(String(invoiceSeq).padStart(10, '0'))
          : rnd() < 0.4
            ? createRfReference(String(invoiceSeq))
            : undefined;
      rows.push(
        row(++line, country, customerRef, name, consumer, email, number, issue, due, minor, reference),
      );
    }
    if (rnd() < 0.2) {
      const issue = addDays(today, -Math.floor(rnd() * 60) - 1);
      const minor = -BigInt(Math.floor(20_00 + rnd() * 500_00));
      rows.push(
        row(
          ++line,
          country,
          customerRef,
          name,
          consumer,
          email,
          `${country.company}-CN-${invoiceSeq++}`,
          issue,
          issue,
          minor,
          undefined,
        ),
      );
    }
  }
  const summary = await importInvoiceRows(
    { ...ctx, actor: { kind: 'system', id: 'demo-seed' } },
    'demo-seed',
    rows,
    'demo',
  );

  // Some life on the cases: managers, phases for the oldest debts, a few notes.
  const cases = await withTenant(ctx.db, ctx.tenant.id, (tx) =>
    tx.selectFrom('cases').select(['id', 'number', 'debtor_name', 'currency']).orderBy('number').execute(),
  );
  const items = await withTenant(ctx.db, ctx.tenant.id, (tx) =>
    tx
      .selectFrom('financial_items')
      .select(['id', 'case_id', 'kind', 'due_date', 'amount_minor', 'currency'])
      .orderBy('due_date')
      .execute(),
  );
  for (const [index, kase] of cases.entries()) {
    const commands: CaseCommand[] = [
      { type: 'AssignManager', data: { manager: MANAGERS[index % MANAGERS.length]! } },
    ];
    const phase: Phase | undefined =
      index % 11 === 0 ? 'legal' : index % 7 === 0 ? 'default' : index % 17 === 0 ? 'outsourced' : undefined;
    if (phase) commands.push({ type: 'ChangePhase', data: { phase, reason: 'demo data' } });
    // Money that moved: the oldest invoice paid on some cases, half of it on others, a
    // recovery indemnity on cases in the legal phase.
    const oldest = items.find((i) => i.case_id === kase.id && i.kind === 'invoice');
    if (oldest && index % 3 === 0) {
      const paymentId = newId();
      const owed = BigInt(oldest.amount_minor);
      const amount = moneyToDto(money(index % 2 === 0 ? owed : owed / 2n, oldest.currency.trim()));
      const paidOn = formatDate(addDays(parseDate(oldest.due_date), 5 + (index % 20)));
      const receivedOn = paidOn < ctx.today ? paidOn : ctx.today;
      commands.push(
        {
          type: 'ReceivePayment',
          data: {
            paymentId,
            amount,
            receivedOn,
            method: 'bank_transfer',
            payer: kase.debtor_name,
            bankReference: `BNK${100000 + index}`,
          },
        },
        {
          type: 'AllocatePayment',
          data: {
            allocationId: newId(),
            paymentId,
            itemId: oldest.id,
            component: 'principal',
            amount,
            allocatedOn: receivedOn,
          },
        },
      );
    }
    if (phase === 'legal') {
      const currency = kase.currency.trim();
      commands.push({
        type: 'ChargeFee',
        data: {
          feeId: newId(),
          amount: moneyToDto(money(currency === 'GBP' ? 7000n : 4000n, currency)),
          chargedOn: ctx.today,
          label: 'Recovery indemnity',
        },
      });
    }
    // Each collector's agenda has work: some of it overdue, some due today, some later.
    if (index % 4 === 1) {
      const kind = TASK_KINDS[index % TASK_KINDS.length]!;
      commands.push({
        type: 'CreateTask',
        data: {
          taskId: newId(),
          title: kind.title,
          taskType: kind.taskType,
          assignee: MANAGERS[index % MANAGERS.length]!,
          due: formatDate(addDays(today, (index % 9) - 4)),
          priority: index % 13 === 1 ? 'urgent' : index % 5 === 1 ? 'high' : 'normal',
        },
      });
    }
    if (index % 5 === 0) {
      commands.push({
        type: 'AddNote',
        data: {
          noteId: newId(),
          noteType: 'call',
          text: 'Called the accounts department; invoice copies requested by email.',
        },
      });
    }
    await runCaseCommands(
      { ...ctx, actor: { kind: 'user', id: MANAGERS[index % MANAGERS.length]! } },
      kase.id,
      commands,
    );
  }
  // Yesterday's daily validation has run: the general ledger has content, today's entries wait.
  const validation = await validateLedger(ctx, { asOf: formatDate(addDays(today, -1)), dryRun: false });
  return {
    customers: summary.customers,
    cases: summary.cases,
    items: summary.items,
    validated: validation.validated,
  };
};

const row = (
  line: number,
  country: Country,
  customerRef: string,
  name: string,
  consumer: boolean,
  email: string,
  invoiceNumber: string,
  issue: ReturnType<typeof parseDate>,
  due: ReturnType<typeof parseDate>,
  minor: bigint,
  structuredReference: string | undefined,
): InvoiceRow => ({
  line,
  company: country.company,
  customerRef,
  customerName: name,
  customerType: consumer ? 'consumer' : 'business',
  customerEmail: email,
  customerPhone: `${country.phone}${String(1000000 + (Number(minor) % 8999999))}`,
  customerCountry: country.code,
  customerLanguage: country.language,
  invoiceNumber,
  issueDate: issue,
  dueDate: due,
  amount: money(minor, country.currency),
  structuredReference,
});
