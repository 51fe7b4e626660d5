import { currencyExponent } from '@quittance/domain';
import type { FecLine } from './fec.write';

// The fields of the domain's GlEntry that the exports need, so that any posted entry fits.
export type GlEntryForExport = {
  readonly journal: { readonly code: string; readonly label: string };
  readonly entryDate: string;
  readonly label: string;
  readonly pieceRef: string;
  readonly lines: readonly {
    readonly account: string;
    readonly accountLabel: string;
    readonly auxiliaryAccount: string | null;
    readonly auxiliaryLabel: string | null;
    readonly label: string;
    readonly debitMinor: bigint;
    readonly creditMinor: bigint;
    readonly currency: string;
    readonly originalAmountMinor: bigint | null;
    readonly originalCurrency: string | null;
    readonly analytic?: Readonly<Record<string, string>>;
  }[];
};

/** A general-ledger entry once posted: its number in the sequence and the day it was validated. */
export type PostedGlEntry = {
  readonly entryNumber: string;
  /** YYYY-MM-DD */
  readonly validDate: string;
  readonly entry: GlEntryForExport;
};

/**
 * FEC lines for posted entries, in order. CompAuxNum is the line's auxiliary account as the
 * scheme built it; PieceDate is the entry date; lettering is left to the general ledger.
 */
export const fecLinesFromGlEntries = (posted: readonly PostedGlEntry[]): FecLine[] =>
  posted.flatMap(({ entryNumber, validDate, entry }) =>
    entry.lines.map((line): FecLine => ({
      journalCode: entry.journal.code,
      journalLib: entry.journal.label,
      ecritureNum: entryNumber,
      ecritureDate: entry.entryDate,
      compteNum: line.account,
      compteLib: line.accountLabel,
      compAuxNum: line.auxiliaryAccount,
      compAuxLib: line.auxiliaryAccount === null ? null : (line.auxiliaryLabel ?? line.auxiliaryAccount),
      pieceRef: entry.pieceRef,
      pieceDate: entry.entryDate,
      ecritureLib: line.label,
      debitMinor: line.debitMinor,
      creditMinor: line.creditMinor,
      exponent: currencyExponent(line.currency),
      ecritureLet: null,
      dateLet: null,
      validDate,
      montantDeviseMinor: line.originalCurrency === null ? null : line.originalAmountMinor,
      deviseExponent: line.originalCurrency === null ? null : currencyExponent(line.originalCurrency),
      idevise: line.originalCurrency,
    })),
  );
