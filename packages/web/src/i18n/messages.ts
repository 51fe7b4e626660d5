import { en, type MessageKey, type Messages } from './en';
import { fr } from './fr';

export type Language = 'en' | 'fr';

export const LANGUAGES: readonly Language[] = ['en', 'fr'];

export const DICTIONARIES: Record<Language, Messages> = { en, fr };

/** The Intl locale of each UI language; fixed so that a screen reads the same for every user. */
export const LOCALES: Record<Language, string> = { en: 'en-GB', fr: 'fr-FR' };

export const LANGUAGE_STORAGE_KEY = 'quittance.lang';

export type MessageParams = Record<string, string | number>;

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The stored choice if any, else the first browser language we speak, else English. */
export function pickLanguage(stored: string | null, browserLanguages: readonly string[]): Language {
  if (isLanguage(stored)) return stored;
  for (const tag of browserLanguages) {
    const primary = tag.toLowerCase().split('-')[0];
    if (isLanguage(primary)) return primary;
  }
  return 'en';
}

/** Looks up `key` and fills its {placeholders}; an unknown placeholder is left visible. */
export function translate(messages: Messages, key: MessageKey, params?: MessageParams): string {
  const template = messages[key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    const value = params[name];
    return value === undefined ? placeholder : String(value);
  });
}
