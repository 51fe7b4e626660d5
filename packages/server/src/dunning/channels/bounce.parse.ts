// Delivery status notifications (RFC 3464) read back from the bounce mailbox, so a refused
// address raises the "bounced email" alert on the case (PRODUCT.md C10).

import { simpleParser } from 'mailparser';
import { QUITTANCE_MESSAGE_ID_HEADER } from './mailer';

export type BounceRecipient = {
  /** The address that failed, from Final-Recipient (or Original-Recipient). */
  readonly recipient: string;
  readonly action: 'failed' | 'delayed';
  /** The enhanced status code, e.g. `5.1.1` (unknown user) or `4.4.1` (no answer from host). */
  readonly status: string;
  /** True for a failure (class 5); a delay is still being retried by the reporting server. */
  readonly permanent: boolean;
  /** The remote server's words, e.g. `smtp; 550 5.1.1 <…>: Recipient address rejected: …`. */
  readonly diagnostic: string | null;
  readonly remoteMta: string | null;
};

export type Bounce = BounceRecipient & {
  /** Our id: the returned X-Quittance-Message-Id header, else the envelope id (ENVID) we sent. */
  readonly quittanceMessageId: string | null;
  /** The Message-ID header of the message that bounced, `<…>`, when the report returned it. */
  readonly originalMessageId: string | null;
  readonly envelopeId: string | null;
  readonly reportingMta: string | null;
  /** Every failed or delayed recipient of the report; the fields above repeat the first one. */
  readonly recipients: readonly BounceRecipient[];
};

type HeaderBlock = Map<string, string>;

/** Header fields (RFC 5322 syntax, folded lines joined) of one block, names lower-cased. */
const readFields = (block: string): HeaderBlock => {
  const fields: HeaderBlock = new Map();
  let current: string | null = null;
  for (const line of block.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && current !== null) {
      fields.set(current, `${fields.get(current) ?? ''} ${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) {
      current = null;
      continue;
    }
    current = line.slice(0, colon).trim().toLowerCase();
    // The first occurrence wins, as for the headers a reader shows.
    if (!fields.has(current)) fields.set(current, line.slice(colon + 1).trim());
    else current = null;
  }
  return fields;
};

/** The blocks of a message/delivery-status body: per-message fields, then one per recipient. */
const readBlocks = (body: string): HeaderBlock[] =>
  body
    .split(/\r?\n[ \t]*\r?\n/)
    .map((b) => b.replace(/^(\r?\n)+/, ''))
    .filter((b) => b.trim() !== '')
    .map(readFields);

/** `rfc822; a@b.example` → `a@b.example`. */
const withoutType = (value: string | undefined): string | null => {
  if (value === undefined) return null;
  const semicolon = value.indexOf(';');
  const v = (semicolon >= 0 ? value.slice(semicolon + 1) : value).trim();
  return v === '' ? null : v.replace(/^<(.*)>$/, '$1');
};

const recipientOf = (fields: HeaderBlock): BounceRecipient | null => {
  const action = fields.get('action')?.toLowerCase().split(/[\s(]/)[0];
  if (action !== 'failed' && action !== 'delayed') return null;
  const recipient =
    withoutType(fields.get('final-recipient')) ?? withoutType(fields.get('original-recipient'));
  if (recipient === null) return null;
  const status = /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(fields.get('status') ?? '')?.[1];
  const fallback = action === 'failed' ? '5.0.0' : '4.0.0';
  return {
    recipient,
    action,
    status: status ?? fallback,
    permanent: action === 'failed',
    diagnostic: fields.get('diagnostic-code') ?? null,
    remoteMta: withoutType(fields.get('remote-mta')),
  };
};

/** ENVID travels as xtext (RFC 3461): `+2B` for `+`, any byte outside `!`..`~` hex-escaped. */
const xtextDecoded = (value: string | null): string | null =>
  value === null
    ? null
    : value.replace(/\+([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

const DELIVERY_STATUS = new Set(['message/delivery-status', 'message/global-delivery-status']);
const RETURNED_MESSAGE = new Set([
  'message/rfc822',
  'text/rfc822-headers',
  'message/global',
  'message/global-headers',
]);

/**
 * Reads a delivery status notification: who could not be reached, why, and which of our messages
 * it was. Null when the mail is not a DSN of a failure or a delay (an ordinary reply, an
 * out-of-office, a success notice) or names no recipient.
 */
export const parseBounce = async (raw: Buffer | string): Promise<Bounce | null> => {
  const mail = await simpleParser(raw, {
    keepDeliveryStatus: true,
    skipHtmlToText: true,
    skipTextToHtml: true,
    skipImageLinks: true,
  });
  const report = mail.attachments.find((a) => DELIVERY_STATUS.has(a.contentType.toLowerCase()));
  if (report === undefined) return null;
  const [perMessage, ...perRecipient] = readBlocks(report.content.toString('utf8'));
  if (perMessage === undefined) return null;
  const recipients = perRecipient.map(recipientOf).filter((r): r is BounceRecipient => r !== null);
  const [first] = recipients;
  if (first === undefined) return null;

  const returned = mail.attachments.find((a) => RETURNED_MESSAGE.has(a.contentType.toLowerCase()));
  // Only the header section of the returned message matters, and it ends at the first blank line.
  const returnedHeaders = returned
    ? readFields(returned.content.toString('utf8').split(/\r?\n\r?\n/)[0] ?? '')
    : new Map<string, string>();
  const envelopeId = xtextDecoded(perMessage.get('original-envelope-id')?.trim() || null);
  const ourHeader = returnedHeaders.get(QUITTANCE_MESSAGE_ID_HEADER.toLowerCase())?.trim() || null;
  return {
    ...first,
    quittanceMessageId: ourHeader ?? envelopeId,
    originalMessageId: returnedHeaders.get('message-id')?.trim() || null,
    envelopeId,
    reportingMta: withoutType(perMessage.get('reporting-mta')),
    recipients,
  };
};
