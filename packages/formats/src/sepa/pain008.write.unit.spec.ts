import { DomainError, parseMoney } from '@quittance/domain';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { writePain001 } from './pain001.write';
import {
  PAIN_008_NAMESPACE,
  readPain008,
  writePain008,
  type Pain008Input,
  type Pain008Party,
  type Pain008Transaction,
} from './pain008.write';

// A payment plan of three debtors: two sign their mandate and pay a first installment on 5 April,
// the third was already collected under its mandate; all three pay again on 5 May, the last
// installment of the third carrying the cent left over by splitting 100.00 in three.
const dupont: Pain008Party = {
  name: 'Dupont & Fils <SARL>',
  iban: 'FR14 2004 1010 0505 0001 3M02 606',
  bic: 'PSSTFRPPLIL',
  address: {
    streetName: 'Rue Nationale',
    buildingNumber: '12',
    postCode: '59000',
    townName: 'Lille',
    country: 'FR',
  },
};
const janssens: Pain008Party = { name: 'Marc Janssens', iban: 'BE68539007547034', bic: 'GEBABEBB' };
const deVries: Pain008Party = { name: 'Anna de Vries', iban: 'NL91ABNA0417164300' };

const installment = (
  endToEndId: string,
  amount: string,
  sequenceType: Pain008Transaction['sequenceType'],
  requestedCollectionDate: string,
  debtor: Pain008Party,
  mandate: string,
  overrides: Partial<Pain008Transaction> = {},
): Pain008Transaction => ({
  endToEndId,
  amount: parseMoney(amount, 'EUR'),
  sequenceType,
  requestedCollectionDate,
  mandate: { reference: mandate, signedOn: '2024-03-20' },
  debtor,
  remittanceInformation: `Plan ${mandate} echeance ${endToEndId.slice(-1)}`,
  ...overrides,
});

const plan = (): Pain008Transaction[] => [
  // Given out of order on purpose: the file groups and sorts them.
  installment('PLAN-0042-2', '33.33', 'RCUR', '2024-05-05', dupont, 'MNDT-0042'),
  installment('PLAN-0043-2', '33.33', 'RCUR', '2024-05-05', janssens, 'MNDT-0043'),
  installment('PLAN-0017-5', '33.34', 'RCUR', '2024-05-05', deVries, 'MNDT-0017'),
  installment('PLAN-0017-4', '33.33', 'RCUR', '2024-04-05', deVries, 'MNDT-0017', {
    mandate: { reference: 'MNDT-0017', signedOn: '2023-11-02' },
  }),
  installment('PLAN-0042-1', '33.33', 'FRST', '2024-04-05', dupont, 'MNDT-0042', {
    instructionId: 'INSTR-1',
  }),
  installment('PLAN-0043-1', '33.33', 'FRST', '2024-04-05', janssens, 'MNDT-0043'),
];

const input = (overrides: Partial<Pain008Input> = {}): Pain008Input => ({
  messageId: 'QTC-DD-20240325',
  createdAt: '2024-03-25T09:30:00+01:00',
  initiatingParty: { name: 'Quittance Recouvrement GmbH' },
  creditor: {
    name: 'Quittance Recouvrement GmbH',
    iban: 'DE89 3704 0044 0532 0130 00',
    bic: 'COBADEFFXXX',
    address: {
      streetName: 'Hauptstrasse',
      buildingNumber: '5',
      postCode: '50667',
      townName: 'Koeln',
      country: 'DE',
    },
  },
  creditorId: 'DE98ZZZ09999999999',
  transactions: plan(),
  ...overrides,
});

const parser = new XMLParser({
  ignoreAttributes: false,
  parseTagValue: false,
  isArray: (name) => name === 'PmtInf' || name === 'DrctDbtTxInf',
});

type Parsed = {
  Document: {
    '@_xmlns': string;
    CstmrDrctDbtInitn: {
      GrpHdr: Record<string, unknown>;
      PmtInf: (Record<string, unknown> & { DrctDbtTxInf: Record<string, unknown>[] })[];
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

const creditorBlock = {
  PmtMtd: 'DD',
  BtchBookg: 'true',
  Cdtr: {
    Nm: 'Quittance Recouvrement GmbH',
    PstlAdr: { StrtNm: 'Hauptstrasse', BldgNb: '5', PstCd: '50667', TwnNm: 'Koeln', Ctry: 'DE' },
  },
  CdtrAcct: { Id: { IBAN: 'DE89370400440532013000' } },
  CdtrAgt: { FinInstnId: { BICFI: 'COBADEFFXXX' } },
  ChrgBr: 'SLEV',
  CdtrSchmeId: { Id: { PrvtId: { Othr: { Id: 'DE98ZZZ09999999999', SchmeNm: { Prtry: 'SEPA' } } } } },
};

describe('writePain008', () => {
  it('writes a pain.008.001.08 group header counting and summing every transaction', () => {
    const doc = parseBack(writePain008(input()));
    expect(doc.Document['@_xmlns']).toBe(PAIN_008_NAMESPACE);
    expect(PAIN_008_NAMESPACE).toBe('urn:iso:std:iso:20022:tech:xsd:pain.008.001.08');
    expect(doc.Document.CstmrDrctDbtInitn.GrpHdr).toEqual({
      MsgId: 'QTC-DD-20240325',
      CreDtTm: '2024-03-25T09:30:00+01:00',
      NbOfTxs: '6',
      CtrlSum: '199.99',
      InitgPty: { Nm: 'Quittance Recouvrement GmbH' },
    });
  });

  it('makes one payment information block per collection date and sequence type, by date, FRST first', () => {
    const blocks = parseBack(writePain008(input())).Document.CstmrDrctDbtInitn.PmtInf;
    expect(blocks).toHaveLength(3);
    expect(blocks[0]).toMatchObject({
      PmtInfId: 'QTC-DD-20240325-1',
      NbOfTxs: '2',
      CtrlSum: '66.66',
      PmtTpInf: { SvcLvl: { Cd: 'SEPA' }, LclInstrm: { Cd: 'CORE' }, SeqTp: 'FRST' },
      ReqdColltnDt: '2024-04-05',
      ...creditorBlock,
    });
    expect(blocks[1]).toMatchObject({
      PmtInfId: 'QTC-DD-20240325-2',
      NbOfTxs: '1',
      CtrlSum: '33.33',
      PmtTpInf: { SvcLvl: { Cd: 'SEPA' }, LclInstrm: { Cd: 'CORE' }, SeqTp: 'RCUR' },
      ReqdColltnDt: '2024-04-05',
      ...creditorBlock,
    });
    expect(blocks[2]).toMatchObject({
      PmtInfId: 'QTC-DD-20240325-3',
      NbOfTxs: '3',
      CtrlSum: '100.00',
      PmtTpInf: { SvcLvl: { Cd: 'SEPA' }, LclInstrm: { Cd: 'CORE' }, SeqTp: 'RCUR' },
      ReqdColltnDt: '2024-05-05',
      ...creditorBlock,
    });
    expect(
      blocks.map((block) => block.DrctDbtTxInf.map((tx) => (tx.PmtId as { EndToEndId: string }).EndToEndId)),
    ).toEqual([
      ['PLAN-0042-1', 'PLAN-0043-1'],
      ['PLAN-0017-4'],
      ['PLAN-0042-2', 'PLAN-0043-2', 'PLAN-0017-5'],
    ]);
  });

  it('writes every field of a direct debit transaction', () => {
    const [first] = parseBack(writePain008(input())).Document.CstmrDrctDbtInitn.PmtInf;
    expect(first?.DrctDbtTxInf[0]).toEqual({
      PmtId: { InstrId: 'INSTR-1', EndToEndId: 'PLAN-0042-1' },
      InstdAmt: { '#text': '33.33', '@_Ccy': 'EUR' },
      DrctDbtTx: { MndtRltdInf: { MndtId: 'MNDT-0042', DtOfSgntr: '2024-03-20' } },
      DbtrAgt: { FinInstnId: { BICFI: 'PSSTFRPPLIL' } },
      Dbtr: {
        Nm: 'Dupont & Fils <SARL>',
        PstlAdr: { StrtNm: 'Rue Nationale', BldgNb: '12', PstCd: '59000', TwnNm: 'Lille', Ctry: 'FR' },
      },
      DbtrAcct: { Id: { IBAN: 'FR1420041010050500013M02606' } },
      RmtInf: { Ustrd: 'Plan MNDT-0042 echeance 1' },
    });
  });

  it('writes NOTPROVIDED for a debtor bank known only by the IBAN, and no address when none is known', () => {
    const [, second] = parseBack(writePain008(input())).Document.CstmrDrctDbtInitn.PmtInf;
    const tx = second?.DrctDbtTxInf[0];
    expect(tx?.DbtrAgt).toEqual({ FinInstnId: { Othr: { Id: 'NOTPROVIDED' } } });
    expect(tx?.Dbtr).toEqual({ Nm: 'Anna de Vries' });
    expect(tx).not.toHaveProperty('PmtId.InstrId');
  });

  it('escapes & and < so that names read back unchanged', () => {
    const xml = writePain008(input());
    expect(xml).toContain('<Nm>Dupont &amp; Fils &lt;SARL&gt;</Nm>');
    expect(xml).not.toContain('Dupont & Fils');
    const summary = readPain008(xml);
    expect(summary.paymentInformation[0]?.transactions[0]?.debtorName).toBe('Dupont & Fils <SARL>');
  });

  it('keeps the elements in the order of the schema', () => {
    const xml = writePain008(input());
    const inOrder = (tags: string[], from: string): void => {
      const start = xml.indexOf(from);
      const positions = tags.map((tag) => xml.indexOf(tag, start));
      expect(positions.every((position) => position > 0)).toBe(true);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    };
    inOrder(
      [
        '<PmtInfId>',
        '<PmtMtd>',
        '<BtchBookg>',
        '<NbOfTxs>',
        '<CtrlSum>',
        '<PmtTpInf>',
        '<SvcLvl>',
        '<LclInstrm>',
        '<SeqTp>',
        '<ReqdColltnDt>',
        '<Cdtr>',
        '<CdtrAcct>',
        '<CdtrAgt>',
        '<ChrgBr>',
        '<CdtrSchmeId>',
        '<DrctDbtTxInf>',
      ],
      '<PmtInf>',
    );
    inOrder(
      ['<PmtId>', '<InstdAmt', '<DrctDbtTx>', '<DbtrAgt>', '<Dbtr>', '<DbtrAcct>', '<RmtInf>'],
      '<DrctDbtTxInf>',
    );
  });

  it('states control sums as exact decimals, never through floating point', () => {
    const amounts = ['0.10', '0.20', '1234567.89', '999999999.99'];
    const transactions = amounts.map((amount, i) =>
      installment(`E2E-${i}`, amount, 'RCUR', '2024-04-05', janssens, 'MNDT-0043'),
    );
    const summary = readPain008(writePain008(input({ transactions })));
    expect(summary.controlSum).toBe('1001234568.18');
    expect(summary.paymentInformation.map((block) => block.controlSum)).toEqual(['1001234568.18']);
    expect(summary.paymentInformation[0]?.transactions.map((tx) => tx.amount)).toEqual(amounts);
  });

  it('sums a thousand installments at the SEPA maximum to the cent, where floating point drifts', () => {
    const transactions = Array.from({ length: 1000 }, (_, i) =>
      installment(`E2E-${i}`, '999999999.99', 'RCUR', '2024-04-05', janssens, 'MNDT-0043'),
    );
    const summary = readPain008(writePain008(input({ transactions })));
    expect(summary.numberOfTransactions).toBe(1000);
    expect(summary.controlSum).toBe('999999999990.00');
    expect(summary.paymentInformation[0]?.controlSum).toBe('999999999990.00');
  });

  it('uses B2B, batch booking off, NOTPROVIDED banks and a normalised creditor id when told', () => {
    const doc = parseBack(
      writePain008(
        input({
          localInstrument: 'B2B',
          batchBooking: false,
          creditorId: 'de98 zzz 0999 9999 999',
          creditor: { ...input().creditor, bic: undefined, address: undefined },
          transactions: [installment('E2E-1', '10.00', 'OOFF', '2024-04-05', deVries, 'MNDT-9')],
        }),
      ),
    );
    const [block] = doc.Document.CstmrDrctDbtInitn.PmtInf;
    expect(block).toMatchObject({
      BtchBookg: 'false',
      PmtTpInf: { LclInstrm: { Cd: 'B2B' }, SeqTp: 'OOFF' },
      Cdtr: { Nm: 'Quittance Recouvrement GmbH' },
      CdtrAgt: { FinInstnId: { Othr: { Id: 'NOTPROVIDED' } } },
      CdtrSchmeId: { Id: { PrvtId: { Othr: { Id: 'DE98ZZZ09999999999' } } } },
    });
    expect(block?.Cdtr).not.toHaveProperty('PstlAdr');
    expect(block?.DrctDbtTxInf[0]?.DbtrAgt).toEqual({ FinInstnId: { Othr: { Id: 'NOTPROVIDED' } } });
  });

  it('marks an amended mandate and says what changed', () => {
    const transaction = installment('E2E-1', '10.00', 'RCUR', '2024-04-05', deVries, 'MNDT-9', {
      mandate: {
        reference: 'MNDT-9',
        signedOn: '2023-01-10',
        amended: true,
        amendment: {
          originalMandateReference: 'OLD-MNDT-9',
          originalDebtorIban: 'NL91 ABNA 0417 1643 00',
          debtorBankChanged: true,
        },
      },
    });
    const [block] = parseBack(writePain008(input({ transactions: [transaction] }))).Document.CstmrDrctDbtInitn
      .PmtInf;
    expect(block?.DrctDbtTxInf[0]?.DrctDbtTx).toEqual({
      MndtRltdInf: {
        MndtId: 'MNDT-9',
        DtOfSgntr: '2023-01-10',
        AmdmntInd: 'true',
        AmdmntInfDtls: {
          OrgnlMndtId: 'OLD-MNDT-9',
          OrgnlDbtrAcct: { Id: { IBAN: 'NL91ABNA0417164300' } },
          OrgnlDbtrAgt: { FinInstnId: { Othr: { Id: 'SMNDA' } } },
        },
      },
    });
  });

  it('leaves out an empty remittance information, which reads back as null', () => {
    const transaction = installment('E2E-1', '10.00', 'RCUR', '2024-04-05', deVries, 'MNDT-9', {
      remittanceInformation: '',
    });
    const xml = writePain008(input({ transactions: [transaction] }));
    expect(xml).not.toContain('<RmtInf>');
    expect(readPain008(xml).paymentInformation[0]?.transactions[0]?.remittance).toBeNull();
  });
});

describe('readPain008', () => {
  it('reads back the whole plan', () => {
    const summary = readPain008(writePain008(input()));
    expect(summary).toMatchObject({
      messageId: 'QTC-DD-20240325',
      numberOfTransactions: 6,
      controlSum: '199.99',
    });
    expect(summary.paymentInformation.map(({ transactions: _, ...block }) => block)).toEqual([
      {
        id: 'QTC-DD-20240325-1',
        sequenceType: 'FRST',
        requestedCollectionDate: '2024-04-05',
        numberOfTransactions: 2,
        controlSum: '66.66',
        creditorId: 'DE98ZZZ09999999999',
      },
      {
        id: 'QTC-DD-20240325-2',
        sequenceType: 'RCUR',
        requestedCollectionDate: '2024-04-05',
        numberOfTransactions: 1,
        controlSum: '33.33',
        creditorId: 'DE98ZZZ09999999999',
      },
      {
        id: 'QTC-DD-20240325-3',
        sequenceType: 'RCUR',
        requestedCollectionDate: '2024-05-05',
        numberOfTransactions: 3,
        controlSum: '100.00',
        creditorId: 'DE98ZZZ09999999999',
      },
    ]);
    expect(summary.paymentInformation[1]?.transactions).toEqual([
      {
        endToEndId: 'PLAN-0017-4',
        amount: '33.33',
        mandateReference: 'MNDT-0017',
        signedOn: '2023-11-02',
        debtorName: 'Anna de Vries',
        debtorIban: 'NL91ABNA0417164300',
        remittance: 'Plan MNDT-0017 echeance 4',
      },
    ]);
  });

  it('refuses a file that is not a pain.008.001.08', () => {
    const pain001 = writePain001({
      messageId: 'M-1',
      createdAt: '2024-03-04T16:02:11Z',
      initiatingParty: { name: 'Quittance' },
      debtor: { name: 'Quittance', iban: 'BE68539007547034' },
      requestedExecutionDate: '2024-03-05',
      payments: [
        {
          endToEndId: 'E-1',
          amount: parseMoney('1.00', 'EUR'),
          creditor: { name: 'Client', iban: 'BE43068999999501' },
          remittanceInformation: '',
        },
      ],
    });
    expect(failureOf(() => readPain008(pain001)).message).toContain('pain.001.001.09');
    expect(failureOf(() => readPain008('<Document><GrpHdr>')).code).toBe('validation_failed');
    const withoutIban = writePain008(input()).replace('<IBAN>BE68539007547034</IBAN>', '');
    expect(failureOf(() => readPain008(withoutIban)).message).toContain('DbtrAcct/Id/IBAN is missing');
  });
});

describe('writePain008 refuses', () => {
  const second = (overrides: Partial<Pain008Transaction>): Pain008Input =>
    input({
      transactions: [
        installment('PLAN-0042-1', '33.33', 'FRST', '2024-04-05', dupont, 'MNDT-0042'),
        installment('PLAN-0043-1', '33.33', 'FRST', '2024-04-05', janssens, 'MNDT-0043', overrides),
      ],
    });
  const mandate = (overrides: Partial<Pain008Transaction['mandate']>): Partial<Pain008Transaction> => ({
    mandate: { reference: 'MNDT-0043', signedOn: '2024-03-20', ...overrides },
  });

  it.each([
    ['a currency other than EUR', { amount: parseMoney('10.00', 'USD') }, 'a SEPA direct debit is in EUR'],
    ['a zero amount', { amount: parseMoney('0.00', 'EUR') }, 'is not more than zero'],
    ['a negative amount', { amount: parseMoney('-5.00', 'EUR') }, 'is not more than zero'],
    [
      'an amount over the SEPA maximum',
      { amount: parseMoney('1000000000.00', 'EUR') },
      'exceeds the SEPA maximum',
    ],
    [
      'an instruction id outside the SEPA set',
      { instructionId: 'INSTR_1' },
      'the instruction id "INSTR_1" may only hold',
    ],
    [
      'a mandate reference of 36 characters',
      mandate({ reference: 'M'.repeat(36) }),
      'the mandate reference is longer than 35',
    ],
    [
      'a mandate reference outside the SEPA set',
      mandate({ reference: 'MNDT#43' }),
      'the mandate reference "MNDT#43" may only hold',
    ],
    ['a mandate reference with "//"', mandate({ reference: 'MNDT//43' }), 'double "/"'],
    ['no mandate reference', mandate({ reference: '' }), 'the mandate reference is required'],
    [
      'a signature date that is no date',
      mandate({ signedOn: '2024-02-30' }),
      'signature date "2024-02-30" is not a date',
    ],
    [
      'a mandate signed after the collection',
      mandate({ signedOn: '2024-04-06' }),
      'signature date 2024-04-06 is after the requested collection date 2024-04-05',
    ],
    [
      'an amended mandate that does not say what changed',
      mandate({ amended: true }),
      'the mandate is marked amended but the amendment details say nothing',
    ],
    [
      'amendment details on an unamended mandate',
      mandate({ amendment: { originalMandateReference: 'OLD' } }),
      'the mandate is not marked amended',
    ],
    [
      'a collection date that is no date',
      { requestedCollectionDate: '05/04/2024' },
      'the requested collection date "05/04/2024" is not a date',
    ],
    [
      'an invalid debtor IBAN',
      { debtor: { ...janssens, iban: 'BE68539007547035' } },
      'the debtor IBAN "BE68539007547035" is not valid',
    ],
    ['an invalid debtor BIC', { debtor: { ...janssens, bic: 'GEBA' } }, 'the debtor BIC "GEBA" is not valid'],
    [
      'a debtor name over 70 characters',
      { debtor: { ...janssens, name: 'J'.repeat(71) } },
      'the debtor name is longer than 70',
    ],
    ['no debtor name', { debtor: { ...janssens, name: ' ' } }, 'the debtor name is required'],
    [
      'a Swiss debtor without BIC (outside the EEA)',
      {
        debtor: {
          name: 'Hans Muster',
          iban: 'CH9300762011623852957',
          address: { townName: 'Bern', country: 'CH' },
        },
      },
      'the debtor BIC is required for an account in CH',
    ],
    [
      'a Swiss debtor without address (outside the EEA)',
      { debtor: { name: 'Hans Muster', iban: 'CH9300762011623852957', bic: 'UBSWCHZH80A' } },
      'the debtor address is required for an account in CH',
    ],
    ['a remittance over 140 characters', { remittanceInformation: 'x'.repeat(141) }, 'longer than 140'],
    ['a line break', { remittanceInformation: 'Plan\nMNDT-0043' }, 'line break'],
  ])('%s, naming the transaction', (_what, overrides, message) => {
    const error = failureOf(() => writePain008(second(overrides)));
    expect(error.code).toBe('validation_failed');
    expect(error.message).toMatch(/^transaction 2 \(PLAN-0043-1\): /);
    expect(error.message).toContain(message);
  });

  it('an end-to-end id used twice, over 35 characters or outside the SEPA set, naming it', () => {
    expect(failureOf(() => writePain008(second({ endToEndId: 'PLAN-0042-1' }))).message).toBe(
      'transaction 2 (PLAN-0042-1): the end-to-end id "PLAN-0042-1" is used twice',
    );
    expect(failureOf(() => writePain008(second({ endToEndId: 'E'.repeat(36) }))).message).toContain(
      'the end-to-end id is longer than 35',
    );
    expect(failureOf(() => writePain008(second({ endToEndId: 'PLAN/' }))).message).toMatch(
      /^transaction 2 \(PLAN\/\): the end-to-end id "PLAN\/"/,
    );
  });

  it('a bad header: no transactions, a bad creditor id, creditor account or creation time', () => {
    expect(failureOf(() => writePain008(input({ transactions: [] }))).message).toContain(
      'needs at least one transaction',
    );
    expect(failureOf(() => writePain008(input({ creditorId: 'DE97ZZZ09999999999' }))).message).toBe(
      'the creditor identifier "DE97ZZZ09999999999" is not a valid SEPA creditor identifier',
    );
    expect(
      failureOf(() => writePain008(input({ creditor: { ...input().creditor, iban: 'DE00' } }))).message,
    ).toContain('the creditor IBAN "DE00" is not valid');
    expect(failureOf(() => writePain008(input({ createdAt: '2024-03-25' }))).message).toContain(
      'the creation time "2024-03-25" is not an ISO date-time',
    );
    expect(failureOf(() => writePain008(input({ messageId: 'MSG_1' }))).message).toContain(
      'the message id "MSG_1"',
    );
  });

  it('a message id too long to number its payment information blocks', () => {
    const messageId = 'Q'.repeat(33); // "-1" fits, "-3" makes 35, all fine
    expect(() => writePain008(input({ messageId }))).not.toThrow();
    const error = failureOf(() => writePain008(input({ messageId: 'Q'.repeat(34) })));
    expect(error.message).toContain(`the payment information id "${'Q'.repeat(34)}-1"`);
    expect(error.message).toContain('longer than 35 characters');
  });
});
