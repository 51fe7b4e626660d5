import type { DunningItemKind, DunningLanguage } from './context';

/** The words Quittance itself writes around a template's text: table headers, letter references. */
export type DunningLabels = {
  readonly items: {
    readonly document: string;
    readonly issueDate: string;
    readonly dueDate: string;
    readonly amount: string;
    readonly outstanding: string;
    readonly daysPastDue: string;
    readonly total: string;
  };
  readonly kinds: Readonly<Record<DunningItemKind, string>>;
  readonly totals: {
    readonly principal: string;
    readonly interest: string;
    readonly fees: string;
    readonly costs: string;
    readonly totalDue: string;
  };
  readonly payment: {
    readonly payee: string;
    readonly iban: string;
    readonly bic: string;
    readonly reference: string;
    readonly amount: string;
    readonly payBy: string;
    readonly link: string;
  };
  readonly letter: {
    readonly ourReference: string;
    readonly yourReference: string;
    readonly contact: string;
    readonly phone: string;
    readonly email: string;
    readonly vat: string;
    readonly continued: string;
    /** `{place}` and `{date}` replaced: « Paris, le 5 mars 2025 ». */
    readonly placeAndDate: string;
  };
};

export const DUNNING_LABELS: Readonly<Record<DunningLanguage, DunningLabels>> = {
  en: {
    items: {
      document: 'Document',
      issueDate: 'Issued',
      dueDate: 'Due',
      amount: 'Amount',
      outstanding: 'Outstanding',
      daysPastDue: 'Days overdue',
      total: 'Total',
    },
    kinds: {
      invoice: 'invoice',
      'credit-note': 'credit note',
      interest: 'interest',
      fee: 'fee',
      other: 'other',
    },
    totals: {
      principal: 'Principal',
      interest: 'Late-payment interest',
      fees: 'Fixed compensation and fees',
      costs: 'Other costs',
      totalDue: 'Total due',
    },
    payment: {
      payee: 'Payee',
      iban: 'IBAN',
      bic: 'BIC',
      reference: 'Reference',
      amount: 'Amount',
      payBy: 'Pay by',
      link: 'Pay online',
    },
    letter: {
      ourReference: 'Our reference',
      yourReference: 'Your customer number',
      contact: 'Contact',
      phone: 'Phone',
      email: 'Email',
      vat: 'VAT',
      continued: 'continued',
      placeAndDate: '{place}, {date}',
    },
  },
  fr: {
    items: {
      document: 'Pièce',
      issueDate: 'Émise le',
      dueDate: 'Échéance',
      amount: 'Montant',
      outstanding: 'Reste dû',
      daysPastDue: 'Jours de retard',
      total: 'Total',
    },
    kinds: {
      invoice: 'facture',
      'credit-note': 'avoir',
      interest: 'intérêts',
      fee: 'frais',
      other: 'autre',
    },
    totals: {
      principal: 'Principal',
      interest: 'Intérêts de retard',
      fees: 'Indemnités et frais',
      costs: 'Autres frais',
      totalDue: 'Total dû',
    },
    payment: {
      payee: 'Bénéficiaire',
      iban: 'IBAN',
      bic: 'BIC',
      reference: 'Référence à rappeler',
      amount: 'Montant',
      payBy: 'À régler avant le',
      link: 'Paiement en ligne',
    },
    letter: {
      ourReference: 'Nos références',
      yourReference: 'Votre n° client',
      contact: 'Votre interlocuteur',
      phone: 'Tél.',
      email: 'E-mail',
      vat: 'TVA',
      continued: 'suite',
      placeAndDate: '{place}, le {date}',
    },
  },
  de: {
    items: {
      document: 'Beleg',
      issueDate: 'Belegdatum',
      dueDate: 'Fällig am',
      amount: 'Betrag',
      outstanding: 'Offen',
      daysPastDue: 'Tage überfällig',
      total: 'Summe',
    },
    kinds: {
      invoice: 'Rechnung',
      'credit-note': 'Gutschrift',
      interest: 'Zinsen',
      fee: 'Gebühr',
      other: 'Sonstiges',
    },
    totals: {
      principal: 'Hauptforderung',
      interest: 'Verzugszinsen',
      fees: 'Pauschalen und Gebühren',
      costs: 'Sonstige Kosten',
      totalDue: 'Gesamtbetrag',
    },
    payment: {
      payee: 'Empfänger',
      iban: 'IBAN',
      bic: 'BIC',
      reference: 'Verwendungszweck',
      amount: 'Betrag',
      payBy: 'Zahlbar bis',
      link: 'Online bezahlen',
    },
    letter: {
      ourReference: 'Unser Zeichen',
      yourReference: 'Ihre Kundennummer',
      contact: 'Ansprechpartner',
      phone: 'Telefon',
      email: 'E-Mail',
      vat: 'USt-IdNr.',
      continued: 'Fortsetzung',
      placeAndDate: '{place}, {date}',
    },
  },
  es: {
    items: {
      document: 'Documento',
      issueDate: 'Emisión',
      dueDate: 'Vencimiento',
      amount: 'Importe',
      outstanding: 'Pendiente',
      daysPastDue: 'Días de retraso',
      total: 'Total',
    },
    kinds: {
      invoice: 'factura',
      'credit-note': 'abono',
      interest: 'intereses',
      fee: 'gastos',
      other: 'otro',
    },
    totals: {
      principal: 'Principal',
      interest: 'Intereses de demora',
      fees: 'Indemnizaciones y gastos',
      costs: 'Otros costes',
      totalDue: 'Total adeudado',
    },
    payment: {
      payee: 'Beneficiario',
      iban: 'IBAN',
      bic: 'BIC',
      reference: 'Concepto',
      amount: 'Importe',
      payBy: 'Pagar antes del',
      link: 'Pago en línea',
    },
    letter: {
      ourReference: 'Nuestra referencia',
      yourReference: 'Su número de cliente',
      contact: 'Persona de contacto',
      phone: 'Teléfono',
      email: 'Correo electrónico',
      vat: 'NIF',
      continued: 'continuación',
      placeAndDate: '{place}, {date}',
    },
  },
  nl: {
    items: {
      document: 'Document',
      issueDate: 'Datum',
      dueDate: 'Vervaldatum',
      amount: 'Bedrag',
      outstanding: 'Openstaand',
      daysPastDue: 'Dagen te laat',
      total: 'Totaal',
    },
    kinds: {
      invoice: 'factuur',
      'credit-note': 'creditnota',
      interest: 'rente',
      fee: 'kosten',
      other: 'overig',
    },
    totals: {
      principal: 'Hoofdsom',
      interest: 'Vertragingsrente',
      fees: 'Vergoedingen en kosten',
      costs: 'Overige kosten',
      totalDue: 'Totaal verschuldigd',
    },
    payment: {
      payee: 'Begunstigde',
      iban: 'IBAN',
      bic: 'BIC',
      reference: 'Betalingskenmerk',
      amount: 'Bedrag',
      payBy: 'Te betalen vóór',
      link: 'Online betalen',
    },
    letter: {
      ourReference: 'Ons kenmerk',
      yourReference: 'Uw klantnummer',
      contact: 'Contactpersoon',
      phone: 'Telefoon',
      email: 'E-mail',
      vat: 'Btw',
      continued: 'vervolg',
      placeAndDate: '{place}, {date}',
    },
  },
  it: {
    items: {
      document: 'Documento',
      issueDate: 'Emissione',
      dueDate: 'Scadenza',
      amount: 'Importo',
      outstanding: 'Residuo',
      daysPastDue: 'Giorni di ritardo',
      total: 'Totale',
    },
    kinds: {
      invoice: 'fattura',
      'credit-note': 'nota di credito',
      interest: 'interessi',
      fee: 'spese',
      other: 'altro',
    },
    totals: {
      principal: 'Capitale',
      interest: 'Interessi di mora',
      fees: 'Indennizzi e spese',
      costs: 'Altri costi',
      totalDue: 'Totale dovuto',
    },
    payment: {
      payee: 'Beneficiario',
      iban: 'IBAN',
      bic: 'BIC',
      reference: 'Causale',
      amount: 'Importo',
      payBy: 'Da pagare entro il',
      link: 'Pagamento online',
    },
    letter: {
      ourReference: 'Nostro riferimento',
      yourReference: 'Vostro codice cliente',
      contact: 'Referente',
      phone: 'Telefono',
      email: 'E-mail',
      vat: 'P. IVA',
      continued: 'segue',
      placeAndDate: '{place}, {date}',
    },
  },
};
