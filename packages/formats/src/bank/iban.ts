import { electronicFormatIBAN, friendlyFormatIBAN, isValidBIC, isValidIBAN } from 'ibantools';

// Spaces and dashes go, letters become capitals: how people and banks write an IBAN on paper.
const compact = (s: string): string => electronicFormatIBAN(s.trim()) ?? '';

/** True for an IBAN with a correct length and check digits, written with or without spaces, any case. */
export const isValidIban = (s: string): boolean => isValidIBAN(compact(s));

/** The electronic form ("BE68539007547034") of a valid IBAN, null when it is not one. */
export const normalizeIban = (s: string): string | null => {
  const iban = compact(s);
  return isValidIBAN(iban) ? iban : null;
};

/** Groups of four for print ("BE68 5390 0754 7034"), null when it is not a valid IBAN. */
export const formatIban = (s: string): string | null => {
  const iban = normalizeIban(s);
  return iban === null ? null : friendlyFormatIBAN(iban);
};

/** True for an 8- or 11-character BIC of a known country, any case, surrounding spaces ignored. */
export const isValidBic = (s: string): boolean => isValidBIC(s.trim().toUpperCase());
