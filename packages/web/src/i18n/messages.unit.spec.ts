import { describe, expect, it } from 'vitest';
import { en } from './en';
import { fr } from './fr';
import { pickLanguage, translate } from './messages';

describe('pickLanguage', () => {
  it('prefers the stored choice', () => {
    expect(pickLanguage('fr', ['en-US'])).toBe('fr');
  });

  it('falls back to the first browser language it speaks', () => {
    expect(pickLanguage(null, ['de-DE', 'fr-BE', 'en'])).toBe('fr');
    expect(pickLanguage('klingon', ['EN-gb'])).toBe('en');
  });

  it('speaks English when nothing matches', () => {
    expect(pickLanguage(null, ['de', 'es'])).toBe('en');
    expect(pickLanguage(null, [])).toBe('en');
  });
});

describe('translate', () => {
  it('fills placeholders', () => {
    expect(translate(en, 'pagination.page', { page: 2, pages: 7 })).toBe('Page 2 of 7');
    expect(translate(fr, 'pagination.page', { page: 2, pages: 7 })).toBe('Page 2 sur 7');
  });

  it('leaves a missing placeholder visible rather than printing "undefined"', () => {
    expect(translate(en, 'case.title', {})).toBe('Case {number}');
  });
});

describe('dictionaries', () => {
  it('have no empty translation', () => {
    for (const dictionary of [en, fr]) {
      expect(Object.entries(dictionary).filter(([, text]) => text.trim() === '')).toEqual([]);
    }
  });

  it('use the same placeholders in every language', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(placeholders(fr[key]), key).toEqual(placeholders(en[key]));
    }
  });
});
