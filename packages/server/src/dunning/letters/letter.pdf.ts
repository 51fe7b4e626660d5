import PDFDocument from 'pdfkit';
import { DUNNING_LABELS } from '../templates/labels';
import type { Align, Line, MessageBlock, TableRow } from '../templates/markdown-light';
import { letterFonts } from './fonts';
import type { Letter } from './letter';

// A4 letter in points (1 mm = 72 / 25.4 pt), margins after DIN 5008: 25 mm left, 20 mm right.
const MM = 72 / 25.4;
const PAGE_WIDTH = 210 * MM;
const PAGE_HEIGHT = 297 * MM;
const LEFT = 25 * MM;
const RIGHT = PAGE_WIDTH - 20 * MM;
const WIDTH = RIGHT - LEFT;
const TOP = 22 * MM;
const BOTTOM = 27 * MM;
const FOOTER_Y = PAGE_HEIGHT - 20 * MM;

const REGULAR = 'Regular';
const BOLD = 'Bold';
const INK = '#1f1f1f';
const MUTED = '#5c5c5c';
const RULE = '#bdbdbd';
const SHADE = '#eeeeee';

const BODY_SIZE = 10;
const TABLE_SIZE = 8.5;
const SMALL_SIZE = 7.5;
const CELL_PAD_X = 4;
const CELL_PAD_Y = 3;

type Doc = PDFKit.PDFDocument;
type Table = Extract<MessageBlock, { type: 'table' }>;

const lineText = (line: Line): string => line.map((run) => run.text).join('');
const maxY = (doc: Doc): number => doc.page.height - doc.page.margins.bottom;

/** Writes text at a fixed place without letting pdfkit flow it onto a new page. */
const place = (
  doc: Doc,
  text: string,
  x: number,
  y: number,
  options: { width: number; font?: string; size?: number; color?: string; align?: Align | 'center' },
): number => {
  doc
    .font(options.font ?? REGULAR)
    .fontSize(options.size ?? BODY_SIZE)
    .fillColor(options.color ?? INK);
  const height = doc.heightOfString(text, { width: options.width });
  doc.text(text, x, y, { width: options.width, align: options.align ?? 'left', lineBreak: true });
  return height;
};

// ---------------------------------------------------------------------------------------------
// First page: letterhead, window address, references, place and date, subject.

const letterhead = (doc: Doc, letter: Letter): void => {
  const { sender } = letter;
  if (sender.logo !== undefined) {
    doc.image(sender.logo, LEFT, 12 * MM, { fit: [60 * MM, 20 * MM] });
  } else {
    place(doc, sender.name, LEFT, 14 * MM, { width: 90 * MM, font: BOLD, size: 16 });
  }
  const details = [
    ...sender.addressLines,
    ...(sender.phone ? [sender.phone] : []),
    ...(sender.email ? [sender.email] : []),
    ...(sender.website ? [sender.website] : []),
  ];
  const x = RIGHT - 75 * MM;
  let y = 12 * MM;
  y += place(doc, sender.legalName, x, y, { width: 75 * MM, font: BOLD, size: 8.5, align: 'right' });
  place(doc, details.join('\n'), x, y, { width: 75 * MM, size: SMALL_SIZE, color: MUTED, align: 'right' });
};

const addressAndReferences = (doc: Doc, letter: Letter): void => {
  const nf = letter.layout === 'nf';
  // DIN 5008 form B: the address field is 20 mm from the left and 45 mm from the top, its first
  // 17.7 mm for the return address; the French window lies on the right, about 50 mm down.
  const address = nf
    ? { x: 110 * MM, y: 47 * MM, width: 80 * MM }
    : { x: 20 * MM, y: 45 * MM, width: 85 * MM };
  const references = nf
    ? { x: LEFT, y: 50 * MM, width: 75 * MM }
    : { x: 125 * MM, y: 50 * MM, width: RIGHT - 125 * MM };

  // The return address takes one line: the last address lines (the country) give way first.
  doc.font(REGULAR).fontSize(6);
  let returnParts = [letter.sender.legalName, ...letter.sender.addressLines];
  while (returnParts.length > 2 && doc.widthOfString(returnParts.join(' · ')) > address.width) {
    returnParts = returnParts.slice(0, -1);
  }
  const returnAddress = returnParts.join(' · ');
  const returnY = address.y + (nf ? 0 : 10 * MM);
  place(doc, returnAddress, address.x, returnY, { width: address.width, size: 6, color: MUTED });
  doc
    .moveTo(address.x, returnY + 8)
    .lineTo(address.x + Math.min(address.width, doc.widthOfString(returnAddress)), returnY + 8)
    .lineWidth(0.3)
    .strokeColor(MUTED)
    .stroke();
  const recipientY = address.y + (nf ? 6 * MM : 17.7 * MM);
  const nameHeight = place(doc, letter.recipient.name, address.x, recipientY, {
    width: address.width,
    font: BOLD,
    size: BODY_SIZE,
  });
  place(doc, letter.recipient.lines.join('\n'), address.x, recipientY + nameHeight, {
    width: address.width,
    size: BODY_SIZE,
  });

  let y = references.y;
  doc.font(REGULAR).fontSize(SMALL_SIZE);
  const labelWidth = Math.min(
    35 * MM,
    Math.max(0, ...letter.references.map((r) => doc.widthOfString(r.label))) + 3 * MM,
  );
  for (const reference of letter.references) {
    const height = Math.max(
      place(doc, reference.label, references.x, y, { width: labelWidth, size: SMALL_SIZE, color: MUTED }),
      place(doc, reference.value, references.x + labelWidth, y, {
        width: references.width - labelWidth,
        size: SMALL_SIZE,
      }),
    );
    y += height + 1.5;
  }
};

// ---------------------------------------------------------------------------------------------
// Body blocks

const writeLine = (doc: Doc, line: Line, x: number, width: number, size: number): void => {
  if (line.length === 0) {
    doc.font(REGULAR).fontSize(size).text(' ', x, doc.y, { width });
    return;
  }
  line.forEach((run, index) => {
    doc
      .font(run.bold ? BOLD : REGULAR)
      .fontSize(size)
      .fillColor(INK);
    const continued = index < line.length - 1;
    if (index === 0) doc.text(run.text, x, doc.y, { width, continued, lineGap: 1.5 });
    else doc.text(run.text, { width, continued, lineGap: 1.5 });
  });
};

const linesHeight = (doc: Doc, lines: readonly Line[], width: number, size: number): number => {
  doc.font(REGULAR).fontSize(size);
  return doc.heightOfString(lines.map(lineText).join('\n') || ' ', { width, lineGap: 1.5 });
};

/** Starts a new page when `height` does not fit and would fit on a fresh page. */
const keepTogether = (doc: Doc, height: number): void => {
  const room = maxY(doc) - doc.y;
  const fresh = maxY(doc) - doc.page.margins.top;
  if (height > room && height <= fresh * 0.6) {
    doc.addPage();
  }
};

const paragraph = (doc: Doc, lines: readonly Line[]): void => {
  keepTogether(doc, linesHeight(doc, lines, WIDTH, BODY_SIZE));
  for (const line of lines) writeLine(doc, line, LEFT, WIDTH, BODY_SIZE);
  doc.moveDown(0.7);
};

const heading = (doc: Doc, line: Line): void => {
  // A heading stays with at least three lines of what follows.
  keepTogether(doc, linesHeight(doc, [line], WIDTH, 11) + 3 * 14);
  writeLine(
    doc,
    line.map((run) => ({ ...run, bold: true })),
    LEFT,
    WIDTH,
    11,
  );
  doc.moveDown(0.4);
};

const list = (doc: Doc, items: readonly (readonly Line[])[]): void => {
  const indent = 4 * MM;
  for (const item of items) {
    keepTogether(doc, linesHeight(doc, item, WIDTH - indent, BODY_SIZE));
    const y = doc.y;
    doc
      .font(REGULAR)
      .fontSize(BODY_SIZE)
      .fillColor(INK)
      .text('•', LEFT, y, { width: indent, lineBreak: false });
    doc.y = y;
    for (const line of item) writeLine(doc, line, LEFT + indent, WIDTH - indent, BODY_SIZE);
    doc.moveDown(0.25);
  }
  doc.moveDown(0.5);
};

// Tables: the item table keeps its header on every page it spans and its total under its last
// row; the small tables (totals, payment details) never split.

type CellStyle = { font: string; align: Align };

const cellFont = (row: TableRow, cell: Line): string =>
  row.strong === true || (cell.length > 0 && cell.every((run) => run.bold)) ? BOLD : REGULAR;

const columnWidths = (doc: Doc, table: Table): number[] => {
  const measure = (text: string, font: string) => doc.font(font).fontSize(TABLE_SIZE).widthOfString(text);
  const natural = table.columns.map((column, i) => {
    const widths = [
      ...(table.header ? [measure(column.label, BOLD)] : []),
      ...[...table.rows, ...table.footer].map((row) => {
        const cell = row.cells[i] ?? [];
        return measure(lineText(cell), cellFont(row, cell));
      }),
    ];
    return Math.ceil(Math.max(0, ...widths)) + 2 * CELL_PAD_X + 1;
  });
  const total = natural.reduce((a, b) => a + b, 0);
  if (total > WIDTH) {
    // Too wide: the left-aligned (text) columns give way and wrap; amounts keep their width.
    const flexible = natural.map((w, i) => (table.columns[i]?.align === 'left' ? w : 0));
    const flexibleTotal = flexible.reduce((a, b) => a + b, 0);
    const excess = total - WIDTH;
    return natural.map((w, i) =>
      flexibleTotal > 0 && (flexible[i] ?? 0) > 0
        ? Math.max(14 * MM, w - (excess * (flexible[i] ?? 0)) / flexibleTotal)
        : w,
    );
  }
  if (table.role === 'items' || (table.role === 'table' && table.header)) {
    // A data table spans the text width; the first column takes the slack.
    return natural.map((w, i) => (i === 0 ? w + (WIDTH - total) : w));
  }
  return natural;
};

const rowHeight = (
  doc: Doc,
  cells: readonly { text: string; style: CellStyle }[],
  widths: readonly number[],
): number =>
  Math.max(
    ...cells.map((cell, i) => {
      doc.font(cell.style.font).fontSize(TABLE_SIZE);
      return doc.heightOfString(cell.text || ' ', { width: (widths[i] ?? 0) - 2 * CELL_PAD_X });
    }),
  ) +
  2 * CELL_PAD_Y;

const drawRow = (
  doc: Doc,
  cells: readonly { text: string; style: CellStyle }[],
  widths: readonly number[],
  x: number,
  y: number,
  height: number,
  options: { shade?: boolean; ruleBelow?: { width: number; color: string }; ruleAbove?: boolean },
): void => {
  const total = widths.reduce((a, b) => a + b, 0);
  if (options.shade) doc.rect(x, y, total, height).fillColor(SHADE).fill();
  if (options.ruleAbove) {
    doc
      .moveTo(x, y)
      .lineTo(x + total, y)
      .lineWidth(0.8)
      .strokeColor(INK)
      .stroke();
  }
  let cx = x;
  cells.forEach((cell, i) => {
    const width = widths[i] ?? 0;
    doc.font(cell.style.font).fontSize(TABLE_SIZE).fillColor(INK);
    doc.text(cell.text, cx + CELL_PAD_X, y + CELL_PAD_Y, {
      width: width - 2 * CELL_PAD_X,
      align: cell.style.align,
    });
    cx += width;
  });
  if (options.ruleBelow) {
    doc
      .moveTo(x, y + height)
      .lineTo(x + total, y + height)
      .lineWidth(options.ruleBelow.width)
      .strokeColor(options.ruleBelow.color)
      .stroke();
  }
};

const table = (doc: Doc, block: Table): void => {
  const widths = columnWidths(doc, block);
  const tableWidth = widths.reduce((a, b) => a + b, 0);
  // The breakdown of the amount stands on the right, under the amounts it adds up.
  const x = block.role === 'totals' ? RIGHT - tableWidth : LEFT;
  const cellsOf = (row: TableRow) =>
    block.columns.map((column, i) => {
      const cell = row.cells[i] ?? [];
      return { text: lineText(cell), style: { font: cellFont(row, cell), align: column.align } };
    });
  const headerCells = block.columns.map((column) => ({
    text: column.label,
    style: { font: BOLD, align: column.align },
  }));
  const headerHeight = block.header ? rowHeight(doc, headerCells, widths) : 0;
  const rows = block.rows.map((row) => ({ cells: cellsOf(row), height: 0 }));
  rows.forEach((row) => (row.height = rowHeight(doc, row.cells, widths)));
  const footer = block.footer.map((row) => ({ cells: cellsOf(row), height: 0 }));
  footer.forEach((row) => (row.height = rowHeight(doc, row.cells, widths)));
  const footerHeight = footer.reduce((a, r) => a + r.height, 0);
  const whole = headerHeight + rows.reduce((a, r) => a + r.height, 0) + footerHeight;

  if (block.role !== 'items' && block.role !== 'table') keepTogether(doc, whole);
  else keepTogether(doc, Math.min(whole, headerHeight + (rows[0]?.height ?? 0) * 3 + footerHeight));

  let y = doc.y;
  const header = () => {
    if (!block.header) return;
    drawRow(doc, headerCells, widths, x, y, headerHeight, {
      shade: true,
      ruleBelow: { width: 0.8, color: INK },
    });
    y += headerHeight;
  };
  const newPage = () => {
    doc.addPage();
    y = doc.page.margins.top;
    header();
  };
  if (y + headerHeight + (rows[0]?.height ?? 0) > maxY(doc)) newPage();
  else header();
  const top = y;
  rows.forEach((row, index) => {
    // The last row is kept with the total under it.
    const needed = row.height + (index === rows.length - 1 ? footerHeight : 0);
    if (y + needed > maxY(doc)) newPage();
    drawRow(doc, row.cells, widths, x, y, row.height, {
      ruleBelow: block.role === 'payment' ? undefined : { width: 0.4, color: RULE },
    });
    y += row.height;
  });
  if (rows.length === 0 && y + footerHeight > maxY(doc)) newPage();
  footer.forEach((row, index) => {
    drawRow(doc, row.cells, widths, x, y, row.height, { ruleAbove: index === 0 });
    y += row.height;
  });
  if (block.role === 'payment') {
    // The payment details stand out in a frame, like a transfer slip.
    doc
      .rect(x - 2, top - 2, tableWidth + 4, y - top + 4)
      .lineWidth(0.6)
      .strokeColor(MUTED)
      .stroke();
    y += 2;
  }
  doc.x = LEFT;
  doc.y = y + 10;
};

const body = (doc: Doc, blocks: readonly MessageBlock[]): void => {
  for (const block of blocks) {
    switch (block.type) {
      case 'heading':
        heading(doc, block.line);
        break;
      case 'paragraph':
        paragraph(doc, block.lines);
        break;
      case 'list':
        list(doc, block.items);
        break;
      case 'table':
        table(doc, block);
        break;
      default: {
        const unreachable: never = block;
        throw new Error(`unknown block ${JSON.stringify(unreachable)}`);
      }
    }
  }
};

// ---------------------------------------------------------------------------------------------
// Every page: the running header from page 2, the footer and the page number "2/3".

const pageFurniture = (doc: Doc, letter: Letter): void => {
  const range = doc.bufferedPageRange();
  const continued = DUNNING_LABELS[letter.language].letter.continued;
  const legal = [
    letter.sender.legalName,
    letter.sender.addressLines.join(', '),
    ...(letter.sender.registration ? [letter.sender.registration] : []),
    ...(letter.sender.vatNumber
      ? [`${DUNNING_LABELS[letter.language].letter.vat} ${letter.sender.vatNumber}`]
      : []),
  ].join(' · ');
  const bank = [
    ...(letter.sender.iban ? [`IBAN ${letter.sender.iban.replace(/(.{4})(?=.)/g, '$1 ')}`] : []),
    ...(letter.sender.bic ? [`BIC ${letter.sender.bic}`] : []),
  ].join(' · ');
  for (let i = 0; i < range.count; i += 1) {
    doc.switchToPage(range.start + i);
    // Writing in the bottom margin must not make pdfkit open a page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    if (i > 0) {
      place(
        doc,
        `${letter.sender.name} · ${letter.recipient.name} · ${letter.subject} (${continued})`,
        LEFT,
        10 * MM,
        {
          width: WIDTH,
          size: SMALL_SIZE,
          color: MUTED,
        },
      );
    }
    doc
      .moveTo(LEFT, FOOTER_Y - 3)
      .lineTo(RIGHT, FOOTER_Y - 3)
      .lineWidth(0.4)
      .strokeColor(RULE)
      .stroke();
    place(doc, [legal, bank].filter(Boolean).join('\n'), LEFT, FOOTER_Y, {
      width: WIDTH - 18 * MM,
      size: 6.5,
      color: MUTED,
    });
    place(doc, `${i + 1}/${range.count}`, RIGHT - 16 * MM, FOOTER_Y, {
      width: 16 * MM,
      size: SMALL_SIZE,
      color: MUTED,
      align: 'right',
    });
    doc.page.margins.bottom = bottom;
  }
};

/**
 * The letter as an A4 PDF with embedded DejaVu fonts. The same letter gives the same bytes: the
 * creation date and the file identifier come from `letter.createdAt` and `letter.id`, nothing
 * from the clock.
 */
export const renderLetterPdf = (letter: Letter): Promise<Buffer> =>
  new Promise<Buffer>((resolve, reject) => {
    const createdAt = new Date(letter.createdAt);
    if (Number.isNaN(createdAt.getTime())) {
      reject(
        new RangeError(`letter ${letter.id}: createdAt "${letter.createdAt}" is not an ISO 8601 instant`),
      );
      return;
    }
    const info = {
      Title: letter.subject,
      Author: letter.sender.legalName,
      Subject: letter.subject,
      Creator: 'Quittance',
      Producer: 'Quittance',
      CreationDate: createdAt,
      // Hashed with the rest of the info into the file identifier.
      QuittanceLetterId: letter.id,
    } as PDFKit.DocumentInfo;
    const doc = new PDFDocument({
      size: 'A4',
      margins: { top: TOP, bottom: BOTTOM, left: LEFT, right: PAGE_WIDTH - RIGHT },
      bufferPages: true,
      autoFirstPage: false,
      lang: letter.locale,
      displayTitle: true,
      info,
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    try {
      const fonts = letterFonts();
      doc.registerFont(REGULAR, fonts.regular);
      doc.registerFont(BOLD, fonts.bold);
      doc.addPage();
      letterhead(doc, letter);
      addressAndReferences(doc, letter);
      place(doc, letter.placeAndDate, LEFT, 98 * MM, { width: WIDTH, align: 'right' });
      const subjectHeight = place(doc, letter.subject, LEFT, 106 * MM, {
        width: WIDTH,
        font: BOLD,
        size: 11,
      });
      doc.x = LEFT;
      doc.y = 106 * MM + subjectHeight + 6 * MM;
      body(doc, letter.blocks);
      pageFurniture(doc, letter);
      doc.end();
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
