import type { MessageKey } from '../i18n/en';
import type { Translate } from '../i18n/i18n-context';
import type { RuleSetStatus } from './rules.types';

// Names of the codes the rules screens show. A code this UI does not know is shown as it is.

const FIELD_NAMES = [
  'manager',
  'team',
  'portfolio',
  'phase',
  'reason',
  'strategy',
  'title',
  'taskType',
  'assignee',
  'dueInDays',
  'due',
  'priority',
  'amount',
  'label',
  'name',
  'at',
  'afterDays',
  'template',
  'channel',
  'flag',
  'value',
  'partner',
] as const;
type FieldName = (typeof FIELD_NAMES)[number];

export function statusName(status: RuleSetStatus, t: Translate): string {
  return t(`rules.status.${status}`);
}

export function fieldName(field: string, t: Translate): string {
  if (!(FIELD_NAMES as readonly string[]).includes(field)) return field;
  const key: MessageKey = `rules.field.${field as FieldName}`;
  return t(key);
}

const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
const CHANNELS = ['email', 'sms', 'letter', 'phone'] as const;

export function priorityName(priority: string, t: Translate): string {
  return (PRIORITIES as readonly string[]).includes(priority)
    ? t(`priority.${priority as (typeof PRIORITIES)[number]}`)
    : priority;
}

export function channelName(channel: string, t: Translate): string {
  return (CHANNELS as readonly string[]).includes(channel)
    ? t(`channel.${channel as (typeof CHANNELS)[number]}`)
    : channel;
}
