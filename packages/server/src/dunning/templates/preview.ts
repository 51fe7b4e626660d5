import type { DunningLevel } from '@quittance/domain';
import { resolveTemplate, standardTemplates, type DunningTemplateCatalog } from './catalog';
import type { DunningContext, DunningItem, DunningLanguage } from './context';
import { renderDunningMessage, type RenderedDunningMessage, type RenderOptions } from './render';

// A realistic debtor per language for the template editor's preview and for tests: fictitious
// companies and people, example IBANs from the banks' own documentation, amounts that add up.

type Sample = {
  readonly company: DunningContext['company'];
  readonly business: { name: string; contactName: string; addressLines: string[]; basis: string };
  readonly consumer: { name: string; addressLines: string[]; basis: string };
  readonly collector: DunningContext['collector'];
  readonly payment: { iban: string; bic: string };
};

const SAMPLES: Readonly<Record<DunningLanguage, Sample>> = {
  en: {
    company: {
      name: 'Northwind Supplies',
      legalName: 'Northwind Supplies Ltd',
      addressLines: ['Unit 4, Harbour Business Park', 'Dublin 1', 'D01 K2P7', 'Ireland'],
      city: 'Dublin',
      email: 'credit@northwind.example',
      phone: '+353 1 555 0142',
      website: 'https://northwind.example',
      iban: 'IE29AIBK93115212345678',
      bic: 'AIBKIE2D',
      registration: 'CRO 654321',
      vatNumber: 'IE6388047V',
    },
    business: {
      name: 'Harbourside Hotels Ltd',
      contactName: 'Ms Claire Dunne',
      addressLines: ['Accounts Payable', '4 Quay Road', 'Dublin 2', 'D02 XY12'],
      basis: 'supply agreement no. AB-77812 of 12 September 2023',
    },
    consumer: {
      name: 'Mr Daniel Byrne',
      addressLines: ['27 Oak Avenue', 'Rathmines', 'Dublin 6', 'D06 F3X9'],
      basis: 'subscription contract no. AB-77812 of 12 September 2023',
    },
    collector: { name: 'Sarah Walsh', phone: '+353 1 555 0150', email: 'sarah.walsh@northwind.example' },
    payment: { iban: 'IE29AIBK93115212345678', bic: 'AIBKIE2D' },
  },
  fr: {
    company: {
      name: 'Quincaillerie Moreau',
      legalName: 'Quincaillerie Moreau SAS',
      addressLines: ['18 rue des Tanneurs', '69002 Lyon', 'France'],
      city: 'Lyon',
      email: 'recouvrement@moreau.example',
      phone: '04 72 00 00 42',
      website: 'https://moreau.example',
      iban: 'FR7630006000011234567890189',
      bic: 'AGRIFRPP',
      registration: 'SIREN 552 100 554 – RCS Lyon',
      vatNumber: 'FR40552100554',
    },
    business: {
      name: 'Boulangerie Martin SARL',
      contactName: 'Mme Sophie Martin',
      addressLines: ['Service comptabilité', '12 avenue Jean Jaurès', '69007 Lyon'],
      basis: 'contrat de fourniture n° AB-77812 du 12 septembre 2023',
    },
    consumer: {
      name: 'M. Julien Lefèvre',
      addressLines: ['8 rue Victor Hugo', 'Appartement 12', '69003 Lyon'],
      basis: 'contrat d’abonnement n° AB-77812 du 12 septembre 2023',
    },
    collector: { name: 'Camille Roux', phone: '04 72 00 00 50', email: 'camille.roux@moreau.example' },
    payment: { iban: 'FR7630006000011234567890189', bic: 'AGRIFRPP' },
  },
  de: {
    company: {
      name: 'Brenner Industriebedarf',
      legalName: 'Brenner Industriebedarf GmbH',
      addressLines: ['Hafenstraße 21', '20457 Hamburg', 'Deutschland'],
      city: 'Hamburg',
      email: 'forderungen@brenner.example',
      phone: '+49 40 5550142',
      website: 'https://brenner.example',
      iban: 'DE89370400440532013000',
      bic: 'COBADEFFXXX',
      registration: 'Amtsgericht Hamburg HRB 123456',
      vatNumber: 'DE123456789',
    },
    business: {
      name: 'Schneider Bau GmbH',
      contactName: 'Herrn Thomas Schneider',
      addressLines: ['Buchhaltung', 'Lindenallee 5', '22529 Hamburg'],
      basis: 'Rahmenliefervertrag Nr. AB-77812 vom 12. September 2023',
    },
    consumer: {
      name: 'Herrn Markus Weber',
      addressLines: ['Gartenweg 3', '21073 Hamburg'],
      basis: 'Abonnementvertrag Nr. AB-77812 vom 12. September 2023',
    },
    collector: { name: 'Julia Hoffmann', phone: '+49 40 5550150', email: 'julia.hoffmann@brenner.example' },
    payment: { iban: 'DE89370400440532013000', bic: 'COBADEFFXXX' },
  },
  es: {
    company: {
      name: 'Suministros Ribera',
      legalName: 'Suministros Ribera S.L.',
      addressLines: ['Calle de Alcalá 120', '28009 Madrid', 'España'],
      city: 'Madrid',
      email: 'cobros@ribera.example',
      phone: '+34 910 000 142',
      website: 'https://ribera.example',
      iban: 'ES9121000418450200051332',
      bic: 'CAIXESBBXXX',
      registration: 'Registro Mercantil de Madrid, hoja M-78901',
      vatNumber: 'B12345678',
    },
    business: {
      name: 'Construcciones Ortega S.A.',
      contactName: 'D.ª Elena Ortega',
      addressLines: ['Departamento de Contabilidad', 'Avenida de América 45', '28002 Madrid'],
      basis: 'contrato de suministro n.º AB-77812 de 12 de septiembre de 2023',
    },
    consumer: {
      name: 'D. Javier Martín López',
      addressLines: ['Calle Mayor 7, 3.º B', '28013 Madrid'],
      basis: 'contrato de suscripción n.º AB-77812 de 12 de septiembre de 2023',
    },
    collector: { name: 'Lucía Navarro', phone: '+34 910 000 150', email: 'lucia.navarro@ribera.example' },
    payment: { iban: 'ES9121000418450200051332', bic: 'CAIXESBBXXX' },
  },
  nl: {
    company: {
      name: 'Van Dijk Groothandel',
      legalName: 'Van Dijk Groothandel B.V.',
      addressLines: ['Keizersgracht 100', '1015 CW Amsterdam', 'Nederland'],
      city: 'Amsterdam',
      email: 'debiteuren@vandijk.example',
      phone: '+31 20 555 0142',
      website: 'https://vandijk.example',
      iban: 'NL91ABNA0417164300',
      bic: 'ABNANL2A',
      registration: 'KvK 12345678',
      vatNumber: 'NL123456789B01',
    },
    business: {
      name: 'Bakkerij De Vries B.V.',
      contactName: 'mevrouw A. de Vries',
      addressLines: ['Crediteurenadministratie', 'Prinsengracht 200', '1016 HB Amsterdam'],
      basis: 'leveringsovereenkomst nr. AB-77812 van 12 september 2023',
    },
    consumer: {
      name: 'De heer J. Bakker',
      addressLines: ['Lindenstraat 12', '1015 KV Amsterdam'],
      basis: 'abonnementsovereenkomst nr. AB-77812 van 12 september 2023',
    },
    collector: { name: 'Sanne de Jong', phone: '+31 20 555 0150', email: 'sanne.dejong@vandijk.example' },
    payment: { iban: 'NL91ABNA0417164300', bic: 'ABNANL2A' },
  },
  it: {
    company: {
      name: 'Forniture Bianchi',
      legalName: 'Forniture Bianchi S.r.l.',
      addressLines: ['Via Roma 15', '20121 Milano (MI)', 'Italia'],
      city: 'Milano',
      email: 'crediti@bianchi.example',
      phone: '+39 02 5550142',
      website: 'https://bianchi.example',
      iban: 'IT60X0542811101000000123456',
      bic: 'BPMOIT22XXX',
      registration: 'REA MI-1234567',
      vatNumber: 'IT12345678901',
    },
    business: {
      name: 'Costruzioni Rossi S.p.A.',
      contactName: 'Dott.ssa Paola Rossi',
      addressLines: ['Ufficio amministrazione', 'Corso Buenos Aires 30', '20124 Milano (MI)'],
      basis: 'contratto di fornitura n. AB-77812 del 12 settembre 2023',
    },
    consumer: {
      name: 'Sig. Marco Esposito',
      addressLines: ['Via Garibaldi 8', '20121 Milano (MI)'],
      basis: 'contratto di abbonamento n. AB-77812 del 12 settembre 2023',
    },
    collector: { name: 'Giulia Ferri', phone: '+39 02 5550150', email: 'giulia.ferri@bianchi.example' },
    payment: { iban: 'IT60X0542811101000000123456', bic: 'BPMOIT22XXX' },
  },
};

const BUSINESS_ITEMS: readonly DunningItem[] = [
  {
    number: 'F-2025-0142',
    kind: 'invoice',
    issueDate: '2025-01-15',
    dueDate: '2025-02-14',
    amount: '1250.00',
    outstanding: '1250.00',
    daysPastDue: 45,
  },
  {
    number: 'F-2025-0187',
    kind: 'invoice',
    issueDate: '2025-02-03',
    dueDate: '2025-03-05',
    amount: '3480.00',
    outstanding: '2480.00',
    daysPastDue: 26,
  },
  {
    number: 'F-2025-0231',
    kind: 'invoice',
    issueDate: '2025-02-20',
    dueDate: '2025-03-22',
    amount: '640.50',
    outstanding: '640.50',
    daysPastDue: 9,
  },
  {
    number: 'AV-2025-0012',
    kind: 'credit-note',
    issueDate: '2025-03-10',
    dueDate: '2025-03-10',
    amount: '-120.00',
    outstanding: '-120.00',
    daysPastDue: 21,
  },
];

const CONSUMER_ITEMS: readonly DunningItem[] = [
  {
    number: '2025-004512',
    kind: 'invoice',
    issueDate: '2025-01-05',
    dueDate: '2025-01-20',
    amount: '89.90',
    outstanding: '89.90',
    daysPastDue: 70,
  },
  {
    number: '2025-006873',
    kind: 'invoice',
    issueDate: '2025-02-05',
    dueDate: '2025-02-20',
    amount: '89.90',
    outstanding: '89.90',
    daysPastDue: 39,
  },
];

const PREVENTION_ITEMS: readonly DunningItem[] = [
  {
    number: 'F-2025-0265',
    kind: 'invoice',
    issueDate: '2025-03-07',
    dueDate: '2025-04-06',
    amount: '2150.00',
    outstanding: '2150.00',
    daysPastDue: -6,
  },
];

export type SampleOptions = {
  readonly customerType?: 'business' | 'consumer';
  readonly level?: DunningLevel;
};

/**
 * A complete context for previews: a company, a debtor and their overdue invoices in `language`,
 * dated 31 March 2025. Business debtors owe 4 250,50 € of principal (one credit note deducted),
 * interest and the fixed 40 € compensation; consumers owe two monthly subscriptions and interest.
 */
export const sampleDunningContext = (
  language: DunningLanguage,
  options: SampleOptions = {},
): DunningContext => {
  const sample = SAMPLES[language];
  const type = options.customerType ?? 'business';
  const level = options.level ?? 'R1';
  const prevention = level === 'prevention';
  const items = prevention ? PREVENTION_ITEMS : type === 'business' ? BUSINESS_ITEMS : CONSUMER_ITEMS;
  const totals = prevention
    ? { principal: '2150.00', interest: '0.00', fees: '0.00', costs: '0.00', totalDue: '2150.00' }
    : type === 'business'
      ? { principal: '4250.50', interest: '38.72', fees: '40.00', costs: '0.00', totalDue: '4329.22' }
      : { principal: '179.80', interest: '1.85', fees: '0.00', costs: '0.00', totalDue: '181.65' };
  const debtor = type === 'business' ? sample.business : sample.consumer;
  const laterStep = level === 'R2' || level === 'R3' || level === 'R4' || level === 'R5' || level === 'final';
  return {
    company: sample.company,
    customer: {
      name: debtor.name,
      reference: type === 'business' ? 'C-10482' : 'P-200731',
      type,
      language,
      addressLines: debtor.addressLines,
      ...(type === 'business' ? { contactName: sample.business.contactName } : {}),
      email: type === 'business' ? 'accounts@debtor.example' : 'client@debtor.example',
      phone: '+33 6 00 00 00 00',
    },
    case: {
      number: '2025-00042',
      currency: 'EUR',
      phase: 'amicable',
      basis: debtor.basis,
      customFields: { contractNumber: 'AB-77812', accountManager: sample.collector.name },
    },
    items,
    totals,
    step: {
      level,
      id: level,
      ...(laterStep ? { firstLetter: { reference: '2025-00042/R1', date: '2025-03-03' } } : {}),
    },
    payment: {
      iban: sample.payment.iban,
      bic: sample.payment.bic,
      reference: 'RF18539007547034',
      link: 'https://pay.example.com/c/2025-00042',
      payBy: prevention ? '2025-04-06' : '2025-04-10',
    },
    today: '2025-03-31',
    collector: sample.collector,
  };
};

/** The level a standard template is written for, to build a fitting sample. */
const levelOf = (id: string): DunningLevel => {
  if (id.endsWith('prevention')) return 'prevention';
  if (id.endsWith('-final')) return 'final';
  if (id === 'thank-you') return 'thank-you';
  if (id === 'key-account-letter') return 'R3';
  if (id.endsWith('-r3')) return 'R3';
  if (id.endsWith('-r2') || id.endsWith('-2')) return 'R2';
  return 'R1';
};

export type TemplatePreview = RenderedDunningMessage & {
  /** True when the template has no version in the language asked and the English one is shown. */
  readonly fallback: boolean;
  readonly warning?: string;
};

/**
 * The editor's preview: template `id` in `language`, rendered with `sampleContext` or a realistic
 * sample (a consumer for `consumer-*` templates, a business otherwise). Reads the standard
 * templates unless a catalog is given.
 */
export const previewTemplate = async (
  id: string,
  language: DunningLanguage,
  sampleContext?: DunningContext,
  options: RenderOptions & { readonly catalog?: DunningTemplateCatalog } = {},
): Promise<TemplatePreview> => {
  const { catalog, ...renderOptions } = options;
  const resolved = resolveTemplate(catalog ?? (await standardTemplates()), id, language);
  const context =
    sampleContext ??
    sampleDunningContext(language, {
      customerType: id.startsWith('consumer-') ? 'consumer' : 'business',
      level: levelOf(id),
    });
  return {
    ...renderDunningMessage(resolved.template, context, renderOptions),
    fallback: resolved.fallback,
    ...(resolved.warning !== undefined ? { warning: resolved.warning } : {}),
  };
};
