import { execFileSync } from 'node:child_process';
import { deflateSync } from 'node:zlib';
import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveTemplate, standardTemplates } from '../templates/catalog';
import type { DunningContext, DunningItem, DunningLanguage } from '../templates/context';
import { sampleDunningContext, type SampleOptions } from '../templates/preview';
import { renderDunningMessage } from '../templates/render';
import { letterFromMessage, type Letter } from './letter';
import { renderLetterPdf } from './letter.pdf';
import { mergeLetters } from './merge';

// pdftotext and pdffonts come with poppler-utils (a Debian package of the CI image).
const pdftotext = (pdf: Buffer, page?: number): string =>
  execFileSync('pdftotext', ['-layout', ...(page ? ['-f', `${page}`, '-l', `${page}`] : []), '-', '-'], {
    input: pdf,
  })
    .toString('utf8')
    .replace(/[\u00a0\u202f]/g, ' ');
const pageCount = async (pdf: Buffer): Promise<number> => (await PDFDocument.load(pdf)).getPageCount();

const letterFor = async (
  id: string,
  language: DunningLanguage,
  context: DunningContext,
  extra: Partial<Letter> = {},
): Promise<Letter> => {
  const template = resolveTemplate(await standardTemplates(), id, language).template;
  const message = renderDunningMessage(template, context);
  return {
    ...letterFromMessage(message, context, { id: `letter-${id}`, createdAt: '2025-03-31T08:00:00Z' }),
    ...extra,
  };
};

const sample = (language: DunningLanguage, options: SampleOptions) => sampleDunningContext(language, options);

const manyItems = (count: number): DunningItem[] =>
  Array.from({ length: count }, (_, i) => ({
    number: `RE-2025-${String(i + 1).padStart(4, '0')}`,
    kind: 'invoice',
    issueDate: '2025-01-15',
    dueDate: '2025-02-14',
    amount: '100.00',
    outstanding: '100.00',
    daysPastDue: 45,
  }));

describe('a letter', () => {
  let pdf: Buffer;
  let text: string;
  beforeAll(async () => {
    pdf = await renderLetterPdf(
      await letterFor('consumer-reminder-2', 'fr', sample('fr', { customerType: 'consumer', level: 'R2' })),
    );
    text = pdftotext(pdf);
  });

  it('has the letterhead of the legal entity', () => {
    expect(text).toContain('Quincaillerie Moreau SAS');
    expect(text).toContain('18 rue des Tanneurs');
    expect(text).toContain('SIREN 552 100 554 – RCS Lyon');
    expect(text).toContain('IBAN FR76 3000 6000 0112 3456 7890 189');
  });

  it('has the debtor’s address, the references, the place and date, the subject', () => {
    expect(text).toContain('M. Julien Lefèvre');
    expect(text).toContain('8 rue Victor Hugo');
    expect(text).toContain('69003 Lyon');
    expect(text).toMatch(/Votre n° client +P-200731/);
    expect(text).toContain('Lyon, le 31 mars 2025');
    expect(text).toContain('Deuxième rappel – compte client P-200731');
  });

  it('lists the items with their dates and amounts, the total and the payment details', () => {
    expect(text).toMatch(/2025-004512 +05\/01\/2025 +20\/01\/2025 +89,90 € +89,90 € +70/);
    expect(text).toMatch(/Total +179,80 €/);
    expect(text).toMatch(/Total à payer +181,65 €/);
    expect(text).toMatch(/IBAN +FR76 3000 6000 0112 3456 7890 189/);
    expect(text).toMatch(/Référence à rappeler +RF18539007547034/);
  });

  it('numbers its pages n/total', async () => {
    const pages = await pageCount(pdf);
    expect(pages).toBeGreaterThanOrEqual(2);
    for (let page = 1; page <= pages; page += 1) expect(pdftotext(pdf, page)).toContain(`${page}/${pages}`);
  });

  it('embeds its fonts', () => {
    const fonts = execFileSync('pdffonts', ['-'], { input: pdf }).toString('utf8');
    expect(fonts).toMatch(/DejaVuSans +CID TrueType +Identity-H +yes/);
    expect(fonts).not.toContain('Helvetica');
  });

  it('renders the same bytes for the same letter, other bytes for another date', async () => {
    const letter = await letterFor(
      'consumer-reminder-2',
      'fr',
      sample('fr', { customerType: 'consumer', level: 'R2' }),
    );
    expect((await renderLetterPdf(letter)).equals(pdf)).toBe(true);
    const later = await renderLetterPdf({ ...letter, createdAt: '2025-04-01T08:00:00Z' });
    expect(later.equals(pdf)).toBe(false);
    expect(pdf.toString('latin1')).toContain('(D:20250331080000Z)');
    const another = await renderLetterPdf({ ...letter, id: 'another-letter' });
    const fileId = (bytes: Buffer) => /\/ID \[<([0-9a-f]+)>/.exec(bytes.toString('latin1'))?.[1];
    expect(fileId(pdf)).toMatch(/^[0-9a-f]{32}$/);
    expect(fileId(another)).not.toBe(fileId(pdf));
  });

  it('refuses a creation date that is not an instant', async () => {
    const letter = await letterFor('business-r1', 'en', sample('en', {}));
    await expect(renderLetterPdf({ ...letter, createdAt: 'yesterday' })).rejects.toThrow(
      /not an ISO 8601 instant/,
    );
  });
});

describe('a letter with 70 items', () => {
  let pdf: Buffer;
  beforeAll(async () => {
    const base = sample('de', { customerType: 'business', level: 'R1' });
    const context: DunningContext = {
      ...base,
      items: manyItems(70),
      totals: { principal: '7000.00', interest: '10.00', fees: '40.00', costs: '0.00', totalDue: '7050.00' },
    };
    pdf = await renderLetterPdf(await letterFor('business-r1', 'de', context));
  });

  it('continues the item table across pages, its header on each', async () => {
    const pages = await pageCount(pdf);
    expect(pages).toBeGreaterThanOrEqual(3);
    const header = /Beleg +Belegdatum +Fällig am +Betrag +Offen +Tage überfällig/;
    const seen: string[] = [];
    for (let page = 1; page <= pages; page += 1) {
      const text = pdftotext(pdf, page);
      const numbers = text.match(/RE-2025-\d{4}/g) ?? [];
      if (numbers.length > 0) expect(text, `page ${page}`).toMatch(header);
      seen.push(...numbers);
      expect(text).toContain(`${page}/${pages}`);
    }
    expect(seen).toEqual(manyItems(70).map((item) => item.number));
    expect(pdftotext(pdf)).toMatch(/Summe +7.000,00 €/);
    expect(pdftotext(pdf)).toMatch(/Gesamtbetrag +7.050,00 €/);
  });

  it('repeats who writes to whom at the top of the following pages', () => {
    expect(pdftotext(pdf, 2)).toContain('Brenner Industriebedarf · Schneider Bau GmbH');
    expect(pdftotext(pdf, 2)).toContain('(Fortsetzung)');
  });
});

describe('letterhead and layout', () => {
  // A 2×2 red PNG, built here so that the test needs no image file.
  const png = (() => {
    const crc = (bytes: Buffer) => {
      let c = ~0;
      for (const byte of bytes) {
        c ^= byte;
        for (let k = 0; k < 8; k += 1) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
      }
      return ~c >>> 0;
    };
    const chunk = (type: string, data: Buffer) => {
      const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
      const out = Buffer.alloc(12 + data.length);
      out.writeUInt32BE(data.length, 0);
      body.copy(out, 4);
      out.writeUInt32BE(crc(body), 8 + data.length);
      return out;
    };
    const header = Buffer.alloc(13);
    header.writeUInt32BE(2, 0);
    header.writeUInt32BE(2, 4);
    header.set([8, 2, 0, 0, 0], 8);
    const rows = Buffer.from([0, 255, 0, 0, 255, 0, 0, 0, 255, 0, 0, 255, 0, 0]);
    return Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', header),
      chunk('IDAT', deflateSync(rows)),
      chunk('IEND', Buffer.alloc(0)),
    ]);
  })();

  it('shows a PNG logo in place of the company name', async () => {
    const letter = await letterFor('business-r1', 'en', sample('en', {}));
    const withLogo = await renderLetterPdf({ ...letter, sender: { ...letter.sender, logo: png } });
    expect(withLogo.toString('latin1')).toContain('/Subtype /Image');
    expect(pdftotext(withLogo, 1)).not.toMatch(/^Northwind Supplies\s*$/m);
  });

  it('puts the address on the left for DIN 5008 and on the right for the French window', async () => {
    const english = pdftotext(
      await renderLetterPdf(await letterFor('business-r1', 'en', sample('en', {}))),
      1,
    );
    const french = pdftotext(
      await renderLetterPdf(await letterFor('business-r1', 'fr', sample('fr', {}))),
      1,
    );
    const column = (text: string, needle: string) =>
      text
        .split('\n')
        .find((line) => line.includes(needle))
        ?.indexOf(needle) ?? -1;
    expect(column(english, 'Harbourside Hotels Ltd')).toBeLessThan(10);
    expect(column(french, 'Boulangerie Martin SARL')).toBeGreaterThan(40);
  });
});

describe('merging the letters of a run', () => {
  it('puts every page of every letter in one PDF, in order', async () => {
    const first = await renderLetterPdf(await letterFor('business-r1', 'en', sample('en', {})));
    const second = await renderLetterPdf(
      await letterFor('consumer-reminder-2', 'fr', sample('fr', { customerType: 'consumer', level: 'R2' })),
    );
    const pages = (await pageCount(first)) + (await pageCount(second));
    const merged = await mergeLetters([first, second], {
      title: 'Run 2025-03-31',
      createdAt: '2025-03-31T09:00:00Z',
    });
    expect(await pageCount(merged)).toBe(pages);
    const text = pdftotext(merged);
    expect(text.indexOf('Harbourside Hotels Ltd')).toBeLessThan(text.indexOf('M. Julien Lefèvre'));
    expect(
      (
        await mergeLetters([first, second], { title: 'Run 2025-03-31', createdAt: '2025-03-31T09:00:00Z' })
      ).equals(merged),
    ).toBe(true);
  });

  it('adds a blank page after odd-length letters for double-sided printing', async () => {
    const one = await renderLetterPdf(await letterFor('thank-you', 'en', sample('en', {})));
    expect(await pageCount(one)).toBe(1);
    expect(await pageCount(await mergeLetters([one, one], { duplex: true }))).toBe(4);
  });

  it('names the letter that is not a PDF', async () => {
    await expect(mergeLetters([Buffer.from('not a pdf')])).rejects.toThrow(
      /letter 1 of 1 is not a readable PDF/,
    );
  });
});
