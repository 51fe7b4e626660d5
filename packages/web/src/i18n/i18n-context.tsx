import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { MessageKey } from './en';
import { formattersFor, type Formatters } from './format';
import {
  DICTIONARIES,
  LANGUAGE_STORAGE_KEY,
  LOCALES,
  pickLanguage,
  translate,
  type Language,
  type MessageParams,
} from './messages';

export type Translate = (key: MessageKey, params?: MessageParams) => string;

type I18n = {
  language: Language;
  /** The Intl locale to format numbers and dates with, e.g. "fr-FR". */
  locale: string;
  setLanguage: (language: Language) => void;
  t: Translate;
  fmt: Formatters;
};

const I18nContext = createContext<I18n | null>(null);

function readStoredLanguage(): string | null {
  try {
    return window.localStorage.getItem(LANGUAGE_STORAGE_KEY);
  } catch {
    return null; // storage disabled (privacy mode): the choice simply does not persist
  }
}

function initialLanguage(): Language {
  const browser = navigator.languages?.length ? navigator.languages : [navigator.language];
  return pickLanguage(readStoredLanguage(), browser);
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);

  const setLanguage = useCallback((next: Language) => {
    setLanguageState(next);
    try {
      window.localStorage.setItem(LANGUAGE_STORAGE_KEY, next);
    } catch {
      // not persisted; the choice still applies to this tab
    }
  }, []);

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const value = useMemo<I18n>(() => {
    const messages = DICTIONARIES[language];
    return {
      language,
      locale: LOCALES[language],
      setLanguage,
      t: (key, params) => translate(messages, key, params),
      fmt: formattersFor(LOCALES[language]),
    };
  }, [language, setLanguage]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n must be used inside <I18nProvider>');
  return i18n;
}

export function useT(): Translate {
  return useI18n().t;
}

export function useFormat(): Formatters {
  return useI18n().fmt;
}
