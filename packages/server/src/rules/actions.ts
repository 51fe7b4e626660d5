import { v7 as uuidv7 } from 'uuid';
import {
  DomainError,
  MESSAGE_CHANNELS,
  currencyExponent,
  type CaseCommand,
  type MessageChannel,
  type Phase,
  type ResolvedAction,
} from '@quittance/domain';
import { Decimal } from 'decimal.js';

const PHASES: readonly Phase[] = ['prevention', 'amicable', 'default', 'legal', 'outsourced'];

export type ActingCase = {
  readonly phase: string;
  readonly currency: string;
  readonly manager: string | null;
};

/**
 * The commands a rule's actions ask for, exactly as a user's request would issue them: the same
 * handlers decide, so a rule can never do what a user could not. An action that cannot be a valid
 * command (an unknown phase, a fee that is not an amount) is a DomainError naming it; the caller
 * records the decision as failed and nothing of it happens.
 */
export const commandsFor = (
  actions: readonly ResolvedAction[],
  kase: ActingCase,
  today: string,
): CaseCommand[] => {
  const commands: CaseCommand[] = [];
  // A task without an assignee goes to the case's manager — the one a preceding action just named, if any.
  let manager = kase.manager;
  for (const action of actions) {
    switch (action.type) {
      case 'assignManager':
        commands.push({ type: 'AssignManager', data: { manager: action.manager } });
        manager = action.manager;
        break;
      case 'assignTeam':
        commands.push({ type: 'AssignTeam', data: { team: action.team } });
        break;
      case 'assignPortfolio':
        commands.push({ type: 'AssignPortfolio', data: { portfolio: action.portfolio } });
        break;
      case 'changePhase': {
        if (!PHASES.includes(action.phase as Phase)) {
          throw new DomainError(
            'validation_failed',
            `changePhase: "${action.phase}" is not a phase (${PHASES.join(', ')})`,
          );
        }
        // Asking for the phase the case is already in is a no-op for a rule, not an error.
        if (action.phase !== kase.phase) {
          commands.push({
            type: 'ChangePhase',
            data: { phase: action.phase as Phase, reason: action.reason },
          });
        }
        break;
      }
      case 'startStrategy':
        commands.push({ type: 'StartStrategy', data: { strategy: action.strategy, startedOn: today } });
        break;
      case 'switchStrategy':
        commands.push({ type: 'SwitchStrategy', data: { strategy: action.strategy, switchedOn: today } });
        break;
      case 'stopStrategy':
        commands.push({ type: 'StopStrategy', data: { reason: action.reason, stoppedOn: today } });
        break;
      case 'createTask':
        commands.push({
          type: 'CreateTask',
          data: {
            taskId: uuidv7(),
            title: action.title,
            taskType: action.taskType,
            assignee: action.assignee ?? manager,
            due: action.due,
            priority: action.priority,
          },
        });
        break;
      case 'addFee':
        commands.push({
          type: 'ChargeFee',
          data: {
            feeId: uuidv7(),
            amount: { amount: roundToCurrency(action.amount, kase.currency), currency: kase.currency },
            chargedOn: today,
            label: action.label,
          },
        });
        break;
      case 'setTimer':
        commands.push({
          type: 'ScheduleTimer',
          data: { timerId: uuidv7(), name: action.name, at: action.at },
        });
        break;
      case 'sendMessage':
        if (!MESSAGE_CHANNELS.includes(action.channel as MessageChannel)) {
          throw new DomainError(
            'validation_failed',
            `sendMessage: "${action.channel}" is not a channel (${MESSAGE_CHANNELS.join(', ')})`,
          );
        }
        commands.push({
          type: 'RequestMessage',
          data: {
            messageId: uuidv7(),
            template: action.template,
            channel: action.channel as MessageChannel,
            requestedOn: today,
          },
        });
        break;
      case 'setFlag':
        commands.push({
          type: 'SetFlag',
          data: { flag: action.flag, value: action.value, reason: action.reason },
        });
        break;
      case 'outsource':
        commands.push({
          type: 'OutsourceCase',
          data: { partner: action.partner, reason: action.reason, outsourcedOn: today },
        });
        break;
      default: {
        const unreachable: never = action;
        throw new Error(`unknown action ${JSON.stringify(unreachable)}`);
      }
    }
  }
  return commands;
};

/**
 * A fee computed by a formula (`case.balance * 0.05`) is rounded once, here, half-up to the
 * currency's minor unit (EUR 2 decimals, JPY 0).
 */
export const roundToCurrency = (amount: string, currency: string): string => {
  let value: Decimal;
  try {
    value = new Decimal(amount);
  } catch {
    throw new DomainError('invalid_amount', `addFee: "${amount}" is not an amount`);
  }
  if (!value.isFinite()) throw new DomainError('invalid_amount', `addFee: "${amount}" is not an amount`);
  return value
    .toDecimalPlaces(currencyExponent(currency), Decimal.ROUND_HALF_UP)
    .toFixed(currencyExponent(currency));
};
