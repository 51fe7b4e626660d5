import { sql } from 'kysely';
import type { CommandContext } from '../application/context';
import { runCaseCommandsIn } from '../application/cases.commands';
import { withTenant, type Tx } from '../db/tenancy';
import { loadDocument, storeDocument } from './documents';
import { mergeLetters } from './letters';
import { parseBounce, type Mailer, type SmsProvider } from './channels';

export type DeliveryDeps = {
  readonly mailer: Mailer;
  readonly sms: SmsProvider | null;
};

export type DeliveryOutcome = { readonly status: 'sent' | 'failed' | 'printed'; readonly reason?: string };

export type DeliveryReport = {
  readonly outcomes: Map<string, DeliveryOutcome>;
  printBatch: { readonly documentId: string; readonly letters: number } | null;
  readonly warnings: string[];
};

type Pending = {
  caseId: string;
  caseNumber: string;
  messageId: string;
  channel: string;
  template: string;
  documentId: string | null;
};

/**
 * The outbox (C5, C10): every message asked for on a case (by a dunning step or a rule) and not
 * yet sent or failed is delivered — email over SMTP with its attachments, SMS through the
 * provider, letters merged into one PDF for printing, kept as a document — and the result is
 * recorded on the case as `MessageSent` or `MessageFailed` (a permanent refusal, e.g. an unknown
 * mailbox, is an alert for the collector). Each result is recorded right after its delivery,
 * so a crash resends at most the one message in flight.
 */
export const deliverMessages = async (
  ctx: CommandContext,
  deps: DeliveryDeps,
  options: { asOf: string; now: Date },
): Promise<DeliveryReport> => {
  const report: DeliveryReport = { outcomes: new Map(), printBatch: null, warnings: [] };
  const pending = await withTenant(ctx.db, ctx.tenant.id, (tx) => pendingMessages(tx, options.asOf));
  const letters: Pending[] = [];
  for (const message of pending) {
    if (message.channel === 'letter') {
      letters.push(message);
      continue;
    }
    if (message.channel !== 'email' && message.channel !== 'sms') continue;
    const outcome = await deliverOne(ctx, deps, message, options.now);
    report.outcomes.set(message.messageId, outcome);
    await record(ctx, message, outcome, options.now, null);
  }

  if (letters.length > 0) {
    // C12: one PDF per run, in case order, for the print room; every letter stays stored alone too.
    const batch = await withTenant(ctx.db, ctx.tenant.id, async (tx) => {
      const documents = [];
      for (const letter of letters) {
        const document = letter.documentId ? await loadDocument(tx, letter.documentId) : undefined;
        if (document) documents.push(document.bytes);
      }
      const merged = await mergeLetters(documents, {
        title: `Dunning letters ${options.asOf}`,
        createdAt: options.now.toISOString(),
      });
      return storeDocument(tx, ctx.tenant.id, {
        caseId: null,
        kind: 'print-batch',
        fileName: `letters-${options.asOf}-${options.now.toISOString().replace(/[:.]/g, '')}.pdf`,
        contentType: 'application/pdf',
        bytes: merged,
        actor: ctx.actor,
        at: options.now,
      });
    });
    for (const letter of letters) {
      const outcome: DeliveryOutcome = { status: 'printed' };
      report.outcomes.set(letter.messageId, outcome);
      await record(ctx, letter, outcome, options.now, batch.id);
    }
    report.printBatch = { documentId: batch.id, letters: letters.length };
  }
  return report;
};

const pendingMessages = async (tx: Tx, asOf: string): Promise<Pending[]> => {
  const rows = await sql<{
    stream_id: string;
    number: string;
    message_id: string;
    channel: string;
    template: string;
    document_id: string | null;
  }>`
    select r.stream_id, c.number, r.data->>'messageId' as message_id, r.data->>'channel' as channel,
           r.data->>'template' as template, r.data->>'documentId' as document_id
    from events r
    join cases c on c.id = r.stream_id
    where r.type = 'MessageRequested'
      and (r.data->>'requestedOn') <= ${asOf}
      and c.status = 'open'
      and not exists (
        select 1 from events d
        where d.stream_id = r.stream_id and d.type in ('MessageSent', 'MessageFailed')
          and d.data->>'messageId' = r.data->>'messageId'
      )
    order by c.number, r.position
  `.execute(tx);
  return rows.rows.map((r) => ({
    caseId: r.stream_id,
    caseNumber: r.number,
    messageId: r.message_id,
    channel: r.channel,
    template: r.template,
    documentId: r.document_id,
  }));
};

const deliverOne = async (
  ctx: CommandContext,
  deps: DeliveryDeps,
  message: Pending,
  now: Date,
): Promise<DeliveryOutcome & { providerId?: string | null; to?: string | null; permanent?: boolean }> => {
  const loaded = await withTenant(ctx.db, ctx.tenant.id, async (tx) => {
    const document = message.documentId ? await loadDocument(tx, message.documentId) : undefined;
    const recipient = await tx
      .selectFrom('cases as c')
      .innerJoin('companies as co', 'co.code', 'c.company_code')
      .leftJoin('parties as p', 'p.id', 'c.debtor_party_id')
      .select(['p.contacts', 'co.name', 'co.profile'])
      .where('c.id', '=', message.caseId)
      .executeTakeFirst();
    const attachments = [];
    const body = document ? (JSON.parse(document.bytes.toString('utf8')) as Record<string, unknown>) : null;
    for (const id of (body?.attachments as string[] | undefined) ?? []) {
      const attachment = await loadDocument(tx, id);
      if (attachment)
        attachments.push({
          filename: attachment.fileName,
          content: attachment.bytes,
          contentType: attachment.contentType,
        });
    }
    return { body, recipient, attachments };
  });
  if (!loaded.body) {
    return {
      status: 'failed',
      reason: `no content for template "${message.template}": the message was asked for without a rendered document`,
      permanent: true,
    };
  }
  const contacts = (loaded.recipient?.contacts ?? []) as { kind: string; value: string; optOut: boolean }[];
  if (message.channel === 'email') {
    const to = contacts.find((c) => c.kind === 'email' && !c.optOut)?.value;
    if (!to)
      return { status: 'failed', reason: 'the debtor has no email address (or opted out)', permanent: true };
    const profile = loaded.recipient?.profile ?? {};
    const result = await deps.mailer.send({
      to,
      from: {
        fromName: profile.senderName ?? loaded.recipient?.name ?? 'Quittance',
        fromAddress: profile.senderEmail ?? profile.email ?? 'no-reply@quittance.invalid',
        ...(profile.replyTo ? { replyTo: profile.replyTo } : {}),
      },
      subject: String(loaded.body.subject ?? ''),
      text: String(loaded.body.text ?? ''),
      ...(loaded.body.html ? { html: String(loaded.body.html) } : {}),
      attachments: loaded.attachments,
      headers: { 'X-Quittance-Message-Id': message.messageId },
    });
    return result.status === 'sent'
      ? { status: 'sent', providerId: result.providerMessageId, to }
      : { status: 'failed', reason: result.reason, permanent: result.permanent };
  }
  const to = contacts.find((c) => c.kind === 'phone' && !c.optOut)?.value;
  if (!to)
    return { status: 'failed', reason: 'the debtor has no phone number (or opted out)', permanent: true };
  if (!deps.sms)
    return { status: 'failed', reason: 'no SMS provider is configured (SMS_PROVIDER_URL)', permanent: false };
  const result = await deps.sms.send({
    to,
    text: String(loaded.body.text ?? ''),
    reference: message.messageId,
  });
  void now;
  return result.status === 'sent'
    ? { status: 'sent', providerId: result.providerId, to: result.to }
    : { status: 'failed', reason: result.reason, permanent: result.permanent };
};

const record = async (
  ctx: CommandContext,
  message: Pending,
  outcome: DeliveryOutcome & { providerId?: string | null; to?: string | null; permanent?: boolean },
  now: Date,
  batchId: string | null,
): Promise<void> => {
  await withTenant(ctx.db, ctx.tenant.id, (tx) =>
    runCaseCommandsIn(tx, ctx, message.caseId, [
      outcome.status === 'failed'
        ? {
            type: 'RecordMessageFailed',
            data: {
              messageId: message.messageId,
              reason: outcome.reason ?? 'failed',
              permanent: outcome.permanent ?? true,
              failedAt: now.toISOString(),
            },
          }
        : {
            type: 'RecordMessageSent',
            data: {
              messageId: message.messageId,
              providerId: batchId ?? outcome.providerId ?? null,
              to: outcome.status === 'printed' ? 'print' : (outcome.to ?? null),
              sentAt: now.toISOString(),
            },
          },
    ]),
  );
};

/**
 * A delivery status notification came back (C10): the message it names fails on its case,
 * permanently for a 5.x.x status — the rules then alert the collector (standard library). A
 * delay is only reported; a mail that is not a bounce, or names no message of ours, changes nothing.
 */
export const recordBounce = async (
  ctx: CommandContext,
  raw: Buffer,
  now: Date,
): Promise<
  | { recorded: true; caseId: string; messageId: string; status: string; permanent: boolean }
  | { recorded: false; reason: string }
> => {
  const bounce = await parseBounce(raw);
  if (!bounce) return { recorded: false, reason: 'not a delivery status notification' };
  if (bounce.action !== 'failed')
    return { recorded: false, reason: `delivery delayed (${bounce.status}); still being retried` };
  const messageId = bounce.quittanceMessageId;
  if (!messageId) return { recorded: false, reason: 'the report names no Quittance message' };
  const found = await withTenant(ctx.db, ctx.tenant.id, (tx) =>
    sql<{ stream_id: string }>`
      select stream_id from events where type = 'MessageRequested' and data->>'messageId' = ${messageId} limit 1
    `.execute(tx),
  );
  const caseId = found.rows[0]?.stream_id;
  if (!caseId) return { recorded: false, reason: `no message ${messageId}` };
  const reason = `bounced: ${bounce.status} ${bounce.recipient}${bounce.diagnostic ? ` — ${bounce.diagnostic}` : ''}`;
  await withTenant(ctx.db, ctx.tenant.id, (tx) =>
    runCaseCommandsIn(tx, ctx, caseId, [
      {
        type: 'RecordMessageFailed',
        data: { messageId, reason, permanent: bounce.permanent, failedAt: now.toISOString() },
      },
    ]),
  );
  return { recorded: true, caseId, messageId, status: bounce.status, permanent: bounce.permanent };
};
