import { v7 as uuidv7 } from 'uuid';
import {
  CASE_FACTS_SCHEMA,
  agreementBlock,
  assignVariant,
  feeRefusal,
  feelFromJson,
  foldCase,
  formatMoney,
  moneyToDto,
  planDunning,
  type CaseCommand,
  type CaseEvent,
  type CompiledStrategy,
  type CurrencyCode,
  type DunningAction,
  type DunningItem,
  type FeelContext,
  type OpenCaseState,
  type StepChannel,
} from '@quittance/domain';
import type { CommandContext } from '../application/context';
import { inTenantTransaction } from '../application/stream-command';
import { runCaseCommandsIn } from '../application/cases.commands';
import { readStream } from '../event-store/event-store';
import type { Tx } from '../db/tenancy';
import { withTenant } from '../db/tenancy';
import { caseFacts } from '../rules/case-facts';
import { compiledPublished } from '../rules/processor';
import { storeDocument } from './documents';
import { dunningContext, languageOf } from './context';
import { renderDunningMessage, resolveTemplate, type DunningTemplateCatalog } from './templates';
import { letterFromMessage, renderLetterPdf } from './letters';
import { deliverMessages, type DeliveryDeps } from './deliver';
import { tenantTemplates } from './tenant-templates';

export type DunningDeps = DeliveryDeps;

/** One line of the run, as the CLI contract reports it (docs/CLI.md). */
export type DunningRunAction = {
  readonly case: string;
  readonly caseId: string;
  readonly customer: string | null;
  readonly invoices: readonly string[];
  readonly strategy: string;
  readonly step: string;
  readonly channel: StepChannel | 'none';
  readonly status: 'sent' | 'failed' | 'postponed' | 'task' | 'printed' | 'requested' | 'handed-over';
  readonly reason?: string;
  readonly messageId?: string;
};

export type DunningRunReport = {
  asOf: string;
  casesEvaluated: number;
  actions: DunningRunAction[];
  printBatch: { readonly documentId: string; readonly letters: number } | null;
  warnings: string[];
};

export type DunningRunOptions = {
  readonly asOf: string;
  /** The moment of the run (quiet hours, caps). */
  readonly now: Date;
  /** Only these cases (individual dunning, C6); all cases with a running strategy otherwise. */
  readonly caseIds?: readonly string[];
  /** Send what was asked for (default true); false leaves the messages requested, for review. */
  readonly deliver?: boolean;
  /**
   * Only the cases whose next dunning date has come (their `dunning` timer is due or they have
   * none yet): what the background worker runs on every tick. An explicit run takes every case.
   */
  readonly onlyDue?: boolean;
};

/** IANA time zone of a debtor from their country, until parties carry their own. */
const TIME_ZONES: Readonly<Record<string, string>> = {
  FR: 'Europe/Paris',
  BE: 'Europe/Brussels',
  LU: 'Europe/Luxembourg',
  MC: 'Europe/Monaco',
  DE: 'Europe/Berlin',
  AT: 'Europe/Vienna',
  CH: 'Europe/Zurich',
  NL: 'Europe/Amsterdam',
  ES: 'Europe/Madrid',
  PT: 'Europe/Lisbon',
  IT: 'Europe/Rome',
  IE: 'Europe/Dublin',
  GB: 'Europe/London',
};

/**
 * `quittance dunning run` (C6): for every open case with a running strategy (not in manual mode),
 * plans what is due today with the pure planner, records it on the case — the step, the
 * messages with their rendered documents kept byte for byte, call tasks, fees, hand-overs,
 * postponements with their reason — in one transaction per case, then delivers the messages
 * (email over SMTP, SMS, letters merged into one PDF for printing). Idempotent per case, step,
 * day and item set: a second run the same day finds nothing due and sends nothing.
 */
export const runDunning = async (
  ctx: CommandContext,
  deps: DunningDeps,
  options: DunningRunOptions,
): Promise<DunningRunReport> => {
  const report: DunningRunReport = {
    asOf: options.asOf,
    casesEvaluated: 0,
    actions: [],
    printBatch: null,
    warnings: [],
  };
  const { published, cases, templates } = await withTenant(ctx.db, ctx.tenant.id, async (tx) => {
    let query = tx
      .selectFrom('cases as c')
      .leftJoin('parties as p', 'p.id', 'c.debtor_party_id')
      .select(['c.id', 'c.number', 'c.strategy', 'p.reference'])
      .where('c.status', '=', 'open')
      .where('c.manual_mode', '=', false)
      .where('c.strategy', 'is not', null)
      .orderBy('c.number');
    if (options.caseIds)
      query = query.where('c.id', 'in', options.caseIds.length ? [...options.caseIds] : ['']);
    return {
      published: await compiledPublished(tx, ctx.tenant.id),
      cases: await query.execute(),
      templates: await tenantTemplates(tx),
    };
  });
  if (!published) {
    report.warnings.push('no published rule set: no strategy to run');
    return report;
  }
  const runCtx: CommandContext = {
    ...ctx,
    actor: { kind: 'system', id: 'dunning' },
    today: options.asOf,
    now: options.now,
  };

  for (const kase of cases) {
    report.casesEvaluated += 1;
    const strategyId = kase.strategy!;
    const champion = published.compiled.strategies.get(strategyId);
    if (!champion) {
      report.warnings.push(`${kase.number}: strategy "${strategyId}" is not in the published rule set`);
      continue;
    }
    const planned = await inTenantTransaction(runCtx, (tx) =>
      planAndRecord(
        tx,
        runCtx,
        templates,
        options,
        { id: kase.id, number: kase.number, customer: kase.reference },
        champion,
        published.compiled.strategies,
        published.compiled.contactRules,
      ),
    );
    report.actions.push(...planned);
  }

  if (options.deliver !== false) {
    const delivery = await deliverMessages(runCtx, deps, { asOf: options.asOf, now: options.now });
    for (const [i, action] of report.actions.entries()) {
      if (!action.messageId) continue;
      const outcome = delivery.outcomes.get(action.messageId);
      if (!outcome) continue;
      report.actions[i] = {
        ...action,
        status: outcome.status,
        ...(outcome.reason !== undefined ? { reason: outcome.reason } : {}),
      };
    }
    report.printBatch = delivery.printBatch;
    report.warnings.push(...delivery.warnings);
  }
  return report;
};

type CaseRef = { readonly id: string; readonly number: string; readonly customer: string | null };

const planAndRecord = async (
  tx: Tx,
  ctx: CommandContext,
  templates: DunningTemplateCatalog,
  options: DunningRunOptions,
  kase: CaseRef,
  champion: CompiledStrategy,
  strategies: ReadonlyMap<string, CompiledStrategy>,
  contactRules: Parameters<typeof planDunning>[0]['contactRules'],
): Promise<DunningRunAction[]> => {
  const history = await readStream(tx, kase.id);
  const state = foldCase(history.map((e) => ({ type: e.type, data: e.data }) as CaseEvent));
  if (state.status !== 'open') return [];
  const commands: CaseCommand[] = [];

  // Champion/challenger (C2): the variant is drawn once, by case id, and recorded.
  let strategy = champion;
  let variant: string | null = null;
  if (champion.strategy.challengers?.length) {
    const recorded = state.dunning.variants.get(champion.strategy.id);
    variant = recorded ?? assignVariant(champion.strategy, kase.id);
    if (!recorded)
      commands.push({ type: 'AssignStrategyVariant', data: { strategy: champion.strategy.id, variant } });
    strategy = strategies.get(variant) ?? champion;
  }

  const debtor = await tx
    .selectFrom('cases as c')
    .leftJoin('parties as p', 'p.id', 'c.debtor_party_id')
    .select(['c.currency', 'c.phase', 'c.manager', 'p.customer_type', 'p.country', 'p.contacts', 'p.name'])
    .where('c.id', '=', kase.id)
    .executeTakeFirstOrThrow();
  const currency = debtor.currency.trim() as CurrencyCode;
  const contacts = (debtor.contacts ?? []) as { kind: string; value: string; optOut: boolean }[];
  const optedOut: StepChannel[] = [];
  if (contacts.some((c) => c.kind === 'email' && c.optOut)) optedOut.push('email');
  if (contacts.some((c) => c.kind === 'phone' && c.optOut)) optedOut.push('sms', 'phone');

  const items = await tx
    .selectFrom('financial_items')
    .select(['id', 'number', 'kind', 'due_date', 'outstanding_minor', 'currency'])
    .where('case_id', '=', kase.id)
    .execute();
  const dunningItems: DunningItem[] = items.map((i) => {
    const stop = state.dunning.itemStops.get(i.id);
    // A stop said by hand wins; otherwise a dispute, a plan or a promise holds the item (issue 8).
    const agreement = stop ? null : agreementBlock(state.agreements, i.id, options.asOf);
    return {
      itemId: i.id,
      number: i.number,
      kind: i.kind === 'credit_note' ? 'credit_note' : 'invoice',
      dueDate: i.due_date,
      outstandingMinor: BigInt(i.outstanding_minor),
      currency: i.currency.trim() as CurrencyCode,
      block: stop ? { kind: 'stopped', reason: stop.reason, until: stop.until } : agreement,
    };
  });
  const factsJson = await caseFacts(tx, kase.id, options.asOf, null);
  const plan = planDunning({
    strategy,
    today: options.asOf,
    now: options.now.toISOString(),
    currency,
    items: dunningItems,
    stop: state.dunning.caseStop,
    history: state.dunning.stepsRun,
    contacts: contactHistory(history),
    override: state.dunning.override ? { level: state.dunning.override } : null,
    debtor: {
      customerType:
        debtor.customer_type === 'consumer'
          ? 'consumer'
          : debtor.customer_type === 'business'
            ? 'business'
            : null,
      timeZone: debtor.country ? (TIME_ZONES[debtor.country] ?? null) : null,
      optedOut,
    },
    facts: feelFromJson(factsJson ?? {}, CASE_FACTS_SCHEMA) as FeelContext,
    contactRules,
  });

  const lines: DunningRunAction[] = [];
  const line = (
    action: DunningAction | { stepId: string; items: readonly { number: string; kind: string }[] },
    channel: StepChannel | 'none',
    status: DunningRunAction['status'],
    extra: Partial<DunningRunAction> = {},
  ): void => {
    const stepId =
      'type' in action && action.type === 'thank-you' ? 'thank-you' : (action as { stepId: string }).stepId;
    lines.push({
      case: kase.number,
      caseId: kase.id,
      customer: kase.customer,
      invoices: action.items.filter((i) => i.kind === 'invoice').map((i) => i.number),
      strategy: strategy.strategy.id,
      step: stepId,
      channel,
      status,
      ...extra,
    });
  };

  for (const action of plan.due) {
    const itemIds = action.items.map((i) => i.itemId);
    const invoices = action.items.filter((i) => i.kind === 'invoice').map((i) => i.number);
    if (action.type === 'hand-over') {
      commands.push({
        type: 'RecordDunningStep',
        data: {
          kind: 'hand-over',
          strategy: champion.strategy.id,
          variant,
          stepId: action.stepId,
          level: action.level,
          channels: [],
          itemIds,
          invoices,
          total: moneyToDto(action.totalDue),
          cost: null,
          runOn: options.asOf,
        },
      });
      if (action.to === 'legal') {
        if (state.phase !== 'legal')
          commands.push({
            type: 'ChangePhase',
            data: { phase: 'legal', reason: `dunning: ${strategy.strategy.name} ended` },
          });
      } else {
        commands.push({
          type: 'OutsourceCase',
          data: {
            partner: 'collection agency',
            reason: `dunning: ${strategy.strategy.name} ended`,
            outsourcedOn: options.asOf,
          },
        });
      }
      commands.push({
        type: 'StopStrategy',
        data: { reason: `handed over to ${action.to}`, stoppedOn: options.asOf },
      });
      line(action, 'none', 'handed-over', { reason: `handed over to ${action.to}` });
      continue;
    }
    const stepId = action.type === 'step' ? action.stepId : 'thank-you';
    const level = action.type === 'step' ? action.level : 'thank-you';
    const template = action.template;
    commands.push({
      type: 'RecordDunningStep',
      data: {
        kind: action.type,
        strategy: champion.strategy.id,
        variant,
        stepId,
        level,
        channels: action.channels,
        itemIds,
        invoices,
        total:
          action.type === 'step'
            ? moneyToDto(action.totalDue)
            : { amount: formatMoney({ amountMinor: 0n, currency }), currency },
        cost: action.type === 'step' ? action.cost : null,
        runOn: options.asOf,
      },
    });
    if (action.type === 'step' && action.fee) {
      const refusal = feeRefusal(
        {
          country: debtor.country,
          customerType: debtor.customer_type === 'consumer' ? 'consumer' : 'business',
        },
        state.phase,
      );
      if (refusal === null) {
        commands.push({
          type: 'ChargeFee',
          data: {
            feeId: uuidv7(),
            amount: moneyToDto(action.fee),
            chargedOn: options.asOf,
            label: `Dunning fee ${level} (${strategy.strategy.name})`,
          },
        });
      }
    }
    const messageChannels = action.channels.filter((c) => c !== 'phone');
    const language = languageOf(await partyLanguage(tx, kase.id), debtor.country);
    const context = messageChannels.length
      ? await dunningContext(tx, kase.id, { level, id: stepId }, action.items, options.asOf)
      : null;
    let letterDocument: string | null = null;
    for (const channel of messageChannels) {
      const messageId = uuidv7();
      const resolved = resolveTemplate(templates, template, language);
      const rendered = renderDunningMessage(resolved.template, context!);
      let documentId: string;
      if (channel === 'letter') {
        const pdf = await renderLetterPdf(
          letterFromMessage(rendered, context!, { id: messageId, createdAt: options.now.toISOString() }),
        );
        documentId = (
          await storeDocument(tx, ctx.tenant.id, {
            caseId: kase.id,
            kind: 'letter',
            fileName: `${kase.number}-${stepId}-${options.asOf}.pdf`,
            contentType: 'application/pdf',
            bytes: pdf,
            actor: ctx.actor,
            at: options.now,
          })
        ).id;
        letterDocument = documentId;
      } else {
        const body =
          channel === 'sms'
            ? { text: rendered.sms }
            : { subject: rendered.subject, text: rendered.text, html: rendered.html };
        documentId = (
          await storeDocument(tx, ctx.tenant.id, {
            caseId: kase.id,
            kind: channel === 'sms' ? 'sms' : 'email',
            fileName: `${kase.number}-${stepId}-${options.asOf}.${channel === 'sms' ? 'sms' : 'email'}.json`,
            contentType: 'application/json',
            bytes: Buffer.from(
              JSON.stringify({ ...body, template, language: rendered.language, attachments: [] as string[] }),
            ),
            actor: ctx.actor,
            at: options.now,
          })
        ).id;
      }
      commands.push({
        type: 'RequestMessage',
        data: {
          messageId,
          template,
          channel,
          requestedOn: options.asOf,
          stepId,
          language: rendered.language,
          itemIds,
          documentId,
        },
      });
      line(action, channel, 'requested', {
        messageId,
        ...(resolved.fallback && resolved.warning ? { reason: resolved.warning } : {}),
      });
    }
    // R2 "email and letter": the email carries the letter as a PDF attachment.
    if (letterDocument) await attachLetter(tx, ctx.tenant.id, commands, letterDocument);
    if (action.channels.includes('phone') && action.type === 'step') {
      commands.push({
        type: 'CreateTask',
        data: {
          taskId: uuidv7(),
          title: `Call ${debtor.name ?? kase.number}: ${level} — ${formatMoney(action.totalDue)} ${currency} due (${invoices.join(', ')})`,
          taskType: 'call',
          assignee: debtor.manager,
          due: options.asOf,
          priority: level === 'final' || level === 'R3' ? 'high' : 'normal',
          details: action.script,
        },
      });
      line(action, 'phone', 'task');
    }
  }

  for (const postponed of plan.postponed) {
    const action = postponed.action;
    const stepId = action.type === 'step' ? action.stepId : 'thank-you';
    const reason = postponed.reasons.map(describeBlock).join('; ');
    for (const channel of action.channels) {
      commands.push({
        type: 'PostponeDunningAction',
        data: {
          strategy: champion.strategy.id,
          stepId,
          level: action.type === 'step' ? action.level : 'thank-you',
          itemIds: action.items.map((i) => i.itemId),
          channel,
          until: postponed.notBefore,
          reason,
          on: options.asOf,
        },
      });
      line(action, channel, 'postponed', { reason: `${reason}; not before ${postponed.notBefore}` });
    }
  }

  // Steps fire from a durable timer (B2): the case comes back on its next date — tomorrow when
  // the planner names none, to notice a new invoice or the end of a stop.
  const next = plan.nextDate && plan.nextDate > options.asOf ? plan.nextDate : addDay(options.asOf);
  const scheduled = await tx
    .selectFrom('timers')
    .select('id')
    .where('case_id', '=', kase.id)
    .where('name', '=', DUNNING_TIMER)
    .where('status', '=', 'pending')
    .where('due_on', '=', next)
    .executeTakeFirst();
  if (!scheduled)
    commands.push({ type: 'ScheduleTimer', data: { timerId: uuidv7(), name: DUNNING_TIMER, at: next } });

  if (commands.length) await runCaseCommandsIn(tx, ctx, kase.id, commands);
  return lines;
};

/** The name of the durable timer that brings a case back to dunning on its next date. */
export const DUNNING_TIMER = 'dunning';

const addDay = (date: string): string => {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
};

/** Contacts already made with the debtor, for the frequency caps: messages asked for and calls planned. */
const contactHistory = (
  events: readonly { type: string; data: Record<string, unknown>; recordedAt: Date }[],
) =>
  events.flatMap((e) => {
    if (e.type === 'MessageRequested')
      return [{ channel: e.data.channel as StepChannel, at: e.recordedAt.toISOString() }];
    if (e.type === 'TaskCreated' && e.data.taskType === 'call')
      return [{ channel: 'phone' as const, at: e.recordedAt.toISOString() }];
    return [];
  });

const describeBlock = (block: { code: string } & Record<string, unknown>): string => {
  switch (block.code) {
    case 'quiet-hours':
      return `quiet hours ${String(block.from)}–${String(block.to)} in ${String(block.timeZone)} (local time ${String(block.localTime)})`;
    case 'quiet-day':
      return `no contact on this day in ${String(block.timeZone ?? 'the debtor’s time zone')}`;
    default:
      return Object.entries(block)
        .map(([k, v]) => (k === 'code' ? String(v) : `${k} ${String(v)}`))
        .join(', ');
  }
};

const partyLanguage = async (tx: Tx, caseId: string): Promise<string | null> => {
  const row = await tx
    .selectFrom('cases as c')
    .leftJoin('parties as p', 'p.id', 'c.debtor_party_id')
    .select('p.language')
    .where('c.id', '=', caseId)
    .executeTakeFirst();
  return row?.language ?? null;
};

/** The email of a step that also sends a letter carries the letter (its document id) as an attachment. */
const attachLetter = async (
  tx: Tx,
  tenantId: string,
  commands: CaseCommand[],
  letterDocumentId: string,
): Promise<void> => {
  for (const command of commands) {
    if (command.type !== 'RequestMessage' || command.data.channel !== 'email' || !command.data.documentId)
      continue;
    const doc = await tx
      .selectFrom('documents')
      .select(['bytes'])
      .where('id', '=', command.data.documentId)
      .executeTakeFirst();
    if (!doc) continue;
    const body = JSON.parse(Buffer.from(doc.bytes).toString('utf8')) as { attachments?: string[] };
    if (body.attachments?.includes(letterDocumentId)) continue;
    // Documents are immutable: the email's content gets a new version naming the attachment.
    const bytes = Buffer.from(
      JSON.stringify({ ...body, attachments: [...(body.attachments ?? []), letterDocumentId] }),
    );
    const replaced = await storeDocument(tx, tenantId, {
      caseId: null,
      kind: 'email',
      fileName: 'email.json',
      contentType: 'application/json',
      bytes,
      actor: { kind: 'system', id: 'dunning' },
      at: new Date(),
    });
    command.data.documentId = replaced.id;
  }
};

export type { OpenCaseState };
