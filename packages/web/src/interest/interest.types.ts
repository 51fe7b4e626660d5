import type { MoneyDto } from '@quittance/api-contract';

// The answers of the interest endpoints (packages/server/src/http/interest.routes.ts); the API
// contract package does not export them.

/** GET /api/v1/interest */
export type InterestResult = {
  interest: string;
  currency: string;
  compensation: string | null;
  periods: { from: string; to: string; days: number; rate: string; amount: string }[];
  warnings: string[];
};

/** GET /api/v1/cases/{id}/interest */
export type CaseInterest = {
  regime: { jurisdiction: string; debtor: string } | null;
  asOf: string;
  owedToDate: MoneyDto | null;
  alreadyAccrued: MoneyDto | null;
  toAccrue: MoneyDto | null;
  periods: {
    itemId: string;
    number: string;
    from: string;
    to: string;
    days: number;
    balance: MoneyDto;
    ratePercent: string;
    rateSource: string;
    amount: MoneyDto;
  }[];
  indemnities: { number: string; amount: MoneyDto; legalBasis: string }[];
  warnings: string[];
  /** Why nothing could be computed, e.g. a reference rate not published yet. */
  unavailable: string | null;
};
