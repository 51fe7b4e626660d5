import type { Translate } from '../i18n/i18n-context';
import {
  ACTION_STATUSES,
  AFTER_VALUES,
  DUNNING_LEVELS,
  type ActionStatus,
  type Interval,
} from './dunning.types';

// Words for the dunning codes. A code this UI does not know is shown as it is.

export function levelName(level: string, t: Translate): string {
  return (DUNNING_LEVELS as readonly string[]).includes(level)
    ? t(`dunning.level.${level as (typeof DUNNING_LEVELS)[number]}`)
    : level;
}

export function isActionStatus(status: string): status is ActionStatus {
  return (ACTION_STATUSES as readonly string[]).includes(status);
}

export function actionStatusName(status: string, t: Translate): string {
  return isActionStatus(status) ? t(`dunning.status.${status}`) : status;
}

export function afterName(after: string, t: Translate): string {
  return (AFTER_VALUES as readonly string[]).includes(after)
    ? t(`dunning.after.${after as (typeof AFTER_VALUES)[number]}`)
    : after;
}

/** `D+15`, `D−5`, `D` (the due date) in English; `J+15` in French. */
export function dayLabel(day: number, t: Translate): string {
  if (day === 0) return t('dunning.day.due');
  return day > 0 ? t('dunning.day.after', { days: day }) : t('dunning.day.before', { days: -day });
}

/** A share 0–1 as a percentage with one decimal, in the locale: `0.4231` -> `42.3%`. */
export function formatShare(value: number | string, locale: string): string {
  const n = typeof value === 'string' ? Number(value) : value;
  if (!Number.isFinite(n)) return String(value);
  return new Intl.NumberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(n);
}

export function formatNumber(value: number | string, locale: string, decimals: number): string {
  const n = typeof value === 'string' ? Number(value) : value;
  if (!Number.isFinite(n)) return String(value);
  return new Intl.NumberFormat(locale, {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }).format(n);
}

/** `12.5–30.1`, an interval with the value's formatting; null when there is none. */
export function formatInterval(interval: Interval | null, format: (value: number) => string): string | null {
  return interval ? `${format(interval.low)} – ${format(interval.high)}` : null;
}

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '^{}\\[~]|€\f';

/**
 * How an SMS text travels: in the GSM 7-bit alphabet (160 characters, 153 per part when split;
 * `€`, `[`… count twice) or, with any other character, in UCS-2 (70, 67 per part).
 */
export function smsLength(text: string): { characters: number; encoding: 'gsm' | 'ucs2'; parts: number } {
  let septets = 0;
  let gsm = true;
  for (const ch of text) {
    if (GSM_BASIC.includes(ch)) septets += 1;
    else if (GSM_EXTENDED.includes(ch)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) {
    return { characters: septets, encoding: 'gsm', parts: septets <= 160 ? 1 : Math.ceil(septets / 153) };
  }
  // UCS-2 counts UTF-16 code units: an emoji takes two.
  const units = text.length;
  return { characters: units, encoding: 'ucs2', parts: units <= 70 ? 1 : Math.ceil(units / 67) };
}
