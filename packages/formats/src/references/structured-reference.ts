import { DomainError } from '@quittance/domain';

export type StructuredReferenceKind = 'rf' | 'ogm';

export type StructuredReferenceResult =
  { ok: true; kind: StructuredReferenceKind; normalized: string } | { ok: false; reason: string };

// ISO 7064 MOD 97-10 over a string of digits, folded in chunks so no big integers are needed.
const mod97 = (digits: string): number => {
  let remainder = 0;
  for (let i = 0; i < digits.length; i += 7) {
    remainder = Number(`${remainder}${digits.slice(i, i + 7)}`) % 97;
  }
  return remainder;
};

// Letters become two digits (A = 10 ... Z = 35), as in ISO 11649 and IBAN.
const toDigits = (alphanumeric: string): string =>
  [...alphanumeric].map((c) => (c >= 'A' && c <= 'Z' ? String(c.charCodeAt(0) - 55) : c)).join('');

const compact = (s: string): string => s.replace(/\s+/g, '').toUpperCase();

const RF = /^RF\d{2}[A-Z0-9]{1,21}$/;

/** ISO 11649 creditor reference ("RF18 5390 0754 7034"), spaces and case ignored. */
export const isValidRfReference = (s: string): boolean => {
  const rf = compact(s);
  return RF.test(rf) && mod97(toDigits(rf.slice(4) + rf.slice(0, 4))) === 1;
};

/** Builds the RF reference of `base` (1 to 21 letters or digits): "RF18539007547034", no spaces. */
export const createRfReference = (base: string): string => {
  const body = compact(base);
  if (!/^[A-Z0-9]{1,21}$/.test(body)) {
    throw new DomainError(
      'validation_failed',
      `an RF reference base is 1 to 21 letters or digits, got "${base}"`,
    );
  }
  const check = 98 - mod97(toDigits(`${body}RF00`));
  return `RF${String(check).padStart(2, '0')}${body}`;
};

/** Groups of four for print: "RF18 5390 0754 7034". */
export const formatRfReference = (s: string): string => compact(s).replace(/(.{4})(?=.)/g, '$1 ');

const OGM_FRAMED = /^(\+{3}|\*{3})(\d{3})\/(\d{4})\/(\d{5})\1$/;

const ogmDigits = (s: string): string | undefined => {
  const trimmed = s.trim();
  if (/^\d{12}$/.test(trimmed)) return trimmed;
  const framed = OGM_FRAMED.exec(trimmed.replace(/\s+/g, ''));
  return framed === null ? undefined : `${framed[2]}${framed[3]}${framed[4]}`;
};

const ogmCheck = (base10: string): string => {
  const remainder = mod97(base10);
  return String(remainder === 0 ? 97 : remainder).padStart(2, '0');
};

const frameOgm = (digits: string): string =>
  `+++${digits.slice(0, 3)}/${digits.slice(3, 7)}/${digits.slice(7)}+++`;

/** Belgian structured communication (OGM/VCS): "+++123/4567/89002+++", "***…***" or 12 digits. */
export const isValidOgm = (s: string): boolean => {
  const digits = ogmDigits(s);
  return digits !== undefined && ogmCheck(digits.slice(0, 10)) === digits.slice(10);
};

/** Builds the OGM of a 10-digit base: "+++123/4567/89002+++". */
export const createOgm = (base10digits: string): string => {
  if (!/^\d{10}$/.test(base10digits)) {
    throw new DomainError('validation_failed', `an OGM base is exactly 10 digits, got "${base10digits}"`);
  }
  return frameOgm(base10digits + ogmCheck(base10digits));
};

/** Recognises an RF or OGM reference and gives its canonical form, or says why it is not one. */
export const validateStructuredReference = (s: string): StructuredReferenceResult => {
  const rf = compact(s);
  if (rf.startsWith('RF')) {
    if (!RF.test(rf)) {
      return {
        ok: false,
        reason: `"${s}" is not an RF reference: expected RF, 2 check digits and 1 to 21 letters or digits`,
      };
    }
    return isValidRfReference(rf)
      ? { ok: true, kind: 'rf', normalized: rf }
      : { ok: false, reason: `RF reference "${s}" has wrong check digits` };
  }
  const digits = ogmDigits(s);
  if (digits !== undefined) {
    return isValidOgm(digits)
      ? { ok: true, kind: 'ogm', normalized: frameOgm(digits) }
      : { ok: false, reason: `structured communication "${s}" has wrong check digits` };
  }
  return {
    ok: false,
    reason: `"${s}" is neither an RF creditor reference (RF…) nor a Belgian structured communication (+++…/…/…+++)`,
  };
};
