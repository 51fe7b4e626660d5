import type { MoneyDto } from '@quittance/api-contract';
import { currencyDecimals, parseAmountInput } from '../lib/amount-input';
import { addDecimals, compareDecimals, signOf, subtractDecimals } from '../lib/decimal';
import type { AssignRequest, BankEntry, MatchSuggestion, SuggestedAllocation } from './payments.types';

// The arithmetic of assigning a bank entry to cases, kept pure so that it is tested without a
// browser. Amounts stay decimal strings, computed with bigint (lib/decimal.ts), never floats.

/** The entry's amount as the bank moved it: a debit (money out) is negative. */
export function signedAmount(entry: Pick<BankEntry, 'amount' | 'direction'>): MoneyDto {
  const { amount, currency } = entry.amount;
  if (entry.direction === 'credit' || signOf(amount) <= 0) return entry.amount;
  return { amount: `-${amount}`, currency };
}

/**
 * A suggestion's allocations cut down to what is left of the entry: taken in their order, the
 * last one shortened and the rest dropped once `available` is used up. Suggestions are computed
 * at import, when the whole entry was still unassigned.
 */
export function fitAllocations(
  allocations: readonly SuggestedAllocation[],
  available: MoneyDto,
): SuggestedAllocation[] {
  const fitted: SuggestedAllocation[] = [];
  let left = available.amount;
  for (const allocation of allocations) {
    if (allocation.amount.currency !== available.currency || signOf(allocation.amount.amount) <= 0) continue;
    if (signOf(left) <= 0) break;
    const amount = compareDecimals(allocation.amount.amount, left) <= 0 ? allocation.amount.amount : left;
    fitted.push({ itemId: allocation.itemId, amount: { amount, currency: available.currency } });
    left = subtractDecimals(left, amount);
  }
  return fitted;
}

/**
 * One click on a suggestion: everything left of the entry goes to the suggested case, allocated
 * to the invoices the suggestion names (what exceeds them stays unallocated on the case). A
 * suggestion without allocations leaves the allocation to the server's waterfall.
 */
export function suggestionAssignment(
  entry: Pick<BankEntry, 'unassigned'>,
  suggestion: Pick<MatchSuggestion, 'caseId' | 'allocations'>,
): AssignRequest {
  const allocations = fitAllocations(suggestion.allocations, entry.unassigned);
  return {
    assignments: [
      {
        caseId: suggestion.caseId,
        amount: entry.unassigned,
        ...(allocations.length > 0 && { allocations }),
      },
    ],
  };
}

/** A part of a manual split, as typed: the case it goes to and the amount in the input. */
export type PartDraft = {
  key: string;
  caseId: string;
  caseNumber: string;
  debtorName: string | null;
  input: string;
};

export type SplitCheck = {
  /** Each part's amount as an exact decimal string; null where the input is not a positive amount. */
  amounts: (string | null)[];
  /** What is left of the entry after the valid parts; negative when the parts exceed it. */
  remaining: MoneyDto;
  /** 'ok' when the split can be submitted. */
  status: 'empty' | 'invalid' | 'over' | 'ok';
};

/** Reads the typed parts against what is left of the entry, live as the user types. */
export function checkSplit(unassigned: MoneyDto, inputs: readonly string[]): SplitCheck {
  const decimals = currencyDecimals(unassigned.currency);
  const amounts = inputs.map((input) => parseAmountInput(input, decimals));
  const valid = amounts.filter((a): a is string => a !== null);
  const remaining = {
    amount: valid.length > 0 ? subtractDecimals(unassigned.amount, addDecimals(valid)) : unassigned.amount,
    currency: unassigned.currency,
  };
  const status =
    inputs.length === 0
      ? 'empty'
      : valid.length < inputs.length
        ? 'invalid'
        : signOf(remaining.amount) < 0
          ? 'over'
          : 'ok';
  return { amounts, remaining, status };
}

/** The request of a manual split: one assignment per part, each allocated by the server's waterfall. */
export function manualAssignment(
  parts: readonly PartDraft[],
  check: SplitCheck,
  currency: string,
): AssignRequest {
  if (check.status !== 'ok') throw new Error(`the split cannot be submitted: ${check.status}`);
  return {
    assignments: parts.map((part, i) => ({
      caseId: part.caseId,
      amount: { amount: check.amounts[i] ?? '0', currency },
    })),
  };
}

/** What to put in a new part's amount: what is left, if anything, with the locale's decimal separator. */
export function prefillAmount(remaining: MoneyDto, locale = 'en'): string {
  if (signOf(remaining.amount) <= 0) return '';
  const separator = new Intl.NumberFormat(locale).formatToParts(0.5).find((p) => p.type === 'decimal')?.value;
  return separator && separator !== '.' ? remaining.amount.replace('.', separator) : remaining.amount;
}

/** Suggestions best first: by confidence, ties kept in the server's order. */
export function rankSuggestions<S extends Pick<MatchSuggestion, 'confidence'>>(
  suggestions: readonly S[],
): S[] {
  return [...suggestions].sort((a, b) => b.confidence - a.confidence);
}

/** What a one-click allocation leaves unallocated on the case: the entry beyond the suggested invoices. */
export function suggestionSurplus(
  entry: Pick<BankEntry, 'unassigned'>,
  suggestion: Pick<MatchSuggestion, 'allocations'>,
): MoneyDto | null {
  const fitted = fitAllocations(suggestion.allocations, entry.unassigned);
  if (fitted.length === 0) return null; // the waterfall allocates it
  const left = subtractDecimals(entry.unassigned.amount, addDecimals(fitted.map((a) => a.amount.amount)));
  return signOf(left) > 0 ? { amount: left, currency: entry.unassigned.currency } : null;
}
