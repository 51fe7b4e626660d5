import type { MessageKey } from '../i18n/en';
import type { Translate } from '../i18n/i18n-context';
import { BANK_ENTRY_STATUSES, type BankEntryStatus } from './payments.types';

// Names of the codes cash application carries: the matching rules behind a suggestion, the
// status of a bank entry, how sure a suggestion is. A code this UI does not know is shown as is.

export const MATCH_RULES = [
  'structured_reference',
  'end_to_end_id',
  'invoice_number',
  'amount_payer',
  'combination',
  'partial_reference',
] as const;
export type MatchRule = (typeof MATCH_RULES)[number];

// The domain's matcher writes its rules in kebab case ("amount-and-payer"); other spellings of
// the same rule are read too, so that a renamed code does not turn into a raw string on screen.
const RULE_ALIASES: Record<string, MatchRule> = {
  structured_ref: 'structured_reference',
  reference: 'structured_reference',
  end_to_end: 'end_to_end_id',
  e2e: 'end_to_end_id',
  e2e_id: 'end_to_end_id',
  invoice: 'invoice_number',
  invoice_no: 'invoice_number',
  amount_and_payer: 'amount_payer',
  payer_amount: 'amount_payer',
  amount_customer: 'amount_payer',
  combined: 'combination',
  partial: 'partial_reference',
  partial_ref: 'partial_reference',
};

function isMatchRule(code: string): code is MatchRule {
  return (MATCH_RULES as readonly string[]).includes(code);
}

/** "structuredReference", "structured-reference", "STRUCTURED_REFERENCE" -> "structured_reference"; null if unknown. */
export function matchRuleOf(code: string): MatchRule | null {
  const snake = code
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (isMatchRule(snake)) return snake;
  return RULE_ALIASES[snake] ?? null;
}

/** "invoice_number" -> "Invoice number" / "Numéro de facture". */
export function matchRuleName(code: string, t: Translate): string {
  const rule = matchRuleOf(code);
  if (!rule) return code;
  const key: MessageKey = `matchRule.${rule}`;
  return t(key);
}

export type ConfidenceLevel = 'high' | 'medium' | 'low';

/**
 * How a confidence (0–100) reads. High from 90, the default auto-allocation threshold; medium from
 * 70, where the matcher still has one clear candidate (a payer, an invoice number); low below, where
 * it picked among several or has only the amount.
 */
export function confidenceLevel(confidence: number): ConfidenceLevel {
  if (confidence >= 90) return 'high';
  if (confidence >= 70) return 'medium';
  return 'low';
}

export function isBankEntryStatus(status: string): status is BankEntryStatus {
  return (BANK_ENTRY_STATUSES as readonly string[]).includes(status);
}

export function bankEntryStatusName(status: string, t: Translate): string {
  return isBankEntryStatus(status) ? t(`bankEntryStatus.${status}`) : status;
}
