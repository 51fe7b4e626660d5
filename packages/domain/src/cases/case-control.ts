import { DomainError } from '../shared/domain-error';
import { tryParseDate } from '../calendar/calendar';

// How a case is steered, by a user or by the rules (PRODUCT.md B3, B6, B8, C9, F2): team and
// portfolio, the dunning strategy running on it, flags (blacklist, manual mode), tasks with a
// deadline, durable timers, messages asked for, and outsourcing to a partner. None of these move
// money, so none has ledger postings; every one is an event like any other.

export type CaseFlag = 'blacklist' | 'manualMode';
export type TaskPriority = 'low' | 'normal' | 'high' | 'urgent';
export const TASK_PRIORITIES: readonly TaskPriority[] = ['low', 'normal', 'high', 'urgent'];
export type MessageChannel = 'email' | 'sms' | 'letter' | 'phone';
export const MESSAGE_CHANNELS: readonly MessageChannel[] = ['email', 'sms', 'letter', 'phone'];

// --- Commands ---------------------------------------------------------------------------------

export type AssignTeam = { type: 'AssignTeam'; data: { team: string } };
export type AssignPortfolio = { type: 'AssignPortfolio'; data: { portfolio: string } };
export type StartStrategy = { type: 'StartStrategy'; data: { strategy: string; startedOn: string } };
/** Switching to the strategy already running restarts it from its first step. */
export type SwitchStrategy = { type: 'SwitchStrategy'; data: { strategy: string; switchedOn: string } };
export type StopStrategy = { type: 'StopStrategy'; data: { reason?: string | null; stoppedOn: string } };
export type SetFlag = { type: 'SetFlag'; data: { flag: CaseFlag; value: boolean; reason?: string | null } };
export type CreateTask = {
  type: 'CreateTask';
  data: {
    taskId: string;
    title: string;
    taskType: string;
    assignee: string | null;
    due: string;
    priority: TaskPriority;
    /** What to do, e.g. a call script. */
    details?: string | null;
  };
};
export type CompleteTask = { type: 'CompleteTask'; data: { taskId: string; outcome?: string | null } };
/** Hands an open task to someone else (F3, F4): a supervisor's decision, or a portfolio moving. */
export type ReassignTask = {
  type: 'ReassignTask';
  data: { taskId: string; assignee: string; reason?: string | null };
};
/** Raised by the deadline sweep once a task is past due; tells the supervisor (B8). */
export type MarkTaskOverdue = {
  type: 'MarkTaskOverdue';
  data: { taskId: string; supervisor: string | null; detectedOn: string };
};
export type ScheduleTimer = { type: 'ScheduleTimer'; data: { timerId: string; name: string; at: string } };
export type FireTimer = { type: 'FireTimer'; data: { timerId: string; firedOn: string } };
export type RequestMessage = {
  type: 'RequestMessage';
  data: {
    messageId: string;
    template: string;
    channel: MessageChannel;
    requestedOn: string;
    /** Set by a dunning step: which step, in which language, for which items, with which stored document. */
    stepId?: string | null;
    language?: string | null;
    itemIds?: readonly string[];
    documentId?: string | null;
  };
};
export type OutsourceCase = {
  type: 'OutsourceCase';
  data: { partner: string; reason?: string | null; outsourcedOn: string };
};

export type CaseControlCommand =
  | AssignTeam
  | AssignPortfolio
  | StartStrategy
  | SwitchStrategy
  | StopStrategy
  | SetFlag
  | CreateTask
  | CompleteTask
  | ReassignTask
  | MarkTaskOverdue
  | ScheduleTimer
  | FireTimer
  | RequestMessage
  | OutsourceCase;

// --- Events -----------------------------------------------------------------------------------

export type TeamAssigned = { type: 'TeamAssigned'; data: { team: string; previous: string | null } };
export type PortfolioAssigned = {
  type: 'PortfolioAssigned';
  data: { portfolio: string; previous: string | null };
};
export type StrategyStarted = { type: 'StrategyStarted'; data: { strategy: string; startedOn: string } };
export type StrategySwitched = {
  type: 'StrategySwitched';
  data: { from: string; to: string; switchedOn: string; restart: boolean };
};
export type StrategyStopped = {
  type: 'StrategyStopped';
  data: { strategy: string; reason: string | null; stoppedOn: string };
};
export type FlagSet = { type: 'FlagSet'; data: { flag: CaseFlag; value: boolean; reason: string | null } };
export type TaskCreated = { type: 'TaskCreated'; data: CreateTask['data'] };
export type TaskCompleted = { type: 'TaskCompleted'; data: { taskId: string; outcome: string | null } };
export type TaskReassigned = {
  type: 'TaskReassigned';
  data: { taskId: string; from: string | null; to: string; reason: string | null };
};
export type TaskOverdue = {
  type: 'TaskOverdue';
  data: {
    taskId: string;
    title: string;
    assignee: string | null;
    due: string;
    supervisor: string | null;
    detectedOn: string;
  };
};
export type TimerScheduled = { type: 'TimerScheduled'; data: { timerId: string; name: string; at: string } };
export type TimerFired = {
  type: 'TimerFired';
  data: { timerId: string; name: string; at: string; firedOn: string };
};
export type MessageRequested = { type: 'MessageRequested'; data: RequestMessage['data'] };
export type CaseOutsourced = {
  type: 'CaseOutsourced';
  data: { partner: string; reason: string | null; outsourcedOn: string };
};

export type CaseControlEvent =
  | TeamAssigned
  | PortfolioAssigned
  | StrategyStarted
  | StrategySwitched
  | StrategyStopped
  | FlagSet
  | TaskCreated
  | TaskCompleted
  | TaskReassigned
  | TaskOverdue
  | TimerScheduled
  | TimerFired
  | MessageRequested
  | CaseOutsourced;

// --- State ------------------------------------------------------------------------------------

export type CaseTask = {
  readonly created: TaskCreated['data'];
  /** Who holds the task now: the creation's assignee until it is reassigned. */
  readonly assignee: string | null;
  readonly status: 'open' | 'done';
  readonly overdueReported: boolean;
};
export type CaseTimer = { readonly name: string; readonly at: string; readonly fired: boolean };

export type CaseControlState = {
  readonly team: string | null;
  readonly portfolio: string | null;
  readonly strategy: string | null;
  readonly flags: Readonly<Record<CaseFlag, boolean>>;
  readonly outsourcedTo: string | null;
  readonly tasks: ReadonlyMap<string, CaseTask>;
  readonly timers: ReadonlyMap<string, CaseTimer>;
  /** Messages asked for, by id, with their channel. */
  readonly messages: ReadonlyMap<string, { readonly channel: string }>;
};

export const initialControlState: CaseControlState = {
  team: null,
  portfolio: null,
  strategy: null,
  flags: { blacklist: false, manualMode: false },
  outsourcedTo: null,
  tasks: new Map(),
  timers: new Map(),
  messages: new Map(),
};

export const evolveControl = (state: CaseControlState, event: CaseControlEvent): CaseControlState => {
  switch (event.type) {
    case 'TeamAssigned':
      return { ...state, team: event.data.team };
    case 'PortfolioAssigned':
      return { ...state, portfolio: event.data.portfolio };
    case 'StrategyStarted':
      return { ...state, strategy: event.data.strategy };
    case 'StrategySwitched':
      return { ...state, strategy: event.data.to };
    case 'StrategyStopped':
      return { ...state, strategy: null };
    case 'FlagSet':
      return { ...state, flags: { ...state.flags, [event.data.flag]: event.data.value } };
    case 'TaskCreated':
      return {
        ...state,
        tasks: new Map(state.tasks).set(event.data.taskId, {
          created: event.data,
          assignee: event.data.assignee,
          status: 'open',
          overdueReported: false,
        }),
      };
    case 'TaskCompleted':
    case 'TaskReassigned':
    case 'TaskOverdue': {
      const task = state.tasks.get(event.data.taskId);
      if (!task) return state;
      const next: CaseTask =
        event.type === 'TaskCompleted'
          ? { ...task, status: 'done' }
          : event.type === 'TaskReassigned'
            ? // An overdue report already made stands: the supervisor who got it decided the move.
              { ...task, assignee: event.data.to }
            : { ...task, overdueReported: true };
      return { ...state, tasks: new Map(state.tasks).set(event.data.taskId, next) };
    }
    case 'TimerScheduled':
      return {
        ...state,
        timers: new Map(state.timers).set(event.data.timerId, {
          name: event.data.name,
          at: event.data.at,
          fired: false,
        }),
      };
    case 'TimerFired': {
      const timer = state.timers.get(event.data.timerId);
      if (!timer) return state;
      return { ...state, timers: new Map(state.timers).set(event.data.timerId, { ...timer, fired: true }) };
    }
    case 'MessageRequested':
      return {
        ...state,
        messages: new Map(state.messages).set(event.data.messageId, { channel: event.data.channel }),
      };
    case 'CaseOutsourced':
      return { ...state, outsourcedTo: event.data.partner };
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
};

// --- Decisions --------------------------------------------------------------------------------

/**
 * Decides a steering command on an open case. Like every decider here, a repeat of what already
 * happened (same task id, same flag value, same team) records nothing.
 */
export const decideControl = (
  command: CaseControlCommand,
  state: CaseControlState,
  caseNumber: string,
): CaseControlEvent[] => {
  switch (command.type) {
    case 'AssignTeam': {
      const team = required(command.data.team, 'team');
      return team === state.team ? [] : [{ type: 'TeamAssigned', data: { team, previous: state.team } }];
    }
    case 'AssignPortfolio': {
      const portfolio = required(command.data.portfolio, 'portfolio');
      return portfolio === state.portfolio
        ? []
        : [{ type: 'PortfolioAssigned', data: { portfolio, previous: state.portfolio } }];
    }
    case 'StartStrategy': {
      const strategy = required(command.data.strategy, 'strategy');
      date(command.data.startedOn, 'started on');
      if (state.strategy === strategy) return [];
      if (state.strategy !== null) {
        throw new DomainError(
          'strategy_already_running',
          `case ${caseNumber} already runs strategy ${state.strategy}; switch it instead`,
        );
      }
      return [{ type: 'StrategyStarted', data: { strategy, startedOn: command.data.startedOn } }];
    }
    case 'SwitchStrategy': {
      const strategy = required(command.data.strategy, 'strategy');
      date(command.data.switchedOn, 'switched on');
      if (state.strategy === null) {
        return [{ type: 'StrategyStarted', data: { strategy, startedOn: command.data.switchedOn } }];
      }
      return [
        {
          type: 'StrategySwitched',
          data: {
            from: state.strategy,
            to: strategy,
            switchedOn: command.data.switchedOn,
            restart: state.strategy === strategy,
          },
        },
      ];
    }
    case 'StopStrategy':
      date(command.data.stoppedOn, 'stopped on');
      if (state.strategy === null) return [];
      return [
        {
          type: 'StrategyStopped',
          data: {
            strategy: state.strategy,
            reason: optional(command.data.reason),
            stoppedOn: command.data.stoppedOn,
          },
        },
      ];
    case 'SetFlag': {
      const { flag, value } = command.data;
      if (flag !== 'blacklist' && flag !== 'manualMode') {
        throw new DomainError('validation_failed', `unknown flag "${String(flag)}"`);
      }
      if (state.flags[flag] === value) return [];
      return [{ type: 'FlagSet', data: { flag, value, reason: optional(command.data.reason) } }];
    }
    case 'CreateTask': {
      const d = command.data;
      if (state.tasks.has(d.taskId)) return [];
      date(d.due, 'task due date');
      if (!TASK_PRIORITIES.includes(d.priority)) {
        throw new DomainError(
          'validation_failed',
          `task priority must be one of ${TASK_PRIORITIES.join(', ')}`,
        );
      }
      return [
        {
          type: 'TaskCreated',
          data: {
            taskId: d.taskId,
            title: required(d.title, 'task title'),
            taskType: required(d.taskType, 'task type'),
            assignee: optional(d.assignee),
            due: d.due,
            priority: d.priority,
            ...(d.details ? { details: d.details } : {}),
          },
        },
      ];
    }
    case 'CompleteTask': {
      const task = state.tasks.get(command.data.taskId);
      if (!task)
        throw new DomainError('task_not_found', `no task ${command.data.taskId} on case ${caseNumber}`);
      if (task.status === 'done') return [];
      return [
        {
          type: 'TaskCompleted',
          data: { taskId: command.data.taskId, outcome: optional(command.data.outcome) },
        },
      ];
    }
    case 'ReassignTask': {
      const task = state.tasks.get(command.data.taskId);
      if (!task)
        throw new DomainError('task_not_found', `no task ${command.data.taskId} on case ${caseNumber}`);
      const to = required(command.data.assignee, 'assignee');
      if (task.status === 'done') {
        throw new DomainError(
          'conflict',
          `task ${command.data.taskId} on case ${caseNumber} is done; it cannot be reassigned`,
        );
      }
      if (task.assignee === to) return [];
      return [
        {
          type: 'TaskReassigned',
          data: {
            taskId: command.data.taskId,
            from: task.assignee,
            to,
            reason: optional(command.data.reason),
          },
        },
      ];
    }
    case 'MarkTaskOverdue': {
      const task = state.tasks.get(command.data.taskId);
      if (!task)
        throw new DomainError('task_not_found', `no task ${command.data.taskId} on case ${caseNumber}`);
      if (task.status === 'done' || task.overdueReported) return [];
      date(command.data.detectedOn, 'detected on');
      if (command.data.detectedOn <= task.created.due) {
        throw new DomainError(
          'validation_failed',
          `task ${command.data.taskId} is due ${task.created.due}; it is not overdue on ${command.data.detectedOn}`,
        );
      }
      return [
        {
          type: 'TaskOverdue',
          data: {
            taskId: command.data.taskId,
            title: task.created.title,
            assignee: task.assignee,
            due: task.created.due,
            supervisor: optional(command.data.supervisor),
            detectedOn: command.data.detectedOn,
          },
        },
      ];
    }
    case 'ScheduleTimer': {
      const d = command.data;
      date(d.at, 'timer date');
      const existing = state.timers.get(d.timerId);
      if (existing) return [];
      return [
        {
          type: 'TimerScheduled',
          data: { timerId: d.timerId, name: required(d.name, 'timer name'), at: d.at },
        },
      ];
    }
    case 'FireTimer': {
      const timer = state.timers.get(command.data.timerId);
      if (!timer)
        throw new DomainError('timer_not_found', `no timer ${command.data.timerId} on case ${caseNumber}`);
      if (timer.fired) return [];
      date(command.data.firedOn, 'fired on');
      if (command.data.firedOn < timer.at) {
        throw new DomainError(
          'validation_failed',
          `timer ${timer.name} is due ${timer.at}; it cannot fire on ${command.data.firedOn}`,
        );
      }
      return [
        {
          type: 'TimerFired',
          data: {
            timerId: command.data.timerId,
            name: timer.name,
            at: timer.at,
            firedOn: command.data.firedOn,
          },
        },
      ];
    }
    case 'RequestMessage': {
      const d = command.data;
      if (state.messages.has(d.messageId)) return [];
      if (!MESSAGE_CHANNELS.includes(d.channel)) {
        throw new DomainError(
          'validation_failed',
          `message channel must be one of ${MESSAGE_CHANNELS.join(', ')}`,
        );
      }
      date(d.requestedOn, 'requested on');
      return [
        {
          type: 'MessageRequested',
          data: { ...d, template: required(d.template, 'message template') },
        },
      ];
    }
    case 'OutsourceCase': {
      const partner = required(command.data.partner, 'partner');
      date(command.data.outsourcedOn, 'outsourced on');
      if (state.outsourcedTo === partner) return [];
      return [
        {
          type: 'CaseOutsourced',
          data: { partner, reason: optional(command.data.reason), outsourcedOn: command.data.outsourcedOn },
        },
      ];
    }
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
};

const required = (value: string, what: string): string => {
  const trimmed = (value ?? '').trim();
  if (trimmed === '') throw new DomainError('validation_failed', `${what} cannot be empty`);
  return trimmed;
};

const optional = (value: string | null | undefined): string | null => {
  const trimmed = (value ?? '').trim();
  return trimmed === '' ? null : trimmed;
};

const date = (value: string, what: string): void => {
  if (!tryParseDate(value)) throw new DomainError('invalid_date', `${what}: invalid date "${value}"`);
};

export const CASE_CONTROL_COMMAND_TYPES: ReadonlySet<string> = new Set<CaseControlCommand['type']>([
  'AssignTeam',
  'AssignPortfolio',
  'StartStrategy',
  'SwitchStrategy',
  'StopStrategy',
  'SetFlag',
  'CreateTask',
  'CompleteTask',
  'ReassignTask',
  'MarkTaskOverdue',
  'ScheduleTimer',
  'FireTimer',
  'RequestMessage',
  'OutsourceCase',
]);

export const isControlEvent = (event: { type: string }): event is CaseControlEvent =>
  CONTROL_EVENT_TYPES.has(event.type);

const CONTROL_EVENT_TYPES: ReadonlySet<string> = new Set<CaseControlEvent['type']>([
  'TeamAssigned',
  'PortfolioAssigned',
  'StrategyStarted',
  'StrategySwitched',
  'StrategyStopped',
  'FlagSet',
  'TaskCreated',
  'TaskCompleted',
  'TaskReassigned',
  'TaskOverdue',
  'TimerScheduled',
  'TimerFired',
  'MessageRequested',
  'CaseOutsourced',
]);
