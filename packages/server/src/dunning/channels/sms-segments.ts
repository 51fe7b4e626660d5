// How many SMS a text costs (PRODUCT.md C3: the cost of a step). A text in the GSM 03.38 alphabet
// travels in 7-bit units, 160 to a lone SMS and 153 to each part of a concatenated one (the rest
// is the concatenation header); one character outside it (an emoji, but also ç, â, ê, œ) sends
// the whole text as UCS-2: 70 units, 67 per part.

// GSM 03.38 default alphabet, without ESC (0x1B). U+00C7 is the capital Ç the standard lists;
// the small ç is not in it.
const GSM_BASIC = new Set(
  Array.from(
    '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
      '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
  ),
);
// The extension table: each costs two units (ESC + the character).
const GSM_EXTENDED = new Set(Array.from('\f^{}\\[~]|€'));

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export type SmsSegments = {
  readonly encoding: SmsEncoding;
  /** Characters as a reader counts them (code points). */
  readonly characters: number;
  /** Septets for GSM-7, UTF-16 code units for UCS-2. */
  readonly units: number;
  /** Number of SMS billed; 0 for an empty text. */
  readonly segments: number;
  /** Capacity of each segment of this text: 160/153 (GSM-7) or 70/67 (UCS-2). */
  readonly unitsPerSegment: number;
  /** Units still free in the last segment before the text needs one more. */
  readonly remainingInLastSegment: number;
  /** The characters that forced UCS-2, each once, in order of appearance; empty for GSM-7. */
  readonly nonGsmCharacters: readonly string[];
};

const unitCost = (char: string, encoding: SmsEncoding): number =>
  encoding === 'UCS-2' ? char.length : GSM_EXTENDED.has(char) ? 2 : 1;

/**
 * Counts the segments of an SMS text. A character is never split across two parts (an escaped
 * GSM character or a surrogate pair moves whole to the next part), as phones and providers do.
 */
export const countSmsSegments = (text: string): SmsSegments => {
  const chars = Array.from(text);
  const nonGsm = [...new Set(chars.filter((c) => !GSM_BASIC.has(c) && !GSM_EXTENDED.has(c)))];
  const encoding: SmsEncoding = nonGsm.length === 0 ? 'GSM-7' : 'UCS-2';
  const [single, multi] = encoding === 'GSM-7' ? [160, 153] : [70, 67];
  const units = chars.reduce((sum, c) => sum + unitCost(c, encoding), 0);
  if (units <= single) {
    return {
      encoding,
      characters: chars.length,
      units,
      segments: units === 0 ? 0 : 1,
      unitsPerSegment: single,
      remainingInLastSegment: single - units,
      nonGsmCharacters: nonGsm,
    };
  }
  let segments = 1;
  let used = 0;
  for (const c of chars) {
    const cost = unitCost(c, encoding);
    if (used + cost > multi) {
      segments += 1;
      used = 0;
    }
    used += cost;
  }
  return {
    encoding,
    characters: chars.length,
    units,
    segments,
    unitsPerSegment: multi,
    remainingInLastSegment: multi - used,
    nonGsmCharacters: nonGsm,
  };
};
