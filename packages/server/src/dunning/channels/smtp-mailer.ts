// The production email channel: nodemailer over SMTP. Every refusal and every network failure
// becomes a result the dunning run can act on (retry later, or flag the address, C10); only a
// message that should never have been built throws.

import nodemailer, { type NodemailerError, type SMTPPoolOptions } from 'nodemailer';
import {
  implausibleRecipients,
  toNodemailerMessage,
  type EmailFailureKind,
  type EmailRejected,
  type EmailSendResult,
  type Mailer,
  type OutgoingEmail,
} from './mailer';

export type SmtpMailerConfig = {
  /**
   * `smtp://user:pass@host:port` (plain, upgraded with STARTTLS) or `smtps://…` (TLS from the
   * first byte, port 465 by default). User and password are percent-decoded.
   */
  readonly url: string;
  /**
   * For `smtp://`: refuse to send unless the server upgrades the connection with STARTTLS.
   * Default true: reminders carry personal financial data. When false, STARTTLS is still used
   * if offered, and a failed upgrade falls back to plain text. Ignored for `smtps://`.
   */
  readonly requireTLS?: boolean;
  /** Certificate checks, e.g. a private CA, or `rejectUnauthorized: false` for a test relay. */
  readonly tls?: {
    readonly rejectUnauthorized?: boolean;
    readonly ca?: string | Buffer;
    readonly servername?: string;
  };
  /** Bounded waits, in milliseconds. */
  readonly timeouts?: {
    /** To open the TCP connection (default 10 s). */
    readonly connectionMs?: number;
    /** For the server's 220 greeting once connected (default 10 s). */
    readonly greetingMs?: number;
    /** Of silence on an open connection, e.g. a server that never answers DATA (default 60 s). */
    readonly socketMs?: number;
  };
  /** Keep connections open and reuse them, for a run that sends many messages. */
  readonly pool?: { readonly maxConnections?: number; readonly maxMessages?: number };
  /** Name announced in EHLO; the machine's host name when absent. */
  readonly clientName?: string;
};

export type SmtpEndpoint = {
  readonly host: string;
  readonly port: number;
  readonly secure: boolean;
  readonly auth?: { readonly user: string; readonly pass: string };
};

/** Reads an SMTP URL; throws an Error naming the problem (never echoing the password). */
export const parseSmtpUrl = (url: string): SmtpEndpoint => {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('SMTP URL is not a URL: expected smtp://user:pass@host:port or smtps://…');
  }
  const secure = parsed.protocol === 'smtps:';
  if (!secure && parsed.protocol !== 'smtp:')
    throw new Error(`SMTP URL must start with smtp:// or smtps://, not ${parsed.protocol}//`);
  // WHATWG URL keeps the brackets of an IPv6 literal; sockets want the bare address.
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw new Error('SMTP URL has no host');
  const port = parsed.port === '' ? (secure ? 465 : 587) : Number(parsed.port);
  const user = decodeURIComponent(parsed.username);
  const pass = decodeURIComponent(parsed.password);
  return { host, port, secure, ...(user !== '' ? { auth: { user, pass } } : {}) };
};

const DEFAULT_TIMEOUTS = { connectionMs: 10_000, greetingMs: 10_000, socketMs: 60_000 };

/** How long to wait before the next attempt, by why the last one failed. */
const RETRY_AFTER_SECONDS: Record<EmailFailureKind, number> = {
  recipient: 15 * 60,
  message: 15 * 60,
  sender: 60 * 60,
  connection: 5 * 60,
  authentication: 60 * 60,
  tls: 60 * 60,
  protocol: 15 * 60,
};

// A server's reply says what it refused, not what we were doing; configuration failures get context.
const REASON_PREFIX: Record<EmailFailureKind, string> = {
  recipient: '',
  message: '',
  sender: 'sender refused: ',
  connection: '',
  authentication: 'SMTP login refused: ',
  tls: 'TLS required but STARTTLS failed: ',
  protocol: '',
};

const CONNECTION_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'EPROXY']);

const enhancedStatusOf = (response: string | undefined): string | null =>
  /^\d{3}[ -]([245]\.\d{1,3}\.\d{1,3})\b/.exec(response ?? '')?.[1] ?? null;

const kindOfReply = (err: NodemailerError): EmailFailureKind => {
  if (err.code === 'EAUTH' || err.code === 'ENOAUTH') return 'authentication';
  if (err.code === 'ETLS' || err.code === 'EREQUIRETLS') return 'tls';
  const command = (err.command ?? '').toUpperCase();
  if (command.startsWith('RCPT')) return 'recipient';
  if (command.startsWith('MAIL')) return 'sender';
  if (command.startsWith('DATA') || err.code === 'EMESSAGE') return 'message';
  return 'protocol';
};

const rejected = (
  kind: EmailFailureKind,
  reason: string,
  smtpCode: number | null,
  permanent: boolean,
  response?: string,
): EmailRejected => ({
  status: 'rejected',
  reason,
  smtpCode,
  enhancedStatus: enhancedStatusOf(response),
  permanent,
  kind,
  ...(permanent ? {} : { retryAfterSeconds: RETRY_AFTER_SECONDS[kind] }),
});

/**
 * What a nodemailer error means for the dunning run, or null when it is not a delivery failure
 * (a bug: let it throw). Only a refusal of the recipient or of the message can be permanent; a
 * refused login, sender or TLS upgrade is our configuration and worth retrying once fixed.
 */
export const classifySmtpError = (err: unknown): EmailRejected | null => {
  if (!(err instanceof Error)) return null;
  const e = err as NodemailerError;
  if (typeof e.responseCode === 'number') {
    const kind = kindOfReply(e);
    const refusal = kind === 'recipient' || kind === 'message';
    const permanent = refusal && (e.permanent ?? (e.responseCode >= 500 && e.responseCode !== 503));
    return rejected(
      kind,
      `${REASON_PREFIX[kind]}${e.response ?? e.message}`,
      e.responseCode,
      permanent,
      e.response,
    );
  }
  if (e.code === 'ETLS' || e.code === 'EREQUIRETLS')
    return rejected('tls', `${REASON_PREFIX.tls}${e.message}`, null, false);
  if (e.code === 'EAUTH' || e.code === 'ENOAUTH')
    return rejected('authentication', `${REASON_PREFIX.authentication}${e.message}`, null, false);
  if (e.code !== undefined && CONNECTION_CODES.has(e.code)) {
    const cause =
      e.originalCode && e.originalCode !== e.code && !e.message.includes(e.originalCode)
        ? ` (${e.originalCode})`
        : '';
    return rejected('connection', `${e.message}${cause}`, null, false);
  }
  return null;
};

type SentInfo = {
  messageId: string;
  accepted: unknown[];
  rejected: unknown[];
  response: string;
  serverMessageId?: string | undefined;
};

const addressOf = (a: unknown): string =>
  typeof a === 'string' ? a : String((a as { address?: unknown }).address ?? '');

/** The SMTP mailer. Throws at creation for an unusable URL; see `Mailer` for `send`. */
export const createSmtpMailer = (config: SmtpMailerConfig): Mailer => {
  const endpoint = parseSmtpUrl(config.url);
  const timeouts = { ...DEFAULT_TIMEOUTS, ...config.timeouts };
  const requireTLS = !endpoint.secure && (config.requireTLS ?? true);
  const options: SMTPPoolOptions = {
    host: endpoint.host,
    port: endpoint.port,
    secure: endpoint.secure,
    requireTLS,
    opportunisticTLS: !endpoint.secure && !requireTLS,
    ...(endpoint.auth ? { auth: { user: endpoint.auth.user, pass: endpoint.auth.pass } } : {}),
    ...(config.tls ? { tls: { ...config.tls } } : {}),
    ...(config.clientName ? { name: config.clientName } : {}),
    connectionTimeout: timeouts.connectionMs,
    greetingTimeout: timeouts.greetingMs,
    socketTimeout: timeouts.socketMs,
    dnsTimeout: timeouts.connectionMs,
    logger: false,
    debug: false,
  };
  const transport = config.pool
    ? nodemailer.createTransport({
        ...options,
        pool: true,
        maxConnections: config.pool.maxConnections ?? 3,
        maxMessages: config.pool.maxMessages ?? 100,
      })
    : nodemailer.createTransport(options);

  return {
    send: async (message: OutgoingEmail): Promise<EmailSendResult> => {
      const mail = toNodemailerMessage(message);
      const unusable = implausibleRecipients(message);
      if (unusable.length > 0)
        return rejected('recipient', `not an email address: ${unusable.join(', ')}`, null, true);
      let info: SentInfo;
      try {
        info = (await transport.sendMail(mail)) as SentInfo;
      } catch (err) {
        const failure = classifySmtpError(err);
        if (failure === null) throw err;
        return failure;
      }
      return {
        status: 'sent',
        providerMessageId: info.serverMessageId ?? info.messageId,
        messageId: info.messageId,
        accepted: info.accepted.map(addressOf),
        rejected: info.rejected.map(addressOf),
        response: info.response,
      };
    },
    close: async () => {
      transport.close();
    },
  };
};
