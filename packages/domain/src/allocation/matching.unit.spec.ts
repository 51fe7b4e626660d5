import { describe, expect, it } from 'vitest';
import { parseMoney, type Money } from '../money/money';
import { tokenise } from './match-text';
import {
  buildMatchIndex,
  matchPayment,
  nameSimilarity,
  normaliseItemNumber,
  normalisePartyName,
  normaliseReference,
  type IncomingPayment,
  type MatchCandidate,
  type OpenItem,
} from './matching';

const eur = (amount: string): Money => parseMoney(amount, 'EUR');
const gbp = (amount: string): Money => parseMoney(amount, 'GBP');

const item = (
  itemId: string,
  fields: Partial<OpenItem> & Pick<OpenItem, 'number' | 'outstanding' | 'dueDate'>,
): OpenItem => ({
  itemId,
  caseId: 'case-1',
  customerId: 'cus-1',
  customerName: 'Boulangerie Lefèvre SARL',
  structuredReference: null,
  ...fields,
});

// A small tenant: French, Belgian, German and British debtors, as the importer would see them.
const lefevre = { caseId: 'case-fr-1', customerId: 'cus-fr-1', customerName: 'Boulangerie Lefèvre SARL' };
const peeters = { caseId: 'case-be-1', customerId: 'cus-be-1', customerName: 'Brasserie Peeters BV' };
const muller = {
  caseId: 'case-de-1',
  customerId: 'cus-de-1',
  customerName: 'Müller Spedition GmbH & Co. KG',
};
const hughes = { caseId: 'case-uk-1', customerId: 'cus-uk-1', customerName: 'Hughes & Wright Joinery Ltd' };
const dupont = { caseId: 'case-fr-2', customerId: 'cus-fr-2', customerName: 'Jean Dupont' };

const ITEMS: OpenItem[] = [
  item('fr-117', {
    ...lefevre,
    number: 'FA-2024-0117',
    structuredReference: 'RF18539007547034',
    outstanding: eur('1200.00'),
    dueDate: '2024-01-15',
  }),
  item('fr-142', {
    ...lefevre,
    number: 'FA-2024-0142',
    structuredReference: 'RF03FA20240142',
    outstanding: eur('350.00'),
    dueDate: '2024-02-15',
  }),
  item('fr-163', { ...lefevre, number: 'FA-2024-0163', outstanding: eur('75.50'), dueDate: '2024-03-15' }),
  item('be-457', {
    ...peeters,
    number: '2024/0457',
    structuredReference: '+++090/9337/55493+++',
    outstanding: eur('480.00'),
    dueDate: '2024-02-01',
  }),
  item('be-458', {
    ...peeters,
    number: '2024/0458',
    structuredReference: '+++090/9337/55594+++',
    outstanding: eur('120.00'),
    dueDate: '2024-03-01',
  }),
  item('de-1', { ...muller, number: 'RE-24001', outstanding: eur('2380.00'), dueDate: '2024-01-31' }),
  item('de-2', { ...muller, number: 'RE-24002', outstanding: eur('595.00'), dueDate: '2024-02-29' }),
  item('de-3', { ...muller, number: 'RE-24003', outstanding: eur('1190.00'), dueDate: '2024-03-31' }),
  // numbers that look like parts of an IBAN or a date
  item('de-4', { ...muller, number: '3704-0044', outstanding: eur('88.00'), dueDate: '2024-04-30' }),
  item('de-5', { ...muller, number: '150324', outstanding: eur('42.00'), dueDate: '2024-04-30' }),
  item('uk-1', { ...hughes, number: 'INV-24001', outstanding: gbp('960.00'), dueDate: '2024-01-20' }),
  item('uk-2', { ...hughes, number: 'INV-24002', outstanding: gbp('240.00'), dueDate: '2024-02-20' }),
  item('fr-200', { ...dupont, number: 'FA-2024-0200', outstanding: eur('99.90'), dueDate: '2024-02-10' }),
];

const index = buildMatchIndex(ITEMS, new Map([['E2E-SDD-2024-0042', 'fr-163']]));

const payment = (amount: Money, fields: Partial<IncomingPayment> = {}): IncomingPayment => ({
  amount,
  counterpartyName: null,
  counterpartyIban: null,
  structuredReferences: [],
  remittanceText: [],
  endToEndId: null,
  ...fields,
});

const allocations = (c: MatchCandidate | undefined): [string, string][] =>
  (c?.allocations ?? []).map((a) => [a.itemId, `${a.amount.amountMinor} ${a.amount.currency}`]);

describe('structured references', () => {
  it('an RF reference paying the outstanding exactly settles that invoice with 99', () => {
    const [top] = matchPayment(
      payment(eur('1200.00'), { structuredReferences: ['RF18539007547034'] }),
      index,
    );
    expect(top).toMatchObject({
      rule: 'structured-reference',
      confidence: 99,
      caseId: 'case-fr-1',
      customerId: 'cus-fr-1',
    });
    expect(allocations(top)).toEqual([['fr-117', '120000 EUR']]);
    expect(top?.explanation).toBe('RF18539007547034 is the reference of invoice FA-2024-0117');
  });

  it('ignores the spacing and case the bank wrote the RF reference in', () => {
    const [top] = matchPayment(
      payment(eur('350.00'), { structuredReferences: ['rf03 fa20 2401 42'] }),
      index,
    );
    expect(allocations(top)).toEqual([['fr-142', '35000 EUR']]);
  });

  it('finds a Belgian OGM written as 12 digits or between asterisks', () => {
    for (const written of ['090933755493', '***090/9337/55493***', '+++ 090 / 9337 / 55493 +++']) {
      const [top] = matchPayment(payment(eur('480.00'), { structuredReferences: [written] }), index);
      expect(top).toMatchObject({ rule: 'structured-reference', confidence: 99 });
      expect(allocations(top)).toEqual([['be-457', '48000 EUR']]);
    }
  });

  it('finds an OGM or an RF reference in the free remittance text', () => {
    const [ogm] = matchPayment(
      payment(eur('120.00'), { remittanceText: ['COMMUNICATION +++090/9337/55594+++'] }),
      index,
    );
    expect(ogm).toMatchObject({ rule: 'structured-reference', confidence: 99 });
    expect(allocations(ogm)).toEqual([['be-458', '12000 EUR']]);
    expect(ogm?.explanation).toContain('found in the remittance text');

    const [rf] = matchPayment(
      payment(eur('1200.00'), { remittanceText: ['/RFB/RF18 5390 0754 7034'] }),
      index,
    );
    expect(allocations(rf)).toEqual([['fr-117', '120000 EUR']]);
  });

  it('allocates only the outstanding of a larger payment and says the rest stays unallocated', () => {
    const [top] = matchPayment(
      payment(eur('1500.00'), { structuredReferences: ['RF18539007547034'] }),
      index,
    );
    expect(top).toMatchObject({ rule: 'structured-reference', confidence: 99 });
    expect(allocations(top)).toEqual([['fr-117', '120000 EUR']]);
    expect(top?.explanation).toContain('300.00 EUR stays unallocated');
  });

  it('a smaller payment on a reference is a partial-reference match with 90', () => {
    const [top] = matchPayment(payment(eur('500.00'), { structuredReferences: ['RF18539007547034'] }), index);
    expect(top).toMatchObject({ rule: 'partial-reference', confidence: 90 });
    expect(allocations(top)).toEqual([['fr-117', '50000 EUR']]);
    expect(top?.explanation).toContain('covers part of the 1200.00 EUR outstanding');
  });

  it('two references of one case paid together in one transfer are settled together', () => {
    const [top] = matchPayment(
      payment(eur('600.00'), { structuredReferences: ['+++090/9337/55493+++', '+++090/9337/55594+++'] }),
      index,
    );
    expect(top).toMatchObject({ rule: 'structured-reference', confidence: 99 });
    expect(allocations(top)).toEqual([
      ['be-457', '48000 EUR'],
      ['be-458', '12000 EUR'],
    ]);
  });
});

describe('end-to-end id', () => {
  it('a known end-to-end id (a returned or repeated direct debit) matches with 98', () => {
    const [top] = matchPayment(payment(eur('75.50'), { endToEndId: 'E2E-SDD-2024-0042' }), index);
    expect(top).toMatchObject({ rule: 'end-to-end-id', confidence: 98 });
    expect(allocations(top)).toEqual([['fr-163', '7550 EUR']]);
  });

  it('NOTPROVIDED, the SEPA placeholder, is no evidence', () => {
    const index2 = buildMatchIndex(ITEMS, new Map([['NOTPROVIDED', 'fr-163']]));
    const found = matchPayment(payment(eur('75.51'), { endToEndId: 'NOTPROVIDED' }), index2);
    expect(found).toEqual([]);
  });
});

describe('invoice numbers in the remittance text', () => {
  it('matches German prefixes and dashes, and only items in the payment currency', () => {
    // INV-24001 (GBP) has the same digits as RE-24001 but another currency
    const [top, ...rest] = matchPayment(
      payment(eur('2380.00'), { remittanceText: ['Rechnung Nr. 24001'] }),
      index,
    );
    expect(top).toMatchObject({ rule: 'invoice-number', confidence: 95, caseId: 'case-de-1' });
    expect(allocations(top)).toEqual([['de-1', '238000 EUR']]);
    expect(rest.filter((c) => c.rule === 'invoice-number')).toEqual([]);
  });

  it('several numbers in one text whose total equals the payment settle all of them with 95', () => {
    const [top] = matchPayment(
      payment(eur('2975.00'), { remittanceText: ['Rg. RE-24001 + RE-24002'] }),
      index,
    );
    expect(top).toMatchObject({ rule: 'invoice-number', confidence: 95 });
    expect(allocations(top)).toEqual([
      ['de-1', '238000 EUR'],
      ['de-2', '59500 EUR'],
    ]);
    expect(top?.explanation).toBe(
      'the remittance names invoices RE-24001 and RE-24002, whose outstanding 2975.00 EUR equals the payment',
    );
  });

  it('joins numbers split by spaces, dots or slashes and reads prefixes like FACTURE, N°, Invoice', () => {
    const cases: [Money, string, string][] = [
      [gbp('960.00'), 'Invoice INV 24 001', 'uk-1'],
      [gbp('240.00'), 'inv-24002', 'uk-2'],
      [eur('1200.00'), 'FACTURE N° FA.2024.0117', 'fr-117'],
      [eur('480.00'), 'Factuur 2024 / 0457', 'be-457'],
      [eur('595.00'), 'RE24002', 'de-2'],
    ];
    for (const [amount, text, itemId] of cases) {
      const [top] = matchPayment(payment(amount, { remittanceText: [text] }), index);
      expect({ text, top: allocations(top) }).toEqual({
        text,
        top: [[itemId, `${amount.amountMinor} ${amount.currency}`]],
      });
    }
  });

  it('reads a number cut across two remittance lines', () => {
    const [top] = matchPayment(
      payment(eur('1190.00'), { remittanceText: ['PAYMENT RE-240', '03 THANK YOU'] }),
      index,
    );
    expect(allocations(top)).toEqual([['de-3', '119000 EUR']]);
  });

  it('keeps leading zeros significant: FA-2024-117 is not FA-2024-0117', () => {
    const found = matchPayment(payment(eur('1200.01'), { remittanceText: ['FA-2024-117'] }), index);
    expect(found.filter((c) => c.rule === 'invoice-number')).toEqual([]);
  });

  it('one invoice paid in part is an 85', () => {
    const [top] = matchPayment(
      payment(eur('1000.00'), { remittanceText: ['Acompte facture FA-2024-0117'] }),
      index,
    );
    expect(top).toMatchObject({ rule: 'invoice-number', confidence: 85 });
    expect(allocations(top)).toEqual([['fr-117', '100000 EUR']]);
  });

  it('when the amounts differ otherwise, 70 with the oldest invoice first', () => {
    const [top] = matchPayment(payment(eur('2500.00'), { remittanceText: ['RE-24002, RE-24001'] }), index);
    expect(top).toMatchObject({ rule: 'invoice-number', confidence: 70 });
    expect(allocations(top)).toEqual([
      ['de-1', '238000 EUR'],
      ['de-2', '12000 EUR'],
    ]);
    const [over] = matchPayment(payment(eur('2400.00'), { remittanceText: ['RE-24001'] }), index);
    expect(over).toMatchObject({ rule: 'invoice-number', confidence: 70 });
    expect(allocations(over)).toEqual([['de-1', '238000 EUR']]);
    expect(over?.explanation).toContain('20.00 EUR stays unallocated');
  });

  it('does not read invoice numbers inside an IBAN, a date or a written amount', () => {
    const texts = [
      'IBAN DE89 3704 0044 0532 0130 00', // 3704-0044 is an item number
      'Zahlung vom 15.03.24', // 150324 is an item number
      'Betrag EUR 1.503,24', // so is the amount's digits
    ];
    for (const text of texts) {
      const found = matchPayment(payment(eur('5.00'), { remittanceText: [text] }), index);
      expect({ text, found }).toEqual({ text, found: [] });
    }
    // nor a number announced as something else than an invoice
    for (const text of ['Kunden-Nr. 24001', 'Client 24002 merci']) {
      const found = matchPayment(payment(eur('2380.00'), { remittanceText: [text] }), index);
      expect({ text, found: found.filter((c) => c.rule === 'invoice-number') }).toEqual({ text, found: [] });
    }
    // the same numbers written as invoice numbers are found
    expect(
      allocations(matchPayment(payment(eur('88.00'), { remittanceText: ['Rechnung 3704-0044'] }), index)[0]),
    ).toEqual([['de-4', '8800 EUR']]);
  });
});

describe('amount and payer', () => {
  it('a payer name with accents, case and legal form changed resembles the customer: 80', () => {
    for (const payer of ['MULLER SPEDITION GMBH', 'Mueller Spedition', 'müller spedition gmbh & co. kg']) {
      const [top] = matchPayment(payment(eur('595.00'), { counterpartyName: payer }), index);
      expect({ payer, rule: top?.rule, confidence: top?.confidence }).toEqual({
        payer,
        rule: 'amount-and-payer',
        confidence: 80,
      });
      expect(allocations(top)).toEqual([['de-2', '59500 EUR']]);
    }
  });

  it('several items of the customer adding up exactly are a combination: 75', () => {
    const [top] = matchPayment(payment(eur('2975.00'), { counterpartyName: 'MULLER SPEDITION' }), index);
    expect(top).toMatchObject({ rule: 'combination', confidence: 75, caseId: 'case-de-1' });
    expect(allocations(top)).toEqual([
      ['de-1', '238000 EUR'],
      ['de-2', '59500 EUR'],
    ]);
    expect(top?.explanation).toContain('invoices RE-24001 and RE-24002 add up to exactly 2975.00 EUR');
  });

  it('an amount equal to exactly one open item and no name evidence is a 40 suggestion', () => {
    for (const counterpartyName of [null, 'ACME PAYROLL SERVICES']) {
      const [top] = matchPayment(payment(eur('99.90'), { counterpartyName }), index);
      expect(top).toMatchObject({ rule: 'amount-and-payer', confidence: 40 });
      expect(allocations(top)).toEqual([['fr-200', '9990 EUR']]);
    }
    // a payer who is another customer contradicts the suggestion
    expect(matchPayment(payment(eur('99.90'), { counterpartyName: 'Brasserie Peeters' }), index)).toEqual([]);
  });

  it('namesakes are told apart by the amount: 70', () => {
    const namesakes = buildMatchIndex([
      item('a', {
        caseId: 'c-a',
        customerId: 'p-a',
        customerName: 'Pierre Martin',
        number: 'A-1001',
        outstanding: eur('100.00'),
        dueDate: '2024-01-01',
      }),
      item('b', {
        caseId: 'c-b',
        customerId: 'p-b',
        customerName: 'Pierre Martin Tours',
        number: 'B-1001',
        outstanding: eur('200.00'),
        dueDate: '2024-01-01',
      }),
    ]);
    const [top] = matchPayment(payment(eur('200.00'), { counterpartyName: 'M. PIERRE MARTIN' }), namesakes);
    expect(top).toMatchObject({ rule: 'amount-and-payer', confidence: 70, customerId: 'p-b' });
  });
});

describe('combination search', () => {
  // 30 small invoices of one customer; the fitting set is beyond the 20 oldest or has 5 items
  const many = Array.from({ length: 30 }, (_, k) =>
    item(`m-${k}`, {
      ...muller,
      number: `RE-${30000 + k}`,
      outstanding: eur(`${100 + k}.00`),
      dueDate: `2024-${String(1 + Math.floor(k / 28)).padStart(2, '0')}-${String(1 + (k % 28)).padStart(2, '0')}`,
    }),
  );
  const bulk = buildMatchIndex(many);
  const pay = (amount: string, options?: Parameters<typeof matchPayment>[2]): MatchCandidate[] =>
    matchPayment(payment(eur(amount), { counterpartyName: 'Müller Spedition' }), bulk, options).filter(
      (c) => c.rule === 'combination',
    );

  it('looks only at the oldest maxCombinationCandidates items', () => {
    // 128 + 129 = 257 needs m-28 and m-29; the only other ways to 257 use three or more items
    expect(pay('257.00', { maxCombinationItems: 2 })).toEqual([]);
    expect(allocations(pay('257.00', { maxCombinationItems: 2, maxCombinationCandidates: 30 })[0])).toEqual([
      ['m-28', '12800 EUR'],
      ['m-29', '12900 EUR'],
    ]);
  });

  it('takes at most maxCombinationItems items', () => {
    // a customer with five invoices of 100..104 paying all of them: 510 needs all five
    const five = buildMatchIndex(many.slice(0, 5));
    const on = (options?: Parameters<typeof matchPayment>[2]): MatchCandidate[] =>
      matchPayment(payment(eur('510.00'), { counterpartyName: 'Müller Spedition' }), five, options).filter(
        (c) => c.rule === 'combination',
      );
    expect(on()).toEqual([]);
    expect(on({ maxCombinationItems: 5 })[0]?.allocations).toHaveLength(5);
  });

  it('several fitting sets make a 55 that takes the oldest, whatever order the items came in', () => {
    // 100 + 103 = 101 + 102 = 203
    const shuffled = buildMatchIndex([...many.slice(15), ...many.slice(0, 15).reverse()]);
    for (const tenant of [bulk, shuffled]) {
      const [top] = matchPayment(payment(eur('203.00'), { counterpartyName: 'Müller Spedition' }), tenant);
      expect(top).toMatchObject({ rule: 'combination', confidence: 55 });
      expect(allocations(top)).toEqual([
        ['m-0', '10000 EUR'],
        ['m-3', '10300 EUR'],
      ]);
    }
  });

  it('stays fast on a customer with many items', () => {
    const huge = buildMatchIndex(
      Array.from({ length: 5000 }, (_, k) =>
        item(`h-${k}`, {
          ...muller,
          number: `RE-${50000 + k}`,
          outstanding: eur(`${1000 + 7 * k}.13`),
          dueDate: '2024-01-01',
        }),
      ),
    );
    const started = performance.now();
    // every amount ends in .13, so no set of at most 8 items can make .99: the search runs out its budget
    matchPayment(payment(eur('99999.99'), { counterpartyName: 'Müller Spedition' }), huge, {
      maxCombinationItems: 8,
      maxCombinationCandidates: 64,
    });
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('ranking and guards', () => {
  it('ranks by confidence and keeps one candidate per distinct allocation', () => {
    const found = matchPayment(
      payment(eur('425.50'), {
        counterpartyName: 'BOULANGERIE LEFEVRE',
        structuredReferences: ['RF03FA20240142'],
        remittanceText: ['FA-2024-0142 FA-2024-0163'],
      }),
      index,
    );
    expect(found.map((c) => [c.rule, c.confidence, allocations(c)])).toEqual([
      ['structured-reference', 99, [['fr-142', '35000 EUR']]],
      [
        'invoice-number',
        95,
        [
          ['fr-142', '35000 EUR'],
          ['fr-163', '7550 EUR'],
        ],
      ],
      // the payer's combination (75) of the same two invoices was the same allocation: merged away
    ]);
  });

  it('never matches an item in another currency', () => {
    expect(
      matchPayment(payment(gbp('1200.00'), { structuredReferences: ['RF18539007547034'] }), index),
    ).toEqual([]);
    expect(
      matchPayment(
        payment(eur('960.00'), {
          remittanceText: ['INV-24001'],
          counterpartyName: 'Hughes & Wright Joinery',
        }),
        index,
      ),
    ).toEqual([]);
  });

  it('a zero or negative amount matches nothing', () => {
    expect(matchPayment(payment(eur('0.00'), { structuredReferences: ['RF18539007547034'] }), index)).toEqual(
      [],
    );
    expect(
      matchPayment(payment(eur('-10.00'), { structuredReferences: ['RF18539007547034'] }), index),
    ).toEqual([]);
  });

  it('leaves out items with nothing outstanding', () => {
    const settled = buildMatchIndex([
      item('z', {
        number: 'Z-1001',
        structuredReference: 'RF6371200042',
        outstanding: eur('0.00'),
        dueDate: '2024-01-01',
      }),
    ]);
    expect(settled.itemCount).toBe(0);
    expect(matchPayment(payment(eur('10.00'), { structuredReferences: ['RF6371200042'] }), settled)).toEqual(
      [],
    );
  });
});

describe('normalisation', () => {
  it('references and numbers compare on letters and digits only', () => {
    expect(normaliseReference('+++090/9337/55493+++')).toBe('090933755493');
    expect(normaliseReference('rf18 5390 0754 7034')).toBe('RF18539007547034');
    expect(normaliseItemNumber('fa.2024/0117')).toBe('FA20240117');
  });

  it('payer names drop accents, case, legal forms and honorifics', () => {
    expect(normalisePartyName('S.A.R.L. Boulangerie Lefèvre')).toEqual(['boulangerie', 'lefevre']);
    expect(normalisePartyName('MUELLER SPEDITION GMBH & CO. KG')).toEqual(
      normalisePartyName('Müller Spedition GmbH'),
    );
    expect(normalisePartyName('Herr Jürgen Weiß')).toEqual(['jurgen', 'weiss']);
    expect(normalisePartyName('Taller Núñez S.L.')).toEqual(['nunez', 'taller']);
    expect(normalisePartyName('Smith & Jones LLP')).toEqual(['jones', 'smith']);
  });

  it('name similarity is Dice on words', () => {
    expect(nameSimilarity(['dupont', 'jean'], ['dupont', 'jean'])).toBe(1);
    expect(nameSimilarity(['dupont', 'jean'], ['dupont', 'jean', 'lyon'])).toBe(0.8);
    expect(nameSimilarity(['boulangerie', 'dupont'], ['dupont'])).toBeCloseTo(2 / 3);
    expect(nameSimilarity([], ['dupont'])).toBe(0);
  });

  it('the tokeniser marks IBANs, dates and amounts so that numbers are not read inside them', () => {
    const marked = tokenise(['IBAN BE71 0961 2345 6769 du 15/03/2024, EUR 1 250,00 facture 24001'])
      .filter((t) => t.skip)
      .map((t) => t.text);
    expect(marked).toEqual(['BE71', '0961', '2345', '6769', '15', '03', '2024', 'EUR', '1', '250', '00']);
  });
});
