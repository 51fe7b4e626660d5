// The email channel's contract (PRODUCT.md C5, J6): what the dunning run hands to a mailer and
// what it gets back. Two implementations: SMTP (production) and a pickup directory (development).

import type { SendMailOptions } from 'nodemailer';

/** Our own id of an outgoing message, carried in this header so bounces can be matched (C10). */
export const QUITTANCE_MESSAGE_ID_HEADER = 'X-Quittance-Message-Id';

export type EmailAddress = { readonly name?: string; readonly address: string };

/** DKIM signing settings of a sender, passed through to nodemailer's signer. */
export type DkimSettings = {
  /** The `d=` domain, e.g. `acme-recouvrement.example`. */
  readonly domainName: string;
  readonly keySelector: string;
  /** PEM private key. */
  readonly privateKey: string;
};

/** Who a company's messages come from. */
export type CompanySender = {
  readonly fromName: string;
  readonly fromAddress: string;
  readonly replyTo?: string;
  /**
   * Envelope sender (MAIL FROM), where delivery status notifications go; the from address when
   * absent. A mailbox the bounce reader watches.
   */
  readonly bounceAddress?: string;
  readonly dkim?: DkimSettings;
};

export type EmailAttachment = {
  readonly filename: string;
  readonly content: Buffer;
  readonly contentType: string;
};

export type OutgoingEmail = {
  readonly to: string | EmailAddress | readonly (string | EmailAddress)[];
  readonly from: CompanySender;
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
  readonly attachments?: readonly EmailAttachment[];
  readonly headers: { readonly [QUITTANCE_MESSAGE_ID_HEADER]: string } & Readonly<Record<string, string>>;
  /** The Message-ID header, `<id@domain>`; generated from the sender's domain when absent. */
  readonly messageId?: string;
};

export type EmailSent = {
  readonly status: 'sent';
  /** The id the provider knows the message by: the Message-ID the server gave it, else ours. */
  readonly providerMessageId: string;
  /** The Message-ID header the message was composed with; bounces quote it. */
  readonly messageId: string;
  readonly accepted: readonly string[];
  /** Recipients refused while others were accepted; each one deserves the same care as a bounce. */
  readonly rejected: readonly string[];
  /** The server's final reply, e.g. `250 2.0.0 Ok: queued as 4dW8Zq3kQJz9vBx`. */
  readonly response: string;
};

/**
 * Why a message did not go out. `recipient`: the address was refused (a 5xx here is a hard
 * bounce: alert, stop using the address); `message`: the content was refused at DATA;
 * `connection`: the server could not be reached or dropped us; `sender`, `authentication` and
 * `tls`: our configuration, not the debtor's data (stop the run, tell an administrator);
 * `protocol`: anything else the server answered.
 */
export type EmailFailureKind =
  'recipient' | 'message' | 'sender' | 'connection' | 'authentication' | 'tls' | 'protocol';

export type EmailRejected = {
  readonly status: 'rejected';
  readonly reason: string;
  /** The SMTP reply code, null when there was no reply (connection refused, timeout). */
  readonly smtpCode: number | null;
  /** The enhanced status code (RFC 3463) of the reply, e.g. `5.1.1`, when the server gave one. */
  readonly enhancedStatus: string | null;
  /** True when sending the same message again would get the same answer. */
  readonly permanent: boolean;
  readonly kind: EmailFailureKind;
  /** For a temporary failure: how long to wait before trying again. */
  readonly retryAfterSeconds?: number;
};

export type EmailSendResult = EmailSent | EmailRejected;

export type Mailer = {
  /** Never throws for a refusal or an unreachable server; throws only on a programming error. */
  send(message: OutgoingEmail): Promise<EmailSendResult>;
  close(): Promise<void>;
};

// Deliberately loose: the receiving server is the judge of an address; this only catches data
// that cannot be an address at all (a phone number, two addresses in one field, a blank).
const PLAUSIBLE_ADDRESS = /^[^\s@<>(),;:"[\]\\]+@[^\s@<>(),;:"[\]\\]+\.[^\s@<>(),;:"[\]\\]+$/u;

export const isPlausibleEmailAddress = (address: string): boolean => PLAUSIBLE_ADDRESS.test(address);

const recipientsOf = (to: OutgoingEmail['to']): EmailAddress[] => {
  const list = Array.isArray(to) ? (to as readonly (string | EmailAddress)[]) : [to as string | EmailAddress];
  return list.map((r) =>
    typeof r === 'string' ? { address: r.trim() } : { ...r, address: r.address.trim() },
  );
};

/** The recipients of a message that cannot be addresses, to refuse before talking to a server. */
export const implausibleRecipients = (message: OutgoingEmail): string[] =>
  recipientsOf(message.to)
    .map((r) => r.address)
    .filter((a) => !isPlausibleEmailAddress(a));

const assertMessage = (message: OutgoingEmail): void => {
  const problems: string[] = [];
  if (recipientsOf(message.to).length === 0) problems.push('no recipient');
  if (!isPlausibleEmailAddress(message.from.fromAddress))
    problems.push(`sender address ${JSON.stringify(message.from.fromAddress)} is not an address`);
  if (message.from.replyTo !== undefined && !isPlausibleEmailAddress(message.from.replyTo))
    problems.push(`reply-to ${JSON.stringify(message.from.replyTo)} is not an address`);
  if (message.from.bounceAddress !== undefined && !isPlausibleEmailAddress(message.from.bounceAddress))
    problems.push(`bounce address ${JSON.stringify(message.from.bounceAddress)} is not an address`);
  if (typeof message.subject !== 'string' || message.subject.trim() === '') problems.push('empty subject');
  if (typeof message.text !== 'string') problems.push('no text body');
  const ourId = message.headers[QUITTANCE_MESSAGE_ID_HEADER];
  if (typeof ourId !== 'string' || ourId.trim() === '')
    problems.push(`no ${QUITTANCE_MESSAGE_ID_HEADER} header`);
  for (const a of message.attachments ?? []) {
    if (!Buffer.isBuffer(a.content)) problems.push(`attachment ${a.filename}: content is not a Buffer`);
  }
  if (problems.length > 0) throw new TypeError(`invalid outgoing email: ${problems.join('; ')}`);
};

// ENVID is xtext and at most 100 characters (RFC 3461); our ids are short, but never let a long
// one make the server refuse MAIL FROM.
const envelopeId = (ourId: string): string | undefined =>
  /^[\x21-\x7e]{1,100}$/.test(ourId) ? ourId : undefined;

/**
 * The nodemailer message for an outgoing email: the company's sender, our header, and a request
 * for failure and delay notifications carrying our id as the envelope id where the server
 * supports DSN (RFC 3461), so a bounce names the message even when it quotes no headers.
 * Throws a TypeError for a message no server should see (no recipient, no id, no subject).
 */
export const toNodemailerMessage = (message: OutgoingEmail): SendMailOptions => {
  assertMessage(message);
  const ourId = message.headers[QUITTANCE_MESSAGE_ID_HEADER];
  const sender = message.from;
  const envid = envelopeId(ourId);
  return {
    from: { name: sender.fromName, address: sender.fromAddress },
    ...(sender.replyTo ? { replyTo: sender.replyTo } : {}),
    ...(sender.bounceAddress
      ? {
          envelope: {
            from: sender.bounceAddress,
            to: recipientsOf(message.to).map((r) => r.address),
          },
        }
      : {}),
    to: recipientsOf(message.to).map((r) => (r.name ? { name: r.name, address: r.address } : r.address)),
    subject: message.subject,
    text: message.text,
    ...(message.html !== undefined ? { html: message.html } : {}),
    attachments: (message.attachments ?? []).map((a) => ({
      filename: a.filename,
      content: a.content,
      contentType: a.contentType,
    })),
    headers: { ...message.headers },
    ...(message.messageId ? { messageId: message.messageId } : {}),
    ...(sender.dkim
      ? {
          dkim: {
            domainName: sender.dkim.domainName,
            keySelector: sender.dkim.keySelector,
            privateKey: sender.dkim.privateKey,
          },
        }
      : {}),
    dsn: { ret: 'HDRS', notify: ['FAILURE', 'DELAY'], ...(envid ? { envid } : {}) },
    // A reminder never reads local files or fetches URLs: attachments are Buffers we rendered.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
};
