/**
 * The closed list of reasons the domain rejects a command. The HTTP edge maps each code to a
 * status in one table; nothing in `domain` knows about HTTP.
 */
export type DomainErrorCode =
  | 'invalid_amount'
  | 'unknown_currency'
  | 'currency_mismatch'
  | 'invalid_ratios'
  | 'invalid_date'
  | 'case_not_found'
  | 'case_already_exists'
  | 'case_closed'
  | 'case_archived'
  | 'case_not_archived'
  | 'duplicate_item'
  | 'item_currency_mismatch'
  | 'invalid_item'
  | 'invalid_phase_transition'
  | 'same_phase'
  | 'invalid_custom_fields'
  | 'unknown_case_type'
  | 'party_not_found'
  | 'party_already_exists'
  | 'party_already_attached'
  | 'invalid_party'
  | 'empty_note'
  | 'ledger_entry_not_found'
  | 'fee_not_allowed'
  | 'validation_failed'
  | 'payment_not_found'
  | 'item_not_found'
  | 'allocation_not_found'
  | 'allocation_already_cancelled'
  | 'insufficient_unallocated'
  | 'exceeds_outstanding'
  | 'duplicate_id'
  | 'missing_rate'
  | 'invalid_interest_request'
  | 'invalid_rate_file'
  | 'strategy_already_running'
  | 'task_not_found'
  | 'timer_not_found'
  | 'rule_set_not_found'
  | 'rule_set_invalid'
  | 'rule_set_tests_failed'
  | 'rule_set_not_draft'
  | 'message_not_found'
  | 'agreement_not_found'
  | 'agreement_closed'
  | 'four_eyes'
  | 'over_limit'
  | 'not_found'
  | 'conflict'
  | 'unauthenticated'
  | 'forbidden'
  | 'account_locked'
  | 'too_many_requests'
  | 'retention_applies';

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: DomainErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
