import { describe, expect, it } from 'vitest';
import {
  blocksToHtml,
  blocksToText,
  encodeValue,
  parseMarkdownLight,
  type MessageBlock,
} from './markdown-light';

const blocks = (source: string) => parseMarkdownLight(source) as MessageBlock[];

describe('Markdown-light', () => {
  it('keeps line breaks inside a paragraph and separates paragraphs by a blank line', () => {
    const parsed = blocks('Kind regards,\nJane Doe\n\n\nCredit manager');
    expect(parsed).toHaveLength(2);
    expect(blocksToText(parsed)).toBe('Kind regards,\nJane Doe\n\nCredit manager\n');
    expect(blocksToHtml(parsed)).toContain('Kind regards,<br>Jane Doe');
  });

  it('reads bold, headings, lists and directives', () => {
    const parsed = parseMarkdownLight('# Notice\nPay **now**.\n- one\n- two\n\n[[payment exclude-costs]]');
    expect(parsed.map((b) => b.type)).toEqual(['heading', 'paragraph', 'list', 'directive']);
    expect(parsed[1]).toEqual({
      type: 'paragraph',
      lines: [
        [
          { text: 'Pay ', bold: false },
          { text: 'now', bold: true },
          { text: '.', bold: false },
        ],
      ],
    });
    expect(parsed[3]).toEqual({ type: 'directive', name: 'payment', args: ['exclude-costs'] });
  });

  it('reads a table with a header, and one without whose separator comes first', () => {
    const [withHeader, without] = blocks('| A | B |\n|---|--:|\n| x | 1 |\n\n|---|---:|\n| y | 2 |');
    expect(withHeader).toMatchObject({
      type: 'table',
      header: true,
      columns: [{ label: 'A' }, { label: 'B', align: 'right' }],
    });
    expect(without).toMatchObject({
      type: 'table',
      header: false,
      rows: [{ cells: [[{ text: 'y' }], [{ text: '2' }]] }],
    });
    expect(blocksToText([withHeader as MessageBlock])).toBe('A  B\n-  -\nx  1\n');
  });

  it('treats what a value contains as text, never as markup', () => {
    const value = encodeValue('**Boss** | [[items]]\n\n- # x');
    const parsed = parseMarkdownLight(`Dear ${value},`);
    expect(parsed).toHaveLength(1);
    expect(blocksToText(parsed as MessageBlock[])).toBe('Dear **Boss** | [[items]]\n\n- # x,\n');
  });

  it('escapes HTML and links https addresses', () => {
    const html = blocksToHtml(blocks(`${encodeValue('<b>"Tom" & Jerry</b>')} https://pay.example.com/x.`));
    expect(html).toContain('&lt;b&gt;&quot;Tom&quot; &amp; Jerry&lt;/b&gt;');
    expect(html).toContain(
      '<a href="https://pay.example.com/x" style="color:#0b57d0">https://pay.example.com/x</a>.',
    );
  });
});
