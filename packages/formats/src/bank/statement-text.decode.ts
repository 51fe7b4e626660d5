// Bank files come as UTF-8 or, from older systems, as Windows-1252 (MT940 with accented names,
// "ANSI" CSV exports). Bytes that are not valid UTF-8 are read as Windows-1252, which decodes
// every byte, so reading never fails; an XML file's own encoding declaration wins.

const XML_ENCODING = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/;

// The declared encoding when this runtime knows it, null otherwise.
const declaredEncoding = (label: string): string | null => {
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return null;
  }
};

/** The text of a bank file, without a byte order mark and with `\n` line ends. */
export const decodeStatementText = (content: string | Uint8Array): string => {
  let text: string;
  if (typeof content === 'string') text = content;
  else {
    const head = new TextDecoder('latin1').decode(content.subarray(0, 200));
    const declared = XML_ENCODING.exec(head)?.[1];
    const encoding = declared === undefined ? null : declaredEncoding(declared);
    if (encoding !== null && encoding !== 'utf-8') text = new TextDecoder(encoding).decode(content);
    else {
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(content);
      } catch {
        text = new TextDecoder('windows-1252').decode(content);
      }
    }
  }
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
};
