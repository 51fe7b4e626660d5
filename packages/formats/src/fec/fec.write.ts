import { tryParseDate } from '@quittance/domain';

/**
 * The French "fichier des écritures comptables" (FEC, art. A47 A-1 of the Livre des procédures
 * fiscales): the 18 columns in their legal order, the Debit/Credit variant.
 */
export const FEC_COLUMNS = [
  'JournalCode',
  'JournalLib',
  'EcritureNum',
  'EcritureDate',
  'CompteNum',
  'CompteLib',
  'CompAuxNum',
  'CompAuxLib',
  'PieceRef',
  'PieceDate',
  'EcritureLib',
  'Debit',
  'Credit',
  'EcritureLet',
  'DateLet',
  'ValidDate',
  'Montantdevise',
  'Idevise',
] as const;

export type FecColumn = (typeof FEC_COLUMNS)[number];

/** One line of a FEC. Dates are YYYY-MM-DD here and AAAAMMJJ in the file. */
export type FecLine = {
  journalCode: string;
  journalLib: string;
  ecritureNum: string;
  ecritureDate: string;
  compteNum: string;
  compteLib: string;
  compAuxNum: string | null;
  compAuxLib: string | null;
  pieceRef: string;
  pieceDate: string;
  ecritureLib: string;
  /** Minor units of the book currency, with `exponent` decimals. */
  debitMinor: bigint;
  creditMinor: bigint;
  exponent: number;
  ecritureLet: string | null;
  dateLet: string | null;
  validDate: string;
  /** Signed (+debit / −credit) amount in the foreign currency, with `deviseExponent` decimals. */
  montantDeviseMinor: bigint | null;
  deviseExponent: number | null;
  idevise: string | null;
};

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const SIREN = /^\d{9}$/;

const fecDate = (date: string, what: string): string => {
  const match = ISO_DATE.exec(date);
  if (match === null || tryParseDate(date) === undefined) {
    throw new Error(`${what}: "${date}" is not a YYYY-MM-DD calendar date`);
  }
  return `${match[1]}${match[2]}${match[3]}`;
};

const optionalDate = (date: string | null, what: string): string =>
  date === null ? '' : fecDate(date, what);

// The file has no quoting: a tab or a line break inside a field would shift the columns.
const field = (text: string | null): string => (text ?? '').replace(/[\t\r\n]/g, ' ');

/** "1250,00", "-0,05", "0,00": comma decimals, no thousands separator. */
export const formatFecAmount = (minor: bigint, exponent: number): string => {
  if (!Number.isInteger(exponent) || exponent < 0) throw new Error(`invalid exponent ${exponent}`);
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent);
  return `${negative ? '-' : ''}${whole}${exponent > 0 ? `,${fraction}` : ''}`;
};

const row = (line: FecLine, index: number): string => {
  const at = `FEC line ${index + 1} (EcritureNum ${line.ecritureNum})`;
  const values: Record<FecColumn, string> = {
    JournalCode: field(line.journalCode),
    JournalLib: field(line.journalLib),
    EcritureNum: field(line.ecritureNum),
    EcritureDate: fecDate(line.ecritureDate, `${at} EcritureDate`),
    CompteNum: field(line.compteNum),
    CompteLib: field(line.compteLib),
    CompAuxNum: field(line.compAuxNum),
    CompAuxLib: field(line.compAuxLib),
    PieceRef: field(line.pieceRef),
    PieceDate: fecDate(line.pieceDate, `${at} PieceDate`),
    EcritureLib: field(line.ecritureLib),
    Debit: formatFecAmount(line.debitMinor, line.exponent),
    Credit: formatFecAmount(line.creditMinor, line.exponent),
    EcritureLet: field(line.ecritureLet),
    DateLet: optionalDate(line.dateLet, `${at} DateLet`),
    ValidDate: fecDate(line.validDate, `${at} ValidDate`),
    Montantdevise:
      line.montantDeviseMinor === null
        ? ''
        : formatFecAmount(line.montantDeviseMinor, line.deviseExponent ?? 2),
    Idevise: field(line.idevise),
  };
  return FEC_COLUMNS.map((column) => values[column]).join('\t');
};

/**
 * The FEC text: header line, one line per entry line, tab-separated, CRLF after every line. The
 * caller encodes it as UTF-8. Throws on a malformed date (a bug upstream, not a user error).
 */
export const writeFec = (lines: readonly FecLine[]): string =>
  [FEC_COLUMNS.join('\t'), ...lines.map(row)].map((line) => `${line}\r\n`).join('');

/** `<SIREN>FEC<AAAAMMJJ>.txt`, the legal name of the file for the year closing on `periodEnd`. */
export const fecFileName = (siren: string, periodEnd: string): string => {
  if (!SIREN.test(siren)) throw new Error(`invalid SIREN "${siren}": expected 9 digits`);
  return `${siren}FEC${fecDate(periodEnd, 'period end')}.txt`;
};
