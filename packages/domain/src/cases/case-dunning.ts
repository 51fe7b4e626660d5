import { DomainError } from '../shared/domain-error';
import { tryParseDate } from '../calendar/calendar';
import type { DunningLevel, StepChannel } from '../dunning/strategy';
import { DUNNING_LEVELS } from '../dunning/strategy';
import type { MoneyJson } from './case.events';

// What dunning did and was told on a case (PRODUCT.md C1–C16): the steps that ran, actions
// postponed by the contact rules, messages sent or failed, the champion/challenger variant,
// stops with a reason and an end date (C9), and a manual override of the next level (C15).

// --- Commands ---------------------------------------------------------------------------------

export type RecordDunningStep = {
  type: 'RecordDunningStep';
  data: {
    /** A reminder step, the thank-you message (C4), or the hand-over to legal or an agency. */
    kind: 'step' | 'thank-you' | 'hand-over';
    strategy: string;
    variant: string | null;
    stepId: string;
    level: DunningLevel;
    channels: readonly StepChannel[];
    itemIds: readonly string[];
    invoices: readonly string[];
    total: MoneyJson;
    /** What the action cost the creditor, an exact decimal in the case currency (may be finer than cents). */
    cost: string | null;
    runOn: string;
  };
};
export type PostponeDunningAction = {
  type: 'PostponeDunningAction';
  data: {
    strategy: string;
    stepId: string;
    level?: DunningLevel;
    itemIds?: readonly string[];
    channel: StepChannel;
    until: string;
    reason: string;
    on: string;
  };
};
export type RecordMessageSent = {
  type: 'RecordMessageSent';
  data: { messageId: string; providerId: string | null; to: string | null; sentAt: string };
};
export type RecordMessageFailed = {
  type: 'RecordMessageFailed';
  data: { messageId: string; reason: string; permanent: boolean; failedAt: string };
};
export type AssignStrategyVariant = {
  type: 'AssignStrategyVariant';
  data: { strategy: string; variant: string };
};
export type StopDunning = {
  type: 'StopDunning';
  data: { itemId: string | null; reason: string; until: string | null };
};
export type ResumeDunning = { type: 'ResumeDunning'; data: { itemId: string | null } };
export type OverrideNextLevel = {
  type: 'OverrideNextLevel';
  data: { level: DunningLevel; reason?: string | null };
};

export type CaseDunningCommand =
  | RecordDunningStep
  | PostponeDunningAction
  | RecordMessageSent
  | RecordMessageFailed
  | AssignStrategyVariant
  | StopDunning
  | ResumeDunning
  | OverrideNextLevel;

// --- Events -----------------------------------------------------------------------------------

export type DunningStepRun = { type: 'DunningStepRun'; data: RecordDunningStep['data'] };
export type DunningActionPostponed = { type: 'DunningActionPostponed'; data: PostponeDunningAction['data'] };
export type MessageSent = {
  type: 'MessageSent';
  data: { messageId: string; channel: string; providerId: string | null; to: string | null; sentAt: string };
};
export type MessageFailed = {
  type: 'MessageFailed';
  data: { messageId: string; channel: string; reason: string; permanent: boolean; failedAt: string };
};
export type StrategyVariantAssigned = {
  type: 'StrategyVariantAssigned';
  data: AssignStrategyVariant['data'];
};
export type DunningStopped = { type: 'DunningStopped'; data: StopDunning['data'] };
export type DunningResumed = { type: 'DunningResumed'; data: ResumeDunning['data'] };
export type NextLevelOverridden = {
  type: 'NextLevelOverridden';
  data: { level: DunningLevel; reason: string | null };
};

export type CaseDunningEvent =
  | DunningStepRun
  | DunningActionPostponed
  | MessageSent
  | MessageFailed
  | StrategyVariantAssigned
  | DunningStopped
  | DunningResumed
  | NextLevelOverridden;

// --- State ------------------------------------------------------------------------------------

export type DunningStop = { readonly reason: string; readonly until: string | null };

export type CaseDunningState = {
  readonly stepsRun: readonly DunningStepRun['data'][];
  readonly postponed: ReadonlySet<string>;
  /** messageId → status; the channel comes from the request (see case-control's MessageRequested). */
  readonly messages: ReadonlyMap<string, { channel: string; status: 'requested' | 'sent' | 'failed' }>;
  readonly variants: ReadonlyMap<string, string>;
  readonly caseStop: DunningStop | null;
  readonly itemStops: ReadonlyMap<string, DunningStop>;
  readonly override: DunningLevel | null;
};

export const initialDunningState: CaseDunningState = {
  stepsRun: [],
  postponed: new Set(),
  messages: new Map(),
  variants: new Map(),
  caseStop: null,
  itemStops: new Map(),
  override: null,
};

const postponeKey = (d: PostponeDunningAction['data']): string => `${d.stepId}|${d.channel}|${d.on}`;

export const evolveDunning = (state: CaseDunningState, event: CaseDunningEvent): CaseDunningState => {
  switch (event.type) {
    case 'DunningStepRun':
      return { ...state, stepsRun: [...state.stepsRun, event.data], override: null };
    case 'DunningActionPostponed':
      return { ...state, postponed: new Set([...state.postponed, postponeKey(event.data)]) };
    case 'MessageSent':
    case 'MessageFailed':
      return {
        ...state,
        messages: new Map(state.messages).set(event.data.messageId, {
          channel: event.data.channel,
          status: event.type === 'MessageSent' ? 'sent' : 'failed',
        }),
      };
    case 'StrategyVariantAssigned':
      return { ...state, variants: new Map(state.variants).set(event.data.strategy, event.data.variant) };
    case 'DunningStopped': {
      const stop = { reason: event.data.reason, until: event.data.until };
      return event.data.itemId === null
        ? { ...state, caseStop: stop }
        : { ...state, itemStops: new Map(state.itemStops).set(event.data.itemId, stop) };
    }
    case 'DunningResumed': {
      if (event.data.itemId === null) return { ...state, caseStop: null };
      const itemStops = new Map(state.itemStops);
      itemStops.delete(event.data.itemId);
      return { ...state, itemStops };
    }
    case 'NextLevelOverridden':
      return { ...state, override: event.data.level };
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
};

/** A message requested on the case (by a rule or a dunning step), for the sent/failed checks. */
export type RequestedMessage = { readonly channel: string };

export const decideDunning = (
  command: CaseDunningCommand,
  state: CaseDunningState,
  requested: ReadonlyMap<string, RequestedMessage>,
  caseNumber: string,
  itemIds: ReadonlySet<string>,
): CaseDunningEvent[] => {
  switch (command.type) {
    case 'RecordDunningStep': {
      const d = command.data;
      date(d.runOn, 'run on');
      if (!DUNNING_LEVELS.includes(d.level))
        throw new DomainError('validation_failed', `unknown level ${d.level}`);
      // Idempotent per case, kind, step, day and item set (item-level dunning runs a step per
      // item; a hand-over is recorded beside the step it follows).
      const items = [...d.itemIds].sort().join(',');
      if (
        state.stepsRun.some(
          (s) =>
            (s.kind ?? 'step') === d.kind &&
            s.stepId === d.stepId &&
            s.runOn === d.runOn &&
            [...s.itemIds].sort().join(',') === items,
        )
      ) {
        return [];
      }
      for (const id of d.itemIds) {
        if (!itemIds.has(id)) throw new DomainError('item_not_found', `no item ${id} on case ${caseNumber}`);
      }
      return [{ type: 'DunningStepRun', data: d }];
    }
    case 'PostponeDunningAction':
      date(command.data.on, 'postponed on');
      if (state.postponed.has(postponeKey(command.data))) return [];
      return [{ type: 'DunningActionPostponed', data: command.data }];
    case 'RecordMessageSent':
    case 'RecordMessageFailed': {
      const id = command.data.messageId;
      const request = requested.get(id);
      if (!request) throw new DomainError('message_not_found', `no message ${id} on case ${caseNumber}`);
      const known = state.messages.get(id);
      if (command.type === 'RecordMessageSent') {
        // A retry after a failure may succeed; a second success records nothing.
        if (known?.status === 'sent') return [];
        return [{ type: 'MessageSent', data: { ...command.data, channel: request.channel } }];
      }
      // A bounce (C10) fails a message that was sent; a second failure records nothing.
      if (known?.status === 'failed') return [];
      return [{ type: 'MessageFailed', data: { ...command.data, channel: request.channel } }];
    }
    case 'AssignStrategyVariant': {
      const known = state.variants.get(command.data.strategy);
      if (known === command.data.variant) return [];
      if (known !== undefined) {
        throw new DomainError(
          'validation_failed',
          `case ${caseNumber} is already in variant ${known} of strategy ${command.data.strategy}`,
        );
      }
      return [{ type: 'StrategyVariantAssigned', data: command.data }];
    }
    case 'StopDunning': {
      const d = command.data;
      const reason = d.reason.trim();
      if (reason === '') throw new DomainError('validation_failed', 'stopping dunning needs a reason');
      if (d.until !== null) date(d.until, 'stop until');
      if (d.itemId !== null && !itemIds.has(d.itemId)) {
        throw new DomainError('item_not_found', `no item ${d.itemId} on case ${caseNumber}`);
      }
      const current = d.itemId === null ? state.caseStop : state.itemStops.get(d.itemId);
      if (current && current.reason === reason && current.until === d.until) return [];
      return [{ type: 'DunningStopped', data: { itemId: d.itemId, reason, until: d.until } }];
    }
    case 'ResumeDunning': {
      const stopped =
        command.data.itemId === null ? state.caseStop !== null : state.itemStops.has(command.data.itemId);
      return stopped ? [{ type: 'DunningResumed', data: command.data }] : [];
    }
    case 'OverrideNextLevel':
      if (!DUNNING_LEVELS.includes(command.data.level)) {
        throw new DomainError('validation_failed', `unknown level ${command.data.level}`);
      }
      return [
        {
          type: 'NextLevelOverridden',
          data: { level: command.data.level, reason: command.data.reason ?? null },
        },
      ];
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
};

const date = (value: string, what: string): void => {
  if (!tryParseDate(value)) throw new DomainError('invalid_date', `${what}: invalid date "${value}"`);
};

export const CASE_DUNNING_COMMAND_TYPES: ReadonlySet<string> = new Set<CaseDunningCommand['type']>([
  'RecordDunningStep',
  'PostponeDunningAction',
  'RecordMessageSent',
  'RecordMessageFailed',
  'AssignStrategyVariant',
  'StopDunning',
  'ResumeDunning',
  'OverrideNextLevel',
]);

const DUNNING_EVENT_TYPES: ReadonlySet<string> = new Set<CaseDunningEvent['type']>([
  'DunningStepRun',
  'DunningActionPostponed',
  'MessageSent',
  'MessageFailed',
  'StrategyVariantAssigned',
  'DunningStopped',
  'DunningResumed',
  'NextLevelOverridden',
]);

export const isDunningEvent = (event: { type: string }): event is CaseDunningEvent =>
  DUNNING_EVENT_TYPES.has(event.type);
