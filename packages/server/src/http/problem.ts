import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import { isDomainError, type DomainErrorCode } from '@quittance/domain';
import type { Problem } from '@quittance/api-contract';
import { StreamVersionConflict } from '../event-store/event-store';
import { ImportFileError } from '../application/import-invoices';

/** The one table from domain rejections to HTTP statuses. */
const STATUS: Record<DomainErrorCode, ContentfulStatusCode> = {
  invalid_amount: 422,
  unknown_currency: 422,
  currency_mismatch: 422,
  invalid_ratios: 422,
  invalid_date: 422,
  case_not_found: 404,
  case_already_exists: 409,
  case_closed: 409,
  case_archived: 409,
  case_not_archived: 409,
  duplicate_item: 409,
  item_currency_mismatch: 422,
  invalid_item: 422,
  invalid_phase_transition: 409,
  same_phase: 409,
  invalid_custom_fields: 422,
  unknown_case_type: 422,
  party_not_found: 404,
  party_already_exists: 409,
  party_already_attached: 409,
  invalid_party: 422,
  empty_note: 422,
  ledger_entry_not_found: 404,
  fee_not_allowed: 422,
  validation_failed: 422,
  payment_not_found: 404,
  item_not_found: 404,
  allocation_not_found: 404,
  allocation_already_cancelled: 409,
  insufficient_unallocated: 422,
  exceeds_outstanding: 422,
  duplicate_id: 409,
  missing_rate: 422,
  invalid_interest_request: 422,
  invalid_rate_file: 422,
  strategy_already_running: 409,
  task_not_found: 404,
  timer_not_found: 404,
  rule_set_not_found: 404,
  rule_set_invalid: 422,
  rule_set_tests_failed: 422,
  rule_set_not_draft: 409,
  message_not_found: 404,
  agreement_not_found: 404,
  agreement_closed: 409,
  four_eyes: 422,
  over_limit: 403,
  not_found: 404,
  conflict: 409,
  unauthenticated: 401,
  forbidden: 403,
  account_locked: 423,
  too_many_requests: 429,
  retention_applies: 409,
};

const TITLES: Partial<Record<number, string>> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  422: 'Unprocessable content',
  423: 'Locked',
  429: 'Too many requests',
  500: 'Internal server error',
};

export const problem = (c: Context, status: ContentfulStatusCode, fields: Partial<Problem> = {}) =>
  c.body(
    JSON.stringify({
      type: fields.code ? `https://quittance.dev/problems/${fields.code}` : 'about:blank',
      title: TITLES[status] ?? 'Error',
      status,
      instance: c.req.path,
      requestId: c.get('requestId' as never) as string | undefined,
      ...fields,
    } satisfies Problem),
    status,
    { 'content-type': 'application/problem+json' },
  );

export const validationProblem = (c: Context, error: ZodError) =>
  problem(c, 400, {
    code: 'validation_failed',
    detail: error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; '),
    issues: error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  });

export const errorToProblem = (c: Context, error: unknown) => {
  if (isDomainError(error)) {
    const issues = (error.details?.issues as { path: string; message: string }[] | undefined) ?? undefined;
    return problem(c, STATUS[error.code], {
      code: error.code,
      detail: error.message,
      ...(issues && { issues }),
    });
  }
  // Hono's own rejections (a body that is not JSON, ...) are the client's mistake, not a crash.
  if (error instanceof HTTPException && error.status < 500) {
    return problem(c, error.status, { detail: error.message || TITLES[error.status] });
  }
  if (error instanceof StreamVersionConflict) {
    return problem(c, 409, {
      code: 'stream_version_conflict',
      detail: 'the case changed meanwhile; try again',
    });
  }
  if (error instanceof ImportFileError) {
    return problem(c, 422, {
      code: 'invalid_file',
      detail: error.message,
      issues: error.issues.map((i) => ({
        path: `line ${i.line}${i.field ? ` ${i.field}` : ''}`,
        message: i.message,
      })),
    });
  }
  console.error(`[${c.get('requestId' as never) as string}]`, error);
  return problem(c, 500, { detail: 'unexpected error; quote the request id when reporting it' });
};
