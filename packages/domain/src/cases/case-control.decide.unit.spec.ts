import { describe, it } from 'vitest';
import { deciderSpec } from '../shared/decider.spec-helper';
import type { CaseCommand } from './case.commands';
import { decideCase } from './case.decide';
import type { CaseEvent } from './case.events';
import { evolveCase, initialCaseState } from './case.state';

const { given } = deciderSpec<CaseCommand, CaseEvent, ReturnType<typeof evolveCase>>({
  decide: decideCase,
  evolve: evolveCase,
  initialState: initialCaseState,
});

const opened: CaseEvent[] = [
  {
    type: 'CaseOpened',
    data: {
      caseId: 'case-1',
      number: '2026-000001',
      caseType: 'collection',
      company: { code: 'ACME', name: 'Acme' },
      currency: 'EUR',
      phase: 'amicable',
      customFields: {},
      openedOn: '2026-03-02',
    },
  },
];
const closed: CaseEvent = { type: 'CaseClosed', data: { reason: null } };

const task = {
  taskId: 'task-1',
  title: 'Call the debtor',
  taskType: 'call',
  assignee: 'collector.fr',
  due: '2026-03-10',
  priority: 'normal' as const,
};
const taskCreated: CaseEvent = { type: 'TaskCreated', data: task };

describe('team and portfolio', () => {
  it('assigns a team and remembers the previous one', () => {
    given([...opened, { type: 'TeamAssigned', data: { team: 'north', previous: null } }])
      .when({ type: 'AssignTeam', data: { team: 'south' } })
      .then([{ type: 'TeamAssigned', data: { team: 'south', previous: 'north' } }]);
  });
  it('assigning the same portfolio again records nothing', () => {
    given([...opened, { type: 'PortfolioAssigned', data: { portfolio: 'retail', previous: null } }])
      .when({ type: 'AssignPortfolio', data: { portfolio: ' retail ' } })
      .then([]);
  });
  it('refuses an empty portfolio and a closed case', () => {
    given(opened)
      .when({ type: 'AssignPortfolio', data: { portfolio: '  ' } })
      .thenThrows('validation_failed');
    given([...opened, closed])
      .when({ type: 'AssignTeam', data: { team: 'x' } })
      .thenThrows('case_closed');
  });
});

describe('strategies', () => {
  const started: CaseEvent = { type: 'StrategyStarted', data: { strategy: 'b2b', startedOn: '2026-03-03' } };
  it('starts a strategy once', () => {
    given(opened)
      .when({ type: 'StartStrategy', data: { strategy: 'b2b', startedOn: '2026-03-03' } })
      .then([started]);
    given([...opened, started])
      .when({ type: 'StartStrategy', data: { strategy: 'b2b', startedOn: '2026-03-04' } })
      .then([]);
  });
  it('refuses to start a second strategy over a running one', () => {
    given([...opened, started])
      .when({ type: 'StartStrategy', data: { strategy: 'consumer', startedOn: '2026-03-04' } })
      .thenThrows('strategy_already_running');
  });
  it('switching to the running strategy restarts it; to another switches', () => {
    given([...opened, started])
      .when({ type: 'SwitchStrategy', data: { strategy: 'b2b', switchedOn: '2026-04-01' } })
      .then([
        {
          type: 'StrategySwitched',
          data: { from: 'b2b', to: 'b2b', switchedOn: '2026-04-01', restart: true },
        },
      ]);
    given([...opened, started])
      .when({ type: 'SwitchStrategy', data: { strategy: 'legal', switchedOn: '2026-04-01' } })
      .then([
        {
          type: 'StrategySwitched',
          data: { from: 'b2b', to: 'legal', switchedOn: '2026-04-01', restart: false },
        },
      ]);
  });
  it('switching with nothing running starts; stopping with nothing running records nothing', () => {
    given(opened)
      .when({ type: 'SwitchStrategy', data: { strategy: 'b2b', switchedOn: '2026-04-01' } })
      .then([{ type: 'StrategyStarted', data: { strategy: 'b2b', startedOn: '2026-04-01' } }]);
    given(opened)
      .when({ type: 'StopStrategy', data: { stoppedOn: '2026-04-01' } })
      .then([]);
    given([...opened, started])
      .when({ type: 'StopStrategy', data: { reason: 'dispute', stoppedOn: '2026-04-01' } })
      .then([
        { type: 'StrategyStopped', data: { strategy: 'b2b', reason: 'dispute', stoppedOn: '2026-04-01' } },
      ]);
  });
});

describe('flags', () => {
  it('sets manual mode and records nothing when it is already set', () => {
    const manual: CaseEvent = {
      type: 'FlagSet',
      data: { flag: 'manualMode', value: true, reason: 'negotiating' },
    };
    given(opened)
      .when({ type: 'SetFlag', data: { flag: 'manualMode', value: true, reason: 'negotiating' } })
      .then([manual]);
    given([...opened, manual])
      .when({ type: 'SetFlag', data: { flag: 'manualMode', value: true } })
      .then([]);
    given([...opened, manual])
      .when({ type: 'SetFlag', data: { flag: 'manualMode', value: false } })
      .then([{ type: 'FlagSet', data: { flag: 'manualMode', value: false, reason: null } }]);
  });
});

describe('tasks', () => {
  it('creates a task once per id', () => {
    given(opened).when({ type: 'CreateTask', data: task }).then([taskCreated]);
    given([...opened, taskCreated])
      .when({ type: 'CreateTask', data: task })
      .then([]);
  });
  it('refuses a task without a valid due date or priority', () => {
    given(opened)
      .when({ type: 'CreateTask', data: { ...task, due: '2026-02-30' } })
      .thenThrows('invalid_date');
    given(opened)
      .when({ type: 'CreateTask', data: { ...task, priority: 'asap' as 'high' } })
      .thenThrows('validation_failed');
  });
  it('completes a task once; an unknown task is not found', () => {
    given([...opened, taskCreated])
      .when({ type: 'CompleteTask', data: { taskId: 'task-1', outcome: 'promise taken' } })
      .then([{ type: 'TaskCompleted', data: { taskId: 'task-1', outcome: 'promise taken' } }]);
    given([...opened, taskCreated, { type: 'TaskCompleted', data: { taskId: 'task-1', outcome: null } }])
      .when({ type: 'CompleteTask', data: { taskId: 'task-1' } })
      .then([]);
    given(opened)
      .when({ type: 'CompleteTask', data: { taskId: 'nope' } })
      .thenThrows('task_not_found');
  });
  it('reports an overdue task once, only after its deadline, never a done one', () => {
    const overdue: CaseEvent = {
      type: 'TaskOverdue',
      data: {
        taskId: 'task-1',
        title: 'Call the debtor',
        assignee: 'collector.fr',
        due: '2026-03-10',
        supervisor: 'supervisor.fr',
        detectedOn: '2026-03-11',
      },
    };
    const mark = {
      type: 'MarkTaskOverdue' as const,
      data: { taskId: 'task-1', supervisor: 'supervisor.fr', detectedOn: '2026-03-11' },
    };
    given([...opened, taskCreated])
      .when(mark)
      .then([overdue]);
    given([...opened, taskCreated, overdue])
      .when(mark)
      .then([]);
    given([...opened, taskCreated])
      .when({ ...mark, data: { ...mark.data, detectedOn: '2026-03-10' } })
      .thenThrows('validation_failed');
    given([...opened, taskCreated, { type: 'TaskCompleted', data: { taskId: 'task-1', outcome: null } }])
      .when(mark)
      .then([]);
  });
  it('reassigns an open task from its holder to another person, with the reason', () => {
    given([...opened, taskCreated])
      .when({ type: 'ReassignTask', data: { taskId: 'task-1', assignee: ' collector.de ', reason: 'leave' } })
      .then([
        {
          type: 'TaskReassigned',
          data: { taskId: 'task-1', from: 'collector.fr', to: 'collector.de', reason: 'leave' },
        },
      ]);
  });
  it('a second reassignment starts from the current holder; to the same person records nothing', () => {
    const moved: CaseEvent = {
      type: 'TaskReassigned',
      data: { taskId: 'task-1', from: 'collector.fr', to: 'collector.de', reason: null },
    };
    given([...opened, taskCreated, moved])
      .when({ type: 'ReassignTask', data: { taskId: 'task-1', assignee: 'collector.it' } })
      .then([
        {
          type: 'TaskReassigned',
          data: { taskId: 'task-1', from: 'collector.de', to: 'collector.it', reason: null },
        },
      ]);
    given([...opened, taskCreated, moved])
      .when({ type: 'ReassignTask', data: { taskId: 'task-1', assignee: 'collector.de' } })
      .then([]);
  });
  it('an overdue report after a reassignment names the current holder', () => {
    given([
      ...opened,
      taskCreated,
      {
        type: 'TaskReassigned',
        data: { taskId: 'task-1', from: 'collector.fr', to: 'collector.de', reason: null },
      },
    ])
      .when({
        type: 'MarkTaskOverdue',
        data: { taskId: 'task-1', supervisor: 'supervisor.de', detectedOn: '2026-03-11' },
      })
      .then([
        {
          type: 'TaskOverdue',
          data: {
            taskId: 'task-1',
            title: 'Call the debtor',
            assignee: 'collector.de',
            due: '2026-03-10',
            supervisor: 'supervisor.de',
            detectedOn: '2026-03-11',
          },
        },
      ]);
  });
  it('refuses to reassign an unknown or done task, to nobody, or on a closed case', () => {
    given(opened)
      .when({ type: 'ReassignTask', data: { taskId: 'nope', assignee: 'collector.de' } })
      .thenThrows('task_not_found');
    given([...opened, taskCreated, { type: 'TaskCompleted', data: { taskId: 'task-1', outcome: null } }])
      .when({ type: 'ReassignTask', data: { taskId: 'task-1', assignee: 'collector.de' } })
      .thenThrows('conflict');
    given([...opened, taskCreated])
      .when({ type: 'ReassignTask', data: { taskId: 'task-1', assignee: '  ' } })
      .thenThrows('validation_failed');
    given([...opened, taskCreated, closed])
      .when({ type: 'ReassignTask', data: { taskId: 'task-1', assignee: 'collector.de' } })
      .thenThrows('case_closed');
  });
});

describe('timers', () => {
  const scheduled: CaseEvent = {
    type: 'TimerScheduled',
    data: { timerId: 't-1', name: 'due+14', at: '2026-04-15' },
  };
  it('schedules once and fires once, not before its date', () => {
    given(opened)
      .when({ type: 'ScheduleTimer', data: { timerId: 't-1', name: 'due+14', at: '2026-04-15' } })
      .then([scheduled]);
    given([...opened, scheduled])
      .when({ type: 'FireTimer', data: { timerId: 't-1', firedOn: '2026-04-14' } })
      .thenThrows('validation_failed');
    const fired: CaseEvent = {
      type: 'TimerFired',
      data: { timerId: 't-1', name: 'due+14', at: '2026-04-15', firedOn: '2026-04-16' },
    };
    given([...opened, scheduled])
      .when({ type: 'FireTimer', data: { timerId: 't-1', firedOn: '2026-04-16' } })
      .then([fired]);
    given([...opened, scheduled, fired])
      .when({ type: 'FireTimer', data: { timerId: 't-1', firedOn: '2026-04-17' } })
      .then([]);
    given(opened)
      .when({ type: 'FireTimer', data: { timerId: 'x', firedOn: '2026-04-17' } })
      .thenThrows('timer_not_found');
  });
});

describe('messages and outsourcing', () => {
  it('requests a message once per id on a known channel', () => {
    const data = { messageId: 'm-1', template: 'R1', channel: 'email' as const, requestedOn: '2026-03-05' };
    given(opened)
      .when({ type: 'RequestMessage', data })
      .then([{ type: 'MessageRequested', data }]);
    given([...opened, { type: 'MessageRequested', data }])
      .when({ type: 'RequestMessage', data })
      .then([]);
    given(opened)
      .when({ type: 'RequestMessage', data: { ...data, channel: 'fax' as 'email' } })
      .thenThrows('validation_failed');
  });
  it('outsourcing moves the case to the outsourced phase', () => {
    given(opened)
      .when({
        type: 'OutsourceCase',
        data: { partner: 'Agency One', reason: 'no answer', outsourcedOn: '2026-05-01' },
      })
      .then([
        { type: 'PhaseChanged', data: { from: 'amicable', to: 'outsourced', reason: 'no answer' } },
        {
          type: 'CaseOutsourced',
          data: { partner: 'Agency One', reason: 'no answer', outsourcedOn: '2026-05-01' },
        },
      ]);
  });
});
