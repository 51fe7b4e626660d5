import type { Actor, ChronoEntry, MoneyDto } from '@quittance/api-contract';
import { isNoteType, isPartyRole, isPhase } from '../api/enums';
import type { Formatters } from '../i18n/format';
import type { Translate } from '../i18n/i18n-context';
import { componentName, eventTypeName, paymentMethodName } from '../ledger/ledger.labels';
import { levelName } from '../dunning/dunning.labels';
import { channelName, priorityName } from '../rules/rules.labels';
import { formatFieldValue, humanizeKey } from './field-value';

// Turns one chrono entry into what the screen shows. Event data arrives untyped (the chrono
// carries every event type the server knows, including ones this UI does not), so every field is
// read defensively and a missing field degrades to a shorter line, never to an error.

export type EntryKind =
  | 'opened'
  | 'party'
  | 'money'
  | 'payment'
  | 'charge'
  | 'loss'
  | 'note'
  | 'phase'
  | 'manager'
  | 'archive'
  | 'closed'
  | 'fields'
  | 'steering'
  | 'flag'
  | 'task'
  | 'timer'
  | 'message'
  | 'dunning'
  | 'other';

export type EntryView = {
  kind: EntryKind;
  title: string;
  details: { label: string; value: string }[];
  /** Free text shown in full (a note's body). */
  text: string | null;
  /** A party the entry is about, to link to. */
  party: { id: string; name: string } | null;
  /** A stored document the entry made (a dunning letter, an email as sent), to open. */
  document: { id: string; channel: string | null } | null;
};

/** What the chrono knows about the case beyond the event itself. */
export type DescribeContext = {
  /** Financial item id -> its number, to name the invoice a payment was allocated to. */
  itemNumbers?: ReadonlyMap<string, string>;
  /** Task id -> its title (from the case's TaskCreated events), to name the task a completion closes. */
  taskTitles?: ReadonlyMap<string, string>;
};

/** Task id -> title, from the TaskCreated events of a chrono. */
export function taskTitles(entries: readonly ChronoEntry[]): Map<string, string> {
  const titles = new Map<string, string>();
  for (const entry of entries) {
    if (entry.type !== 'TaskCreated') continue;
    const { taskId, title } = entry.data as { taskId?: unknown; title?: unknown };
    if (typeof taskId === 'string' && typeof title === 'string') titles.set(taskId, title);
  }
  return titles;
}

function text(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() ? value : null;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'object' && value !== null) {
    const { name, code } = value as { name?: unknown; code?: unknown };
    if (typeof name === 'string') return name;
    if (typeof code === 'string') return code;
  }
  return null;
}

function money(value: unknown): MoneyDto | null {
  if (typeof value !== 'object' || value === null) return null;
  const { amount, currency } = value as { amount?: unknown; currency?: unknown };
  return typeof amount === 'string' && typeof currency === 'string' ? { amount, currency } : null;
}

function phaseLabel(value: unknown, t: Translate): string | null {
  const raw = text(value);
  if (raw === null) return null;
  return isPhase(raw) ? t(`phase.${raw}`) : raw;
}

export function describeActor(actor: Actor, t: Translate): string {
  if (actor.kind === 'user' && actor.id) return t('actor.by', { actor: actor.id });
  const kind = t(`actor.${actor.kind}`);
  const showId = actor.id && actor.id !== actor.kind;
  return t('actor.by', { actor: showId ? `${kind} (${actor.id})` : kind });
}

export function describeEntry(
  entry: ChronoEntry,
  t: Translate,
  fmt: Formatters,
  context: DescribeContext = {},
): EntryView {
  const d = entry.data;
  const view: EntryView = {
    kind: 'other',
    title: entry.type,
    details: [],
    text: null,
    party: null,
    document: null,
  };
  const detail = (label: string, value: string | null) => {
    if (value !== null) view.details.push({ label, value });
  };
  const reason = () => detail(t('event.reason'), text(d.reason));
  const amountDetail = (field = 'amount') => {
    const value = money(d[field]);
    detail(t('event.amount'), value && fmt.money(value));
  };
  const dateDetail = (label: string, field: string) => {
    const value = text(d[field]);
    detail(label, value && fmt.date(value));
  };
  const component = () => componentName(text(d.component) ?? '', t);
  const itemDetail = () => {
    const itemId = text(d.itemId);
    if (itemId) detail(t('event.item'), context.itemNumbers?.get(itemId) ?? itemId);
  };
  // "Fee charged: Dunning letter" when the label is known, "Fee charged" otherwise.
  const titleWithLabel = (key: 'event.FeeCharged' | 'event.RecoveryCostCharged') => {
    const label = text(d.label);
    return label ? t(key, { label }) : eventTypeName(entry.type, t);
  };
  const titleWithComponent = (
    key: 'event.PaymentAllocated' | 'event.BalanceAdjusted' | 'event.AmountWrittenOff',
  ) => (text(d.component) ? t(key, { component: component() }) : eventTypeName(entry.type, t));

  switch (entry.type) {
    case 'CaseOpened': {
      view.kind = 'opened';
      view.title = t('event.CaseOpened', { number: text(d.number) ?? '' }).replace(/\s+/g, ' ');
      detail(t('event.caseType'), text(d.caseType));
      detail(t('event.company'), text(d.company));
      detail(t('event.currency'), text(d.currency));
      break;
    }
    case 'PartyAttached': {
      view.kind = 'party';
      const name = text(d.name) ?? t('common.none');
      const role = text(d.role);
      view.title = t('event.PartyAttached', {
        name,
        role: role && isPartyRole(role) ? t(`role.${role}`) : (role ?? ''),
      });
      const partyId = text(d.partyId);
      if (partyId) view.party = { id: partyId, name };
      break;
    }
    case 'FinancialItemAdded': {
      view.kind = 'money';
      const number = text(d.number) ?? '';
      view.title =
        d.kind === 'credit_note'
          ? t('event.FinancialItemAdded.credit_note', { number })
          : t('event.FinancialItemAdded.invoice', { number });
      const amount = money(d.amount);
      detail(t('event.amount'), amount && fmt.money(amount));
      const issueDate = text(d.issueDate);
      detail(t('event.issueDate'), issueDate && fmt.date(issueDate));
      const dueDate = text(d.dueDate);
      detail(t('event.dueDate'), dueDate && fmt.date(dueDate));
      detail(t('event.reference'), text(d.structuredReference));
      break;
    }
    case 'NoteAdded': {
      view.kind = 'note';
      const noteType = text(d.noteType) ?? 'general';
      view.title = t('event.NoteAdded', {
        noteType: isNoteType(noteType) ? t(`noteType.${noteType}`) : noteType,
      });
      view.text = typeof d.text === 'string' ? d.text : null;
      break;
    }
    case 'PhaseChanged': {
      view.kind = 'phase';
      const from = phaseLabel(d.from, t);
      const to = phaseLabel(d.to, t) ?? t('common.none');
      view.title = from ? t('event.PhaseChanged', { from, to }) : t('event.PhaseSet', { to });
      reason();
      break;
    }
    case 'ManagerAssigned': {
      view.kind = 'manager';
      const manager = text(d.manager) ?? t('caseList.unassigned');
      const previous = text(d.previous);
      view.title = previous
        ? t('event.ManagerReassigned', { manager, previous })
        : t('event.ManagerAssigned', { manager });
      break;
    }
    case 'CaseArchived':
      view.kind = 'archive';
      view.title = t('event.CaseArchived');
      reason();
      break;
    case 'CaseUnarchived':
      view.kind = 'archive';
      view.title = t('event.CaseUnarchived');
      break;
    case 'CaseClosed':
      view.kind = 'closed';
      view.title = t('event.CaseClosed');
      reason();
      break;
    case 'CustomFieldsChanged': {
      view.kind = 'fields';
      view.title = t('event.CustomFieldsChanged');
      const fields = d.customFields;
      if (typeof fields === 'object' && fields !== null && !Array.isArray(fields)) {
        for (const [key, value] of Object.entries(fields)) {
          view.details.push({ label: humanizeKey(key), value: formatFieldValue(value, t) });
        }
      }
      break;
    }
    case 'PaymentReceived': {
      view.kind = 'payment';
      view.title = t('event.PaymentReceived');
      amountDetail();
      dateDetail(t('event.receivedOn'), 'receivedOn');
      const method = text(d.method);
      detail(t('event.method'), method && paymentMethodName(method, t));
      detail(t('event.payer'), text(d.payer));
      detail(t('event.bankReference'), text(d.bankReference));
      break;
    }
    case 'PaymentAllocated':
      view.kind = 'payment';
      view.title = titleWithComponent('event.PaymentAllocated');
      amountDetail();
      itemDetail();
      dateDetail(t('event.allocatedOn'), 'allocatedOn');
      break;
    case 'AllocationCancelled':
      view.kind = 'payment';
      view.title = t('event.AllocationCancelled');
      amountDetail();
      if (text(d.component)) detail(t('event.component'), component());
      itemDetail();
      dateDetail(t('event.on'), 'cancelledOn');
      reason();
      break;
    case 'FeeCharged':
      view.kind = 'charge';
      view.title = titleWithLabel('event.FeeCharged');
      amountDetail();
      dateDetail(t('event.chargedOn'), 'chargedOn');
      break;
    case 'RecoveryCostCharged':
      view.kind = 'charge';
      view.title = titleWithLabel('event.RecoveryCostCharged');
      amountDetail();
      dateDetail(t('event.chargedOn'), 'chargedOn');
      break;
    case 'RecoveryIndemnityCharged':
      view.kind = 'charge';
      view.title = t('event.RecoveryIndemnityCharged');
      amountDetail();
      itemDetail();
      dateDetail(t('event.chargedOn'), 'chargedOn');
      detail(t('event.legalBasis'), text(d.legalBasis));
      break;
    case 'InterestAccrued': {
      view.kind = 'charge';
      view.title = t('event.InterestAccrued');
      amountDetail();
      const from = text(d.from);
      const to = text(d.to);
      if (from && to) {
        detail(t('event.period'), t('event.periodRange', { from: fmt.date(from), to: fmt.date(to) }));
      }
      detail(t('event.label'), text(d.label));
      break;
    }
    case 'BalanceAdjusted':
      view.kind = 'charge';
      view.title = titleWithComponent('event.BalanceAdjusted');
      amountDetail();
      dateDetail(t('event.on'), 'adjustedOn');
      reason();
      break;
    case 'AmountWrittenOff':
      view.kind = 'loss';
      view.title = titleWithComponent('event.AmountWrittenOff');
      amountDetail();
      itemDetail();
      dateDetail(t('event.on'), 'writtenOffOn');
      reason();
      break;
    case 'RefundIssued':
      view.kind = 'payment';
      view.title = t('event.RefundIssued');
      amountDetail();
      detail(t('event.payee'), text(d.payee));
      dateDetail(t('event.on'), 'refundedOn');
      reason();
      break;
    case 'TeamAssigned': {
      view.kind = 'steering';
      const team = text(d.team) ?? t('common.none');
      const previous = text(d.previous);
      view.title = previous
        ? t('event.TeamReassigned', { team, previous })
        : t('event.TeamAssigned', { team });
      break;
    }
    case 'PortfolioAssigned': {
      view.kind = 'steering';
      const portfolio = text(d.portfolio) ?? t('common.none');
      const previous = text(d.previous);
      view.title = previous
        ? t('event.PortfolioReassigned', { portfolio, previous })
        : t('event.PortfolioAssigned', { portfolio });
      break;
    }
    case 'StrategyStarted':
      view.kind = 'steering';
      view.title = t('event.StrategyStarted', { strategy: text(d.strategy) ?? '' });
      break;
    case 'StrategySwitched': {
      view.kind = 'steering';
      const from = text(d.from) ?? '';
      const to = text(d.to) ?? '';
      view.title =
        d.restart === true || from === to
          ? t('event.StrategyRestarted', { strategy: to })
          : t('event.StrategySwitched', { from, to });
      break;
    }
    case 'StrategyStopped':
      view.kind = 'steering';
      view.title = t('event.StrategyStopped', { strategy: text(d.strategy) ?? '' });
      reason();
      break;
    case 'FlagSet': {
      view.kind = 'flag';
      const on = d.value === true;
      if (d.flag === 'blacklist')
        view.title = t(on ? 'event.FlagSet.blacklist.on' : 'event.FlagSet.blacklist.off');
      else if (d.flag === 'manualMode')
        view.title = t(on ? 'event.FlagSet.manualMode.on' : 'event.FlagSet.manualMode.off');
      reason();
      break;
    }
    case 'TaskCreated': {
      view.kind = 'task';
      view.title = t('event.TaskCreated', { title: text(d.title) ?? '' });
      detail(t('event.taskType'), text(d.taskType));
      detail(t('event.assignee'), text(d.assignee));
      dateDetail(t('event.dueDate'), 'due');
      const priority = text(d.priority);
      if (priority && priority !== 'normal') detail(t('event.priority'), priorityName(priority, t));
      break;
    }
    case 'TaskCompleted': {
      view.kind = 'task';
      const taskId = text(d.taskId);
      const title = taskId ? context.taskTitles?.get(taskId) : undefined;
      view.title = title ? t('event.TaskCompleted', { title }) : t('event.TaskCompletedUntitled');
      detail(t('event.outcome'), text(d.outcome));
      break;
    }
    case 'TaskOverdue':
      view.kind = 'task';
      view.title = t('event.TaskOverdue', { title: text(d.title) ?? '' });
      detail(t('event.assignee'), text(d.assignee));
      dateDetail(t('event.dueDate'), 'due');
      detail(t('event.supervisor'), text(d.supervisor));
      break;
    case 'TimerScheduled': {
      view.kind = 'timer';
      const at = text(d.at);
      view.title = t('event.TimerScheduled', { name: text(d.name) ?? '', date: at ? fmt.date(at) : '' });
      break;
    }
    case 'TimerFired':
      view.kind = 'timer';
      view.title = t('event.TimerFired', { name: text(d.name) ?? '' });
      dateDetail(t('event.on'), 'firedOn');
      break;
    case 'MessageRequested': {
      view.kind = 'message';
      view.title = t('event.MessageRequested', { template: text(d.template) ?? '' });
      const channel = text(d.channel);
      detail(t('event.channel'), channel && channelName(channel, t));
      detail(t('event.step'), text(d.stepId));
      const language = text(d.language);
      detail(t('event.language'), language && fmt.language(language));
      const documentId = text(d.documentId);
      if (documentId) view.document = { id: documentId, channel };
      break;
    }
    case 'MessageSent': {
      view.kind = 'message';
      const channel = channelName(text(d.channel) ?? '', t);
      const to = text(d.to);
      view.title = to ? t('event.MessageSent.to', { channel, to }) : t('event.MessageSent', { channel });
      detail(t('event.providerId'), text(d.providerId));
      break;
    }
    case 'MessageFailed':
      view.kind = 'message';
      view.title = t('event.MessageFailed', { channel: channelName(text(d.channel) ?? '', t) });
      reason();
      detail(
        t('event.failure'),
        d.permanent === true ? t('event.failure.permanent') : t('event.failure.temporary'),
      );
      break;
    case 'DunningStepRun': {
      view.kind = 'dunning';
      const step = text(d.stepId) ?? '';
      const level = text(d.level);
      const strategy = text(d.strategy) ?? '';
      if (d.kind === 'thank-you') view.title = t('event.DunningStepRun.thankYou');
      else if (d.kind === 'hand-over') view.title = t('event.DunningStepRun.handOver', { step });
      else if (!level || level === step) view.title = t('event.DunningStepRun.simple', { step });
      else view.title = t('event.DunningStepRun', { step, level: levelName(level, t) });
      const variant = text(d.variant);
      detail(
        t('event.strategy'),
        variant && variant !== strategy ? t('event.strategyVariant', { strategy, variant }) : strategy,
      );
      const channels = Array.isArray(d.channels)
        ? d.channels.filter((c): c is string => typeof c === 'string').map((c) => channelName(c, t))
        : [];
      if (channels.length > 0) detail(t('event.channels'), channels.join(', '));
      const invoices = Array.isArray(d.invoices)
        ? d.invoices.filter((i): i is string => typeof i === 'string')
        : [];
      if (invoices.length > 0) detail(t('event.invoices'), invoices.join(', '));
      const total = money(d.total);
      detail(t('event.total'), total && fmt.money(total));
      const cost = text(d.cost);
      detail(t('event.cost'), cost && (total ? fmt.money({ amount: cost, currency: total.currency }) : cost));
      dateDetail(t('event.on'), 'runOn');
      break;
    }
    case 'DunningActionPostponed': {
      view.kind = 'dunning';
      const until = text(d.until);
      view.title = t('event.DunningActionPostponed', {
        step: text(d.stepId) ?? '',
        channel: channelName(text(d.channel) ?? '', t),
        until: until ? (until.includes('T') ? fmt.dateTime(until) : fmt.date(until)) : '',
      });
      reason();
      break;
    }
    case 'StrategyVariantAssigned':
      view.kind = 'steering';
      view.title = t('event.StrategyVariantAssigned', {
        variant: text(d.variant) ?? '',
        strategy: text(d.strategy) ?? '',
      });
      break;
    case 'DunningStopped': {
      view.kind = 'dunning';
      const itemId = text(d.itemId);
      view.title = itemId
        ? t('event.DunningStopped.item', { item: context.itemNumbers?.get(itemId) ?? itemId })
        : t('event.DunningStopped');
      reason();
      dateDetail(t('event.until'), 'until');
      break;
    }
    case 'DunningResumed': {
      view.kind = 'dunning';
      const itemId = text(d.itemId);
      view.title = itemId
        ? t('event.DunningResumed.item', { item: context.itemNumbers?.get(itemId) ?? itemId })
        : t('event.DunningResumed');
      break;
    }
    case 'NextLevelOverridden': {
      view.kind = 'dunning';
      const level = text(d.level);
      view.title = t('event.NextLevelOverridden', { level: level ? levelName(level, t) : '' });
      reason();
      break;
    }
    case 'CaseOutsourced':
      view.kind = 'phase';
      view.title = t('event.CaseOutsourced', { partner: text(d.partner) ?? '' });
      reason();
      break;
    default:
      break; // an event this UI does not know yet: its type name is the title
  }
  return view;
}
