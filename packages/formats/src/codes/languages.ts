import { isCountryCode } from './countries';

// ISO 639-1 two-letter language codes (the deprecated `bh` and `iw`/`in`/`ji`/`jw` aliases excluded).
// prettier-ignore
export const LANGUAGE_CODES: ReadonlySet<string> = new Set([
  'aa', 'ab', 'ae', 'af', 'ak', 'am', 'an', 'ar', 'as', 'av', 'ay', 'az',
  'ba', 'be', 'bg', 'bi', 'bm', 'bn', 'bo', 'br', 'bs',
  'ca', 'ce', 'ch', 'co', 'cr', 'cs', 'cu', 'cv', 'cy',
  'da', 'de', 'dv', 'dz',
  'ee', 'el', 'en', 'eo', 'es', 'et', 'eu',
  'fa', 'ff', 'fi', 'fj', 'fo', 'fr', 'fy',
  'ga', 'gd', 'gl', 'gn', 'gu', 'gv',
  'ha', 'he', 'hi', 'ho', 'hr', 'ht', 'hu', 'hy', 'hz',
  'ia', 'id', 'ie', 'ig', 'ii', 'ik', 'io', 'is', 'it', 'iu',
  'ja', 'jv',
  'ka', 'kg', 'ki', 'kj', 'kk', 'kl', 'km', 'kn', 'ko', 'kr', 'ks', 'ku', 'kv', 'kw', 'ky',
  'la', 'lb', 'lg', 'li', 'ln', 'lo', 'lt', 'lu', 'lv',
  'mg', 'mh', 'mi', 'mk', 'ml', 'mn', 'mr', 'ms', 'mt', 'my',
  'na', 'nb', 'nd', 'ne', 'ng', 'nl', 'nn', 'no', 'nr', 'nv', 'ny',
  'oc', 'oj', 'om', 'or', 'os',
  'pa', 'pi', 'pl', 'ps', 'pt',
  'qu',
  'rm', 'rn', 'ro', 'ru', 'rw',
  'sa', 'sc', 'sd', 'se', 'sg', 'si', 'sk', 'sl', 'sm', 'sn', 'so', 'sq', 'sr', 'ss', 'st', 'su',
  'sv', 'sw',
  'ta', 'te', 'tg', 'th', 'ti', 'tk', 'tl', 'tn', 'to', 'tr', 'ts', 'tt', 'tw', 'ty',
  'ug', 'uk', 'ur', 'uz',
  've', 'vi', 'vo',
  'wa', 'wo',
  'xh',
  'yi', 'yo',
  'za', 'zh', 'zu',
]);

/** True for an ISO 639-1 code, written in lower case. */
export const isLanguageCode = (s: string): boolean => LANGUAGE_CODES.has(s);

const LANGUAGE_TAG = /^([a-zA-Z]{2})(?:[-_]([a-zA-Z]{2}))?$/;

/**
 * `fr`, `FR`, `fr-be`, `fr_BE` -> `fr` / `fr-BE` (BCP 47 case); undefined when the language is not
 * ISO 639-1 or the region not an ISO 3166-1 country.
 */
export const normalizeLanguage = (s: string): string | undefined => {
  const match = LANGUAGE_TAG.exec(s.trim());
  if (match === null) return undefined;
  const language = (match[1] ?? '').toLowerCase();
  const region = match[2]?.toUpperCase();
  if (!isLanguageCode(language)) return undefined;
  if (region === undefined) return language;
  return isCountryCode(region) ? `${language}-${region}` : undefined;
};
