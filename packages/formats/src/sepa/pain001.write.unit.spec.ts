import { DomainError, parseMoney } from '@quittance/domain';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { PAIN_001_NAMESPACE, writePain001, type Pain001Input, type Pain001Payment } from './pain001.write';

const payment = (overrides: Partial<Pain001Payment> = {}): Pain001Payment => ({
  endToEndId: 'REFUND-2024-0007',
  instructionId: 'PMT-2024-0007',
  amount: parseMoney('150.00', 'EUR'),
  creditor: {
    name: 'Marc Janssens',
    iban: 'BE43 0689 9999 9501',
    bic: 'GKCCBEBB',
    address: {
      streetName: 'Rue de la Loi',
      buildingNumber: '16',
      postCode: '1000',
      townName: 'Bruxelles',
      country: 'BE',
    },
  },
  remittanceInformation: 'Remboursement trop-perçu dossier Q-2024-088',
  ...overrides,
});

const input = (overrides: Partial<Pain001Input> = {}): Pain001Input => ({
  messageId: 'QTC-REFUNDS-20240304',
  createdAt: '2024-03-04T16:02:11+01:00',
  initiatingParty: { name: 'Quittance Recouvrement SRL' },
  debtor: {
    name: 'Quittance Recouvrement SRL',
    iban: 'BE68539007547034',
    bic: 'GEBABEBB',
    address: {
      streetName: 'Avenue Louise',
      buildingNumber: '54',
      postCode: '1050',
      townName: 'Ixelles',
      country: 'BE',
    },
  },
  requestedExecutionDate: '2024-03-05',
  payments: [payment()],
  ...overrides,
});

const parser = new XMLParser({
  ignoreAttributes: false,
  parseTagValue: false,
  isArray: (name) => name === 'CdtTrfTxInf',
});

type Parsed = {
  Document: {
    '@_xmlns': string;
    CstmrCdtTrfInitn: {
      GrpHdr: Record<string, unknown>;
      PmtInf: Record<string, unknown> & { CdtTrfTxInf: Record<string, unknown>[] };
    };
  };
};

const parseBack = (xml: string): Parsed => {
  expect(XMLValidator.validate(xml)).toBe(true);
  return parser.parse(xml) as Parsed;
};

const failureOf = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
};

describe('writePain001', () => {
  it('writes a well-formed pain.001.001.09 document that reads back', () => {
    const doc = parseBack(writePain001(input()));
    expect(doc.Document['@_xmlns']).toBe(PAIN_001_NAMESPACE);
    const { GrpHdr, PmtInf } = doc.Document.CstmrCdtTrfInitn;
    expect(GrpHdr).toEqual({
      MsgId: 'QTC-REFUNDS-20240304',
      CreDtTm: '2024-03-04T16:02:11+01:00',
      NbOfTxs: '1',
      CtrlSum: '150.00',
      InitgPty: { Nm: 'Quittance Recouvrement SRL' },
    });
    expect(PmtInf).toMatchObject({
      PmtInfId: 'QTC-REFUNDS-20240304',
      PmtMtd: 'TRF',
      BtchBookg: 'false',
      NbOfTxs: '1',
      CtrlSum: '150.00',
      PmtTpInf: { SvcLvl: { Cd: 'SEPA' } },
      ReqdExctnDt: { Dt: '2024-03-05' },
      Dbtr: {
        Nm: 'Quittance Recouvrement SRL',
        PstlAdr: { StrtNm: 'Avenue Louise', BldgNb: '54', PstCd: '1050', TwnNm: 'Ixelles', Ctry: 'BE' },
      },
      DbtrAcct: { Id: { IBAN: 'BE68539007547034' } },
      DbtrAgt: { FinInstnId: { BICFI: 'GEBABEBB' } },
      ChrgBr: 'SLEV',
    });
    expect(PmtInf.CdtTrfTxInf[0]).toEqual({
      PmtId: { InstrId: 'PMT-2024-0007', EndToEndId: 'REFUND-2024-0007' },
      Amt: { InstdAmt: { '#text': '150.00', '@_Ccy': 'EUR' } },
      CdtrAgt: { FinInstnId: { BICFI: 'GKCCBEBB' } },
      Cdtr: {
        Nm: 'Marc Janssens',
        PstlAdr: { StrtNm: 'Rue de la Loi', BldgNb: '16', PstCd: '1000', TwnNm: 'Bruxelles', Ctry: 'BE' },
      },
      CdtrAcct: { Id: { IBAN: 'BE43068999999501' } },
      RmtInf: { Ustrd: 'Remboursement trop-perçu dossier Q-2024-088' },
    });
  });

  it('keeps the elements in the order of the schema', () => {
    const xml = writePain001(input());
    const order = [
      '<PmtInfId>',
      '<PmtMtd>',
      '<BtchBookg>',
      '<NbOfTxs>',
      '<CtrlSum>',
      '<PmtTpInf>',
      '<ReqdExctnDt>',
      '<Dbtr>',
      '<DbtrAcct>',
      '<DbtrAgt>',
      '<ChrgBr>',
      '<CdtTrfTxInf>',
    ];
    const positions = order.map((tag) => xml.indexOf(tag, xml.indexOf('<PmtInf>')));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('states the control sum as the exact decimal total', () => {
    const amounts = ['0.10', '0.20', '1234567.89', '999999999.99'];
    const payments = amounts.map((amount, i) =>
      payment({ endToEndId: `REFUND-${i}`, instructionId: undefined, amount: parseMoney(amount, 'EUR') }),
    );
    const doc = parseBack(writePain001(input({ payments })));
    expect(doc.Document.CstmrCdtTrfInitn.GrpHdr.CtrlSum).toBe('1001234568.18');
    expect(doc.Document.CstmrCdtTrfInitn.PmtInf.CtrlSum).toBe('1001234568.18');
    expect(doc.Document.CstmrCdtTrfInitn.PmtInf.NbOfTxs).toBe('4');
    expect(doc.Document.CstmrCdtTrfInitn.PmtInf.CdtTrfTxInf.map((tx) => tx.Amt)).toEqual(
      amounts.map((amount) => ({ InstdAmt: { '#text': amount, '@_Ccy': 'EUR' } })),
    );
  });

  it('escapes every text so that it reads back unchanged', () => {
    const name = `Müller & Söhne <GmbH> "Nord" l'Atelier`;
    const xml = writePain001(
      input({
        payments: [
          payment({
            creditor: { ...payment().creditor, name, address: { townName: 'Köln & Bonn', country: 'DE' } },
            remittanceInformation: 'Réf. <INV-1> & "INV-2"',
          }),
        ],
      }),
    );
    expect(xml).toContain('Müller &amp; Söhne &lt;GmbH&gt; &quot;Nord&quot; l&apos;Atelier');
    const tx = parseBack(xml).Document.CstmrCdtTrfInitn.PmtInf.CdtTrfTxInf[0];
    expect(tx?.Cdtr).toEqual({ Nm: name, PstlAdr: { TwnNm: 'Köln & Bonn', Ctry: 'DE' } });
    expect(tx?.RmtInf).toEqual({ Ustrd: 'Réf. <INV-1> & "INV-2"' });
  });

  it('writes NOTPROVIDED for a debtor bank without BIC and leaves out an unknown creditor bank', () => {
    const xml = writePain001(
      input({
        debtor: { ...input().debtor, bic: undefined },
        payments: [payment({ creditor: { ...payment().creditor, bic: undefined } })],
      }),
    );
    const { PmtInf } = parseBack(xml).Document.CstmrCdtTrfInitn;
    expect(PmtInf.DbtrAgt).toEqual({ FinInstnId: { Othr: { Id: 'NOTPROVIDED' } } });
    expect(PmtInf.CdtTrfTxInf[0]).not.toHaveProperty('CdtrAgt');
  });

  it('leaves out the postal address of a party whose address is unknown (optional inside the EEA)', () => {
    const xml = writePain001(
      input({ payments: [payment({ creditor: { ...payment().creditor, address: undefined } })] }),
    );
    const { PmtInf } = parseBack(xml).Document.CstmrCdtTrfInitn;
    expect(PmtInf.CdtTrfTxInf[0]!.Cdtr).toEqual({ Nm: 'Marc Janssens' });
    expect(PmtInf.Dbtr).toHaveProperty('PstlAdr');
  });

  it('uses the given payment information id and batch booking', () => {
    const { PmtInf } = parseBack(
      writePain001(input({ paymentInformationId: 'PMTINF-1', batchBooking: true })),
    ).Document.CstmrCdtTrfInitn;
    expect([PmtInf.PmtInfId, PmtInf.BtchBookg]).toEqual(['PMTINF-1', 'true']);
  });
});

describe('writePain001 refuses', () => {
  const second = (overrides: Partial<Pain001Payment>): Pain001Input =>
    input({ payments: [payment(), payment({ endToEndId: 'REFUND-2024-0008', ...overrides })] });

  it.each([
    ['a currency other than EUR', { amount: parseMoney('10.00', 'USD') }, 'a SEPA credit transfer is in EUR'],
    ['a zero amount', { amount: parseMoney('0.00', 'EUR') }, 'is not more than zero'],
    ['a negative amount', { amount: parseMoney('-5.00', 'EUR') }, 'is not more than zero'],
    [
      'an invalid creditor IBAN',
      { creditor: { ...payment().creditor, iban: 'BE43068999999502' } },
      'creditor IBAN "BE43068999999502" is not valid',
    ],
    [
      'an invalid creditor BIC',
      { creditor: { ...payment().creditor, bic: 'GKCC' } },
      'BIC "GKCC" is not valid',
    ],
    ['a remittance over 140 characters', { remittanceInformation: 'x'.repeat(141) }, 'longer than 140'],
    ['a line break', { remittanceInformation: 'INV-1\nINV-2' }, 'line break'],
    [
      'a creditor without town',
      { creditor: { ...payment().creditor, address: { townName: '', country: 'BE' } } },
      'town name is required',
    ],
    [
      'a bad country',
      { creditor: { ...payment().creditor, address: { townName: 'Gent', country: 'Belgium' } } },
      'country "Belgium"',
    ],
  ])('%s, naming the payment', (_what, overrides, message) => {
    const error = failureOf(() => writePain001(second(overrides)));
    expect(error.code).toBe('validation_failed');
    expect(error.message).toMatch(/^payment 2 \(REFUND-2024-0008\): /);
    expect(error.message).toContain(message);
  });

  it('an end-to-end id used twice, or not a SEPA identifier', () => {
    expect(failureOf(() => writePain001(second({ endToEndId: 'REFUND-2024-0007' }))).message).toContain(
      'used twice',
    );
    expect(failureOf(() => writePain001(second({ endToEndId: 'REF//1' }))).message).toContain('double "/"');
    expect(failureOf(() => writePain001(second({ endToEndId: 'R'.repeat(36) }))).message).toContain(
      'longer than 35',
    );
  });

  it('a bad header: no payments, a bad date, a bad debtor IBAN', () => {
    expect(failureOf(() => writePain001(input({ payments: [] }))).message).toContain('at least one payment');
    expect(failureOf(() => writePain001(input({ requestedExecutionDate: '2024-02-30' }))).message).toContain(
      '2024-02-30',
    );
    expect(failureOf(() => writePain001(input({ createdAt: 'yesterday' }))).message).toContain('yesterday');
    expect(
      failureOf(() => writePain001(input({ debtor: { ...input().debtor, iban: 'BE00' } }))).message,
    ).toContain('the debtor IBAN');
  });
});
