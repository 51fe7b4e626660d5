/**
 * Text normalisation for payment matching: structured references, invoice numbers, payer names,
 * and the scanner that finds candidate keys in free remittance text. Pure and allocation-light:
 * `matchPayment` runs these on every statement line.
 */

/**
 * The comparable form of an RF (ISO 11649) or Belgian OGM reference: upper case, letters and
 * digits only, so "RF18 5390 0754 7034" = "rf18539007547034" and "+++090/9337/55493+++" =
 * "***090/9337/55493***" = "090933755493". Compares only; it does not check the check digits.
 */
export const normaliseReference = (reference: string): string =>
  reference.toUpperCase().replace(/[^A-Z0-9]+/g, '');

/**
 * The comparable form of an invoice number: upper case, letters and digits only. Leading zeros
 * stay significant ("INV-0042" is not "INV-42"); spaces, dashes, dots and slashes do not
 * ("inv 24.001" = "INV-24001").
 */
export const normaliseItemNumber = (number: string): string =>
  number.toUpperCase().replace(/[^A-Z0-9]+/g, '');

// Words people put before an invoice number ("Facture n° 24001", "Rechnung Nr. 4711", "Rg.4711",
// "Invoice No 24001"), already normalised; longest first so FACTURE wins over FACT and FA.
// prettier-ignore
const NUMBER_PREFIXES: readonly string[] = [
  'RECHNUNGSNUMMER', 'RECHNUNGSNR', 'FACTUURNR', 'RECHNUNG', 'FACTURES', 'FACTURE', 'FACTUUR', 'INVOICES', 'INVOICE',
  'NUMMER', 'NUMERO', 'FAKTURA', 'FACT', 'RGNR', 'RENR', 'INV', 'NUM', 'REF',
  'FA', 'FC', 'RG', 'RE', 'NR', 'NO', 'N',
].sort((a, b) => b.length - a.length);

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

const PREFIXES_BY_FIRST_LETTER: ReadonlyMap<string, readonly string[]> = NUMBER_PREFIXES.reduce(
  (byLetter, prefix) => {
    const letter = prefix[0] as string;
    byLetter.set(letter, [...(byLetter.get(letter) ?? []), prefix]);
    return byLetter;
  },
  new Map<string, string[]>(),
);

/**
 * Strips invoice-number prefix words from a normalised number when digits follow them:
 * "RECHNUNGNR4711" → "4711", "INV24001" → "24001"; "NL2024" and "ABC12" stay as they are.
 */
export const stripNumberPrefix = (normalised: string): string => {
  const first = normalised[0];
  if (first === undefined || isDigit(first)) return normalised;
  for (const prefix of PREFIXES_BY_FIRST_LETTER.get(first) ?? []) {
    if (normalised.length > prefix.length && normalised.startsWith(prefix)) {
      const rest = stripNumberPrefix(normalised.slice(prefix.length));
      if (isDigit(rest[0])) return rest;
    }
  }
  return normalised;
};

// Legal forms and honorifics say nothing about who pays: "Dupont SARL", "DUPONT S.A.R.L." and
// "M. Dupont" are the same payer for matching. Compared after accents and dots are removed.
// prettier-ignore
const NOISE_WORDS: ReadonlySet<string> = new Set([
  // FR, BE, LU
  'sarl', 'sas', 'sasu', 'sa', 'eurl', 'snc', 'sca', 'scs', 'sprl', 'srl', 'scrl', 'sc', 'asbl', 'cie',
  // NL, BE
  'bv', 'bvba', 'nv', 'vof', 'cv',
  // DE, AT, CH
  'gmbh', 'ag', 'kg', 'ohg', 'ug', 'ev', 'mbh', 'haftungsbeschrankt',
  // UK, US, IE
  'ltd', 'limited', 'llp', 'plc', 'inc', 'llc', 'co',
  // ES, IT, PT
  'sl', 'slu', 'spa', 'lda',
  // honorifics
  'm', 'mr', 'mrs', 'ms', 'mme', 'mlle', 'monsieur', 'madame', 'herr', 'frau', 'dr',
]);

// Accented Latin letters and ligatures to plain letters ("é" → "e", "ß" → "ss"), built once.
const FOLDED_LETTERS: ReadonlyMap<string, string> = (() => {
  const table = new Map<string, string>([
    ['ß', 'ss'],
    ['æ', 'ae'],
    ['œ', 'oe'],
    ['ø', 'o'],
    ['ł', 'l'],
    ['đ', 'd'],
  ]);
  for (let code = 0xc0; code <= 0x24f; code += 1) {
    const letter = String.fromCharCode(code).toLowerCase();
    const base = letter.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    if (!table.has(letter) && base !== letter && /^[a-z]+$/.test(base)) table.set(letter, base);
  }
  return table;
})();

const foldLetter = (letter: string): string =>
  FOLDED_LETTERS.get(letter) ?? letter.normalize('NFD').replace(/[\u0300-\u036f]/g, '');

const isAsciiAlphanumeric = (code: number): boolean =>
  (code >= 97 && code <= 122) || (code >= 48 && code <= 57);

/**
 * The comparable words of a person's or company's name, sorted and without duplicates: lower case,
 * accents removed, German umlaut spellings folded ("Müller" = "Mueller" = "MULLER"), dots inside
 * abbreviations dropped ("S.A.R.L." = "SARL"), other punctuation a separator, legal forms
 * (SARL, SAS, GmbH, Ltd, SA, SRL, BV, LLP, plc, S.L., KG, ...) and honorifics left out.
 */
export const normalisePartyName = (name: string): readonly string[] => {
  // One pass over the characters: this runs for every customer of the index and every payment.
  const lower = name.toLowerCase();
  const words: string[] = [];
  let word = '';
  let runStart = -1;
  const endWord = (): void => {
    // "mueller" and "müller" (already "muller") must meet; applied to every word, so harmless.
    const folded = word.includes('e') ? word.replace(/([aou])e/g, '$1') : word;
    if (word !== '' && !NOISE_WORDS.has(word) && !words.includes(folded)) words.push(folded);
    word = '';
  };
  for (let i = 0; i < lower.length; i += 1) {
    const code = lower.charCodeAt(i);
    if (isAsciiAlphanumeric(code)) {
      if (runStart < 0) runStart = i;
      continue;
    }
    if (runStart >= 0) {
      word += lower.slice(runStart, i);
      runStart = -1;
    }
    if (code === 46) continue; // "S.A.R.L." is one word
    if (code >= 128) {
      const folded = foldLetter(lower[i] as string);
      if (folded !== '' && /^[a-z0-9]+$/.test(folded)) {
        word += folded;
        continue;
      }
    }
    endWord();
  }
  if (runStart >= 0) word += lower.slice(runStart);
  endWord();
  return words.sort();
};

/** Sørensen–Dice coefficient of two sorted, duplicate-free word lists: 2|A∩B| / (|A|+|B|), 0 when one is empty. */
export const nameSimilarity = (a: readonly string[], b: readonly string[]): number => {
  if (a.length === 0 || b.length === 0) return 0;
  let common = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    const x = a[i] as string;
    const y = b[j] as string;
    if (x === y) {
      common += 1;
      i += 1;
      j += 1;
    } else if (x < y) i += 1;
    else j += 1;
  }
  return (2 * common) / (a.length + b.length);
};

// ---------------------------------------------------------------------------------------------
// Remittance text scanning

/** A word of remittance text: letters and digits, or a currency sign. */
export type TextToken = {
  readonly text: string;
  /** Only spaces, dashes, dots, slashes and the like separate it from the previous token. */
  readonly joinsPrevious: boolean;
  /** The raw separator before it (to tell "15.03.2024" from "15 03 2024"). */
  readonly separator: string;
  /** Part of an IBAN, a date or an amount: never part of an invoice number or reference. */
  skip: boolean;
};

const TOKEN = /[A-Z0-9]+|[€£$]/g;
// What may sit inside one number or reference: "INV 24 001", "2024-0017", "FA.24/001", "N°24001".
const TIGHT_SEPARATOR = /^[\s\-./_#°:]{0,3}$/;
const ONLY_DIGITS = /^\d+$/;
const CURRENCY_TOKENS: ReadonlySet<string> = new Set(['EUR', 'GBP', 'CHF', 'USD', '€', '£', '$']);

/** Splits remittance lines (joined with a space, since banks cut lines anywhere) into tokens. */
export const tokenise = (lines: readonly string[]): TextToken[] => {
  const text = lines.join(' ').toUpperCase();
  const tokens: TextToken[] = [];
  let previousEnd = 0;
  for (const match of text.matchAll(TOKEN)) {
    const separator = text.slice(previousEnd, match.index);
    tokens.push({
      text: match[0],
      joinsPrevious: tokens.length > 0 && TIGHT_SEPARATOR.test(separator),
      separator,
      skip: false,
    });
    previousEnd = match.index + match[0].length;
  }
  markIbans(tokens);
  markDates(tokens);
  markAmounts(tokens);
  markOtherNumbers(tokens);
  return tokens;
};

// ISO 7064 MOD 97-10 on letters-as-two-digits (IBAN), folded digit by digit.
const mod97 = (alphanumeric: string): number => {
  let remainder = 0;
  for (let i = 0; i < alphanumeric.length; i += 1) {
    const code = alphanumeric.charCodeAt(i);
    if (code >= 65 && code <= 90) remainder = (remainder * 100 + (code - 55)) % 97;
    else remainder = (remainder * 10 + (code - 48)) % 97;
  }
  return remainder;
};

const IBAN_START = /^[A-Z]{2}\d{2}/;

// An account number is never an invoice number: "BE71 0961 2345 6769" would otherwise offer
// "09612345" to the number lookup. Only runs with a valid IBAN checksum are skipped.
const markIbans = (tokens: TextToken[]): void => {
  for (let i = 0; i < tokens.length; i += 1) {
    const first = tokens[i] as TextToken;
    if (!IBAN_START.test(first.text) || first.text.startsWith('RF')) continue;
    let joined = '';
    let end = -1;
    for (let j = i; j < tokens.length && j < i + 10; j += 1) {
      const token = tokens[j] as TextToken;
      if (j > i && !token.joinsPrevious) break;
      joined += token.text;
      if (joined.length > 34) break;
      if (joined.length >= 15 && mod97(joined.slice(4) + joined.slice(0, 4)) === 1) end = j;
    }
    for (let j = i; j <= end; j += 1) (tokens[j] as TextToken).skip = true;
    if (end >= i) i = end;
  }
};

const inRange = (text: string, low: number, high: number): boolean => {
  const value = Number(text);
  return value >= low && value <= high;
};

const isDayMonth = (a: string, b: string): boolean =>
  (inRange(a, 1, 31) && inRange(b, 1, 12)) || (inRange(a, 1, 12) && inRange(b, 1, 31));

// "15.03.2024", "15/03/24", "2024-03-15": a date is never an invoice number.
const markDates = (tokens: TextToken[]): void => {
  for (let i = 0; i + 2 < tokens.length; i += 1) {
    const [a, b, c] = [tokens[i], tokens[i + 1], tokens[i + 2]] as [TextToken, TextToken, TextToken];
    if (!ONLY_DIGITS.test(a.text) || !ONLY_DIGITS.test(b.text) || !ONLY_DIGITS.test(c.text)) continue;
    const sep = b.separator.trim();
    if (!['.', '/', '-'].includes(sep) || c.separator.trim() !== sep) continue;
    const dayFirst =
      a.text.length <= 2 &&
      b.text.length <= 2 &&
      (c.text.length === 2 || c.text.length === 4) &&
      isDayMonth(a.text, b.text);
    const yearFirst =
      a.text.length === 4 &&
      inRange(a.text, 1900, 2199) &&
      b.text.length <= 2 &&
      c.text.length <= 2 &&
      isDayMonth(c.text, b.text);
    if (!dayFirst && !yearFirst) continue;
    a.skip = true;
    b.skip = true;
    c.skip = true;
    i += 2;
  }
};

// Walks the digit groups of one written amount ("1 250,00", "1.250,00", "1'250.00") from `from`
// in `step` direction, marking them.
const markAmountGroups = (tokens: TextToken[], from: number, step: 1 | -1): void => {
  let i = from;
  while (i >= 0 && i < tokens.length && ONLY_DIGITS.test((tokens[i] as TextToken).text)) {
    const token = tokens[i] as TextToken;
    token.skip = true;
    // the separator between token i and the next group in walking direction
    const inner = step === 1 ? tokens[i + 1] : token;
    const next = tokens[i + step];
    if (inner === undefined || next === undefined || !ONLY_DIGITS.test(next.text)) return;
    const sep = inner.separator;
    const later = step === 1 ? next : token; // the group right of the separator
    if (sep === '.' || sep === ',' || sep === "'" || (sep === ' ' && later.text.length === 3)) i += step;
    else return;
  }
};

// "EUR 1.250,00", "1 250,00 €", "1250,00": amounts are not invoice numbers either.
const markAmounts = (tokens: TextToken[]): void => {
  tokens.forEach((token, i) => {
    if (CURRENCY_TOKENS.has(token.text)) {
      token.skip = true;
      // "INV 24001 EUR 1200.00": the amount is on one side only, after the currency when it can be.
      const after = tokens[i + 1];
      if (after !== undefined && ONLY_DIGITS.test(after.text)) markAmountGroups(tokens, i + 1, 1);
      else markAmountGroups(tokens, i - 1, -1);
    } else if (token.separator === ',' && token.text.length === 2 && ONLY_DIGITS.test(token.text)) {
      const before = tokens[i - 1];
      if (before !== undefined && ONLY_DIGITS.test(before.text)) markAmountGroups(tokens, i, -1);
    }
  });
};

// Words that announce a number which is not an invoice's: "Kunden-Nr. 24001", "Client 24001",
// "Commande 24001", "TVA FR12345678901". Read bare, such a number could pass for INV-24001.
// prettier-ignore
const OTHER_NUMBER_WORDS: ReadonlySet<string> = new Set([
  'KUNDE', 'KUNDEN', 'KUNDENNR', 'KUNDENNUMMER', 'KDNR', 'CUSTOMER', 'CLIENT', 'ACCOUNT', 'COMPTE',
  'ORDER', 'COMMANDE', 'BESTELLUNG', 'BESTELLNR', 'AUFTRAG', 'AUFTRAGSNR', 'CONTRAT', 'CONTRACT',
  'VERTRAG', 'VERTRAGSNR', 'MANDAT', 'MANDATE', 'SIRET', 'SIREN', 'TVA', 'VAT', 'UST', 'USTID',
  'BTW', 'TEL', 'PHONE',
]);

const markOtherNumbers = (tokens: TextToken[]): void => {
  tokens.forEach((token, i) => {
    if (!OTHER_NUMBER_WORDS.has(token.text)) return;
    // the number that follows, through "Nr", "No", "N°" and the pieces of a spaced number
    for (let j = i + 1; j < tokens.length; j += 1) {
      const next = tokens[j] as TextToken;
      if (!next.joinsPrevious || !(/\d/.test(next.text) || ['NR', 'NO', 'N', 'NUM'].includes(next.text)))
        break;
      next.skip = true;
    }
  });
};

/** One run of tokens whose concatenation is a key of the index. */
export type TextHit<T> = { readonly key: string; readonly value: T };

/**
 * Scans the tokens left to right for the longest run (at most `maxTokens` joinable tokens, at most
 * `maxKeyLength` characters, at least one digit) that `lookup` recognises; a recognised run is
 * consumed, so "INV 24 001" yields INV24001 and not also 001. O(tokens × maxTokens) lookups.
 */
export const scanTokens = <T>(
  tokens: readonly TextToken[],
  maxKeyLength: number,
  maxTokens: number,
  lookup: (key: string) => T | undefined,
): TextHit<T>[] => {
  const hits: TextHit<T>[] = [];
  let i = 0;
  while (i < tokens.length) {
    let joined = '';
    let hasDigit = false;
    let best: { end: number; key: string; value: T } | undefined;
    for (let j = i; j < tokens.length && j < i + maxTokens; j += 1) {
      const token = tokens[j] as TextToken;
      if (token.skip || (j > i && !token.joinsPrevious)) break;
      joined += token.text;
      if (joined.length > maxKeyLength) break;
      hasDigit ||= /\d/.test(token.text);
      if (!hasDigit || joined.length < 3) continue;
      const value = lookup(joined);
      if (value !== undefined) best = { end: j, key: joined, value };
    }
    if (best === undefined) i += 1;
    else {
      hits.push({ key: best.key, value: best.value });
      i = best.end + 1;
    }
  }
  return hits;
};
