// Markdown-light: the little markup a dunning body is written in, turned into blocks that plain
// text, HTML and the PDF letter each render their own way.
//
//   Paragraphs are separated by a blank line; a single line break stays a line break (addresses,
//   signatures). `**bold**` inside a line. `# Heading`. `- ` starts a list item.
//   `| a | b |` rows make a table: a `|---|---:|` row under the first makes it the header, a
//   separator row first makes a table without header; `:` on the right aligns a column right.
//   `[[items]]`, `[[totals]]`, `[[payment]]` alone on a line are directives: Quittance puts the
//   item table, the breakdown of the amount due, the payment details there (see directives.ts).
//
// Values a template outputs (`{{ customer.name }}`) are encoded before this parser sees them, so
// a `*`, `|`, `#`, `-`, `[` or a line break in a customer's name is text, never markup.

export type Inline = { readonly text: string; readonly bold: boolean };
/** One line of text: runs of plain and bold text. */
export type Line = readonly Inline[];
export type Align = 'left' | 'right';
export type TableRow = { readonly cells: readonly Line[]; readonly strong?: boolean };
export type TableRole = 'table' | 'items' | 'totals' | 'payment';

export type MessageBlock =
  | { readonly type: 'heading'; readonly line: Line }
  | { readonly type: 'paragraph'; readonly lines: readonly Line[] }
  | { readonly type: 'list'; readonly items: readonly (readonly Line[])[] }
  | {
      readonly type: 'table';
      readonly role: TableRole;
      /** Column labels; shown only when `header` is true. */
      readonly columns: readonly { readonly label: string; readonly align: Align }[];
      readonly header: boolean;
      readonly rows: readonly TableRow[];
      /** Total lines, kept under the rows (never split from the last row in a letter). */
      readonly footer: readonly TableRow[];
    };

export type Directive = {
  readonly type: 'directive';
  readonly name: string;
  readonly args: readonly string[];
};
export type ParsedBlock = MessageBlock | Directive;

// Characters with a meaning in Markdown-light, mapped to the Unicode private use area while a
// value travels through the parser.
const SPECIAL = '*|[]#-\n\r';
const PRIVATE_BASE = 0xe000;
const SPECIAL_PATTERN = /[*|[\]#\-\n\r]/g;
const PRIVATE_PATTERN = new RegExp(
  `[\\u${PRIVATE_BASE.toString(16)}-\\u${(PRIVATE_BASE + SPECIAL.length - 1).toString(16)}]`,
  'g',
);

const stringifyValue = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(stringifyValue).join('');
  return String(value);
};

/** What a template outputs becomes inert text (the `outputEscape` of the Liquid engine). */
export const encodeValue = (value: unknown): string =>
  stringifyValue(value).replace(SPECIAL_PATTERN, (c) =>
    String.fromCharCode(PRIVATE_BASE + SPECIAL.indexOf(c)),
  );

/** Back to the characters the value had. */
export const decodeValue = (text: string): string =>
  text.replace(PRIVATE_PATTERN, (c) => SPECIAL[c.charCodeAt(0) - PRIVATE_BASE] ?? '');

export const plainLine = (text: string, bold = false): Line => (text === '' ? [] : [{ text, bold }]);

const parseInline = (text: string): Line => {
  const parts = text.split('**');
  const line: Inline[] = [];
  parts.forEach((part, index) => {
    // An unpaired `**` is text: the last part after an odd split stays plain and keeps its stars.
    const unpaired = parts.length % 2 === 0 && index === parts.length - 1;
    const bold = index % 2 === 1 && !unpaired;
    const decoded = decodeValue(unpaired ? `**${part}` : part);
    if (decoded !== '') line.push({ text: decoded, bold });
  });
  return line;
};

const DIRECTIVE = /^\s*\[\[\s*([a-z][a-z-]*)((?:\s+[a-z][a-z-]*)*)\s*\]\]\s*$/;
const HEADING = /^\s*#{1,3}\s+(.*)$/;
const LIST_ITEM = /^\s*-\s+(.*)$/;
const TABLE_ROW = /^\s*\|/;
const SEPARATOR_CELL = /^:?-+:?$/;

const splitRow = (line: string): string[] => {
  let inner = line.trim();
  if (inner.startsWith('|')) inner = inner.slice(1);
  if (inner.endsWith('|')) inner = inner.slice(0, -1);
  return inner.split('|').map((cell) => cell.trim());
};

const isSeparator = (cells: readonly string[]): boolean =>
  cells.length > 0 && cells.every((cell) => SEPARATOR_CELL.test(cell));

const parseTable = (lines: readonly string[]): MessageBlock => {
  const rows = lines.map(splitRow);
  const width = Math.max(...rows.map((cells) => cells.length));
  let header: string[] | undefined;
  let aligns: Align[] = Array.from({ length: width }, () => 'left');
  let body = rows;
  const alignOf = (cells: readonly string[]): Align[] =>
    Array.from({ length: width }, (_, i) => (cells[i]?.endsWith(':') ? 'right' : 'left'));
  if (rows[0] && isSeparator(rows[0])) {
    aligns = alignOf(rows[0]);
    body = rows.slice(1);
  } else if (rows[1] && isSeparator(rows[1])) {
    header = rows[0];
    aligns = alignOf(rows[1]);
    body = rows.slice(2);
  }
  const pad = (cells: readonly string[]): string[] => Array.from({ length: width }, (_, i) => cells[i] ?? '');
  return {
    type: 'table',
    role: 'table',
    header: header !== undefined,
    columns: pad(header ?? []).map((label, i) => ({
      label: decodeValue(label.replaceAll('**', '')),
      align: aligns[i] ?? 'left',
    })),
    rows: body
      .filter((cells) => !isSeparator(cells))
      .map((cells) => ({ cells: pad(cells).map(parseInline) })),
    footer: [],
  };
};

/** Splits a rendered body into blocks; directives are left for the renderer to fill. */
export const parseMarkdownLight = (source: string): ParsedBlock[] => {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: ParsedBlock[] = [];
  let i = 0;
  const blank = (line: string | undefined) => line === undefined || line.trim() === '';
  const startsBlock = (line: string) =>
    DIRECTIVE.test(line) || HEADING.test(line) || LIST_ITEM.test(line) || TABLE_ROW.test(line);
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (blank(line)) {
      i += 1;
      continue;
    }
    const directive = DIRECTIVE.exec(line);
    if (directive) {
      blocks.push({
        type: 'directive',
        name: directive[1] ?? '',
        args: (directive[2] ?? '').trim().split(/\s+/).filter(Boolean),
      });
      i += 1;
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      blocks.push({ type: 'heading', line: parseInline((heading[1] ?? '').trim()) });
      i += 1;
      continue;
    }
    if (TABLE_ROW.test(line)) {
      const rows: string[] = [];
      while (i < lines.length && TABLE_ROW.test(lines[i] ?? '')) rows.push(lines[i++] ?? '');
      blocks.push(parseTable(rows));
      continue;
    }
    if (LIST_ITEM.test(line)) {
      const items: Line[][] = [];
      while (i < lines.length && !blank(lines[i])) {
        const current = lines[i] ?? '';
        const item = LIST_ITEM.exec(current);
        if (item) items.push([parseInline((item[1] ?? '').trim())]);
        else if (startsBlock(current)) break;
        else items[items.length - 1]?.push(parseInline(current.trim()));
        i += 1;
      }
      blocks.push({ type: 'list', items });
      continue;
    }
    const paragraph: Line[] = [];
    while (i < lines.length && !blank(lines[i]) && !startsBlock(lines[i] ?? '')) {
      paragraph.push(parseInline((lines[i] ?? '').trim()));
      i += 1;
    }
    blocks.push({ type: 'paragraph', lines: paragraph });
  }
  return blocks;
};

// ---------------------------------------------------------------------------------------------
// Plain text

const lineText = (line: Line): string => line.map((run) => run.text).join('');
const width = (text: string): number => [...text].length;
const padTo = (text: string, size: number, align: Align): string => {
  const fill = ' '.repeat(Math.max(0, size - width(text)));
  return align === 'right' ? fill + text : text + fill;
};

const tableText = (block: Extract<MessageBlock, { type: 'table' }>): string => {
  const texts = (row: TableRow) => row.cells.map(lineText);
  const all = [
    ...(block.header ? [block.columns.map((c) => c.label)] : []),
    ...block.rows.map(texts),
    ...block.footer.map(texts),
  ];
  const sizes = block.columns.map((_, i) => Math.max(0, ...all.map((cells) => width(cells[i] ?? ''))));
  const format = (cells: readonly string[]) =>
    block.columns
      .map((column, i) => padTo(cells[i] ?? '', sizes[i] ?? 0, column.align))
      .join('  ')
      .trimEnd();
  const rule = sizes.map((size) => '-'.repeat(size)).join('  ');
  const out: string[] = [];
  if (block.header) out.push(format(block.columns.map((c) => c.label)), rule);
  out.push(...block.rows.map((row) => format(texts(row))));
  if (block.footer.length > 0) {
    if (block.rows.length > 0) out.push(rule);
    out.push(...block.footer.map((row) => format(texts(row))));
  }
  return out.join('\n');
};

/** The body as plain text (the text part of an email, a preview). */
export const blocksToText = (blocks: readonly MessageBlock[]): string =>
  `${blocks
    .map((block) => {
      switch (block.type) {
        case 'heading':
          return lineText(block.line);
        case 'paragraph':
          return block.lines.map(lineText).join('\n');
        case 'list':
          return block.items
            .map((item) => item.map((l, i) => `${i === 0 ? '- ' : '  '}${lineText(l)}`).join('\n'))
            .join('\n');
        case 'table':
          return tableText(block);
        default: {
          const unreachable: never = block;
          return unreachable;
        }
      }
    })
    .join('\n\n')}\n`;

// ---------------------------------------------------------------------------------------------
// HTML

const HTML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);

const URL_PATTERN = /https:\/\/[^\s<>"']+[^\s<>"'.,;:!?)]/g;

const runHtml = (run: Inline): string => {
  let html = '';
  let last = 0;
  for (const match of run.text.matchAll(URL_PATTERN)) {
    const url = match[0];
    html += escapeHtml(run.text.slice(last, match.index));
    html += `<a href="${escapeHtml(url)}" style="color:#0b57d0">${escapeHtml(url)}</a>`;
    last = match.index + url.length;
  }
  html += escapeHtml(run.text.slice(last));
  return run.bold ? `<strong>${html}</strong>` : html;
};

const lineHtml = (line: Line): string => line.map(runHtml).join('');

const CELL = 'padding:4px 8px;border-bottom:1px solid #d9d9d9;vertical-align:top';

const tableHtml = (block: Extract<MessageBlock, { type: 'table' }>): string => {
  const cell = (tag: 'td' | 'th', content: string, align: Align, strong: boolean) =>
    `<${tag} style="${CELL};text-align:${align}${strong ? ';font-weight:bold' : ''}">${content}</${tag}>`;
  const row = (r: TableRow) =>
    `<tr>${block.columns.map((c, i) => cell('td', lineHtml(r.cells[i] ?? []), c.align, r.strong === true)).join('')}</tr>`;
  const head = block.header
    ? `<thead><tr>${block.columns.map((c) => cell('th', escapeHtml(c.label), c.align, true)).join('')}</tr></thead>`
    : '';
  const foot = block.footer.length > 0 ? `<tfoot>${block.footer.map(row).join('')}</tfoot>` : '';
  return `<table role="presentation" style="border-collapse:collapse;margin:0 0 16px 0;font-size:13px" data-role="${block.role}">${head}<tbody>${block.rows.map(row).join('')}</tbody>${foot}</table>`;
};

/** The body as an HTML fragment: every text escaped, links made clickable. */
export const blocksToHtml = (blocks: readonly MessageBlock[]): string =>
  blocks
    .map((block) => {
      switch (block.type) {
        case 'heading':
          return `<h2 style="font-size:16px;margin:0 0 12px 0">${lineHtml(block.line)}</h2>`;
        case 'paragraph':
          return `<p style="margin:0 0 12px 0">${block.lines.map(lineHtml).join('<br>')}</p>`;
        case 'list':
          return `<ul style="margin:0 0 12px 0;padding-left:20px">${block.items.map((item) => `<li>${item.map(lineHtml).join('<br>')}</li>`).join('')}</ul>`;
        case 'table':
          return tableHtml(block);
        default: {
          const unreachable: never = block;
          return unreachable;
        }
      }
    })
    .join('\n');

/** A complete HTML email around a body fragment. */
export const htmlDocument = (options: { lang: string; title: string; body: string }): string =>
  [
    '<!DOCTYPE html>',
    `<html lang="${escapeHtml(options.lang)}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(options.title)}</title></head>`,
    '<body style="margin:0;padding:24px;background:#ffffff;color:#1f1f1f;font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.5">',
    `<div style="max-width:680px">${options.body}</div>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
