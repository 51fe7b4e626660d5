// The SMS channel (PRODUCT.md C5, J6): one JSON POST per message to the provider's HTTP API.
// Like the mailer, it answers with a result for every refusal or outage and throws only for a
// programming error.

import { normalizePhoneNumber, type PhoneCountry } from './phone-number';
import { countSmsSegments, type SmsSegments } from './sms-segments';

export type HttpSmsProviderConfig = {
  /** The endpoint that takes `POST { to, from, text }`. */
  readonly url: string;
  /** Sent as `Authorization: Bearer <token>`. */
  readonly token: string;
  /** Alphanumeric sender id (1–11 letters, digits, spaces), a short code, or a number in E.164. */
  readonly sender: string;
  /** The whole request, answer included (default 10 s). */
  readonly timeoutMs?: number;
  /** The country of numbers written without a country code, when the message names none. */
  readonly defaultCountry?: PhoneCountry;
};

export type OutgoingSms = {
  /** As the debtor's record has it: `06 12 34 56 78`, `+33 6…`, `0033 6…`. */
  readonly to: string;
  readonly text: string;
  /** The debtor's country, to read a number without a country code. */
  readonly country?: PhoneCountry;
  /**
   * Our id of the message, sent as the `Idempotency-Key` header so a retry after a timeout does
   * not send it twice where the provider honours the header.
   */
  readonly reference?: string;
};

export type SmsSent = {
  readonly status: 'sent';
  /** The provider's id of the message (`id` or `messageId` of its answer), null when it gave none. */
  readonly providerId: string | null;
  /** The number it went to, in E.164. */
  readonly to: string;
  readonly segments: SmsSegments;
};

/**
 * `recipient`: the number is not one; `message`: the provider refused the request (4xx);
 * `authentication`: the token (401/403), our configuration; `rate-limit`: 429; `provider`: the
 * provider failed (5xx) or answered oddly; `timeout` and `connection`: no answer at all.
 */
export type SmsFailureKind =
  'recipient' | 'message' | 'authentication' | 'rate-limit' | 'provider' | 'timeout' | 'connection';

export type SmsRejected = {
  readonly status: 'rejected';
  readonly reason: string;
  /** True when sending the same message again would get the same answer. */
  readonly permanent: boolean;
  readonly kind: SmsFailureKind;
  /** The provider's HTTP status, null when there was no answer or no request. */
  readonly httpStatus: number | null;
  /** For a temporary failure: how long to wait before trying again. */
  readonly retryAfterSeconds?: number;
  /** Present once the number was valid. */
  readonly segments?: SmsSegments;
};

export type SmsSendResult = SmsSent | SmsRejected;

export type SmsProvider = {
  /** Never throws for a refusal, an outage or a bad number; throws only for an empty text. */
  send(sms: OutgoingSms): Promise<SmsSendResult>;
};

const DEFAULT_TIMEOUT_MS = 10_000;
const RETRY_AFTER_SECONDS: Record<SmsFailureKind, number> = {
  recipient: 0,
  message: 0,
  authentication: 60 * 60,
  'rate-limit': 60,
  provider: 5 * 60,
  timeout: 5 * 60,
  connection: 5 * 60,
};

// A sender id with a letter in it, or a short code; an all-digit id longer than that would be
// taken for a phone number by the networks.
const ALPHANUMERIC_SENDER = /^(?:(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}|\d{3,8})$/;

/** Retry-After as seconds or an HTTP date; undefined when absent or unreadable. */
const retryAfterOf = (header: string | null, now: Date): number | undefined => {
  if (header === null) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now.getTime()) / 1000));
};

const readJson = async (response: Response): Promise<unknown> => {
  const body = await response.text();
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
};

const field = (body: unknown, names: readonly string[]): string | null => {
  if (typeof body !== 'object' || body === null) return null;
  for (const name of names) {
    const value = (body as Record<string, unknown>)[name];
    if (typeof value === 'string' && value !== '') return value;
    if (typeof value === 'number') return String(value);
  }
  return null;
};

/** The provider's own words about a refusal, cut short: it goes into case history and alerts. */
const explanation = (response: Response, body: unknown): string => {
  const said =
    field(body, ['error_description', 'message', 'error', 'detail', 'title']) ??
    (typeof body === 'string' ? body.trim() : '');
  const text = said === '' ? response.statusText : said;
  return `${response.status} ${text}`.slice(0, 500).trim();
};

/**
 * The HTTP SMS provider. Throws at creation for an unusable URL, token or sender. Statuses:
 * 2xx sent; 408 and 429 temporary (Retry-After honoured); 401/403 temporary, as the token is
 * ours to fix and the message itself is fine; any other 4xx permanent; 5xx, a timeout or a
 * refused connection temporary.
 */
export const createHttpSmsProvider = (
  config: HttpSmsProviderConfig,
  options: { clock?: () => Date } = {},
): SmsProvider => {
  const clock = options.clock ?? (() => new Date());
  let endpoint: URL;
  try {
    endpoint = new URL(config.url);
  } catch {
    throw new Error(`SMS provider URL is not a URL: ${JSON.stringify(config.url)}`);
  }
  if (endpoint.protocol !== 'https:' && endpoint.protocol !== 'http:')
    throw new Error(`SMS provider URL must be http(s), not ${endpoint.protocol}`);
  if (config.token.trim() === '') throw new Error('SMS provider token is empty');
  const senderNumber = normalizePhoneNumber(config.sender);
  if (!ALPHANUMERIC_SENDER.test(config.sender) && !(config.sender.startsWith('+') && senderNumber.ok))
    throw new Error(
      `SMS sender ${JSON.stringify(config.sender)} must be 1 to 11 letters, digits and spaces, a short code, or a number in +<country code> form`,
    );
  const from = senderNumber.ok && config.sender.startsWith('+') ? senderNumber.number.e164 : config.sender;
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  const rejected = (
    kind: SmsFailureKind,
    reason: string,
    permanent: boolean,
    httpStatus: number | null,
    extra: { retryAfterSeconds?: number; segments?: SmsSegments } = {},
  ): SmsRejected => ({
    status: 'rejected',
    reason,
    permanent,
    kind,
    httpStatus,
    ...(permanent ? {} : { retryAfterSeconds: extra.retryAfterSeconds ?? RETRY_AFTER_SECONDS[kind] }),
    ...(extra.segments ? { segments: extra.segments } : {}),
  });

  return {
    send: async (sms: OutgoingSms): Promise<SmsSendResult> => {
      if (typeof sms.text !== 'string' || sms.text.trim() === '')
        throw new TypeError('invalid outgoing SMS: empty text');
      const number = normalizePhoneNumber(sms.to, sms.country ?? config.defaultCountry);
      if (!number.ok) return rejected('recipient', number.message, true, null);
      const to = number.number.e164;
      const segments = countSmsSegments(sms.text);

      let response: Response;
      let body: unknown;
      try {
        response = await fetch(endpoint, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${config.token}`,
            'content-type': 'application/json',
            accept: 'application/json',
            ...(sms.reference ? { 'idempotency-key': sms.reference } : {}),
          },
          body: JSON.stringify({ to, from, text: sms.text }),
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        });
        body = await readJson(response);
      } catch (err) {
        if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError'))
          return rejected('timeout', `no answer from the SMS provider within ${timeoutMs} ms`, false, null, {
            segments,
          });
        if (err instanceof TypeError) {
          const cause = (err as { cause?: { code?: unknown; message?: unknown } }).cause;
          const detail = typeof cause?.code === 'string' ? cause.code : String(cause?.message ?? err.message);
          return rejected('connection', `SMS provider unreachable: ${detail}`, false, null, { segments });
        }
        throw err;
      }

      const status = response.status;
      if (status >= 200 && status < 300)
        return { status: 'sent', providerId: field(body, ['id', 'messageId', 'message_id']), to, segments };
      const reason = explanation(response, body);
      const retryAfterSeconds = retryAfterOf(response.headers.get('retry-after'), clock());
      const extra = { segments, ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) };
      if (status === 429) return rejected('rate-limit', reason, false, status, extra);
      if (status === 408) return rejected('timeout', reason, false, status, extra);
      if (status === 401 || status === 403) return rejected('authentication', reason, false, status, extra);
      if (status >= 400 && status < 500) return rejected('message', reason, true, status, { segments });
      if (status >= 300 && status < 400) {
        const location = response.headers.get('location');
        return rejected(
          'provider',
          `SMS provider redirected the request${location ? ` to ${location}` : ''}: the provider URL needs fixing`,
          false,
          status,
          extra,
        );
      }
      return rejected('provider', reason, false, status, extra);
    },
  };
};
