import { describe, expect, it } from 'vitest';
import { isLanguageCode, normalizeLanguage } from './languages';

describe('languages', () => {
  it.each(['fr', 'en', 'de', 'es', 'nl', 'it', 'pt', 'pl', 'ar', 'zh', 'lb'])('knows %s', (code) => {
    expect(isLanguageCode(code)).toBe(true);
  });

  it.each([
    ['fr', 'fr'],
    ['FR', 'fr'],
    [' de ', 'de'],
    ['fr-BE', 'fr-BE'],
    ['fr-be', 'fr-BE'],
    ['en_GB', 'en-GB'],
    ['NL_be', 'nl-BE'],
    ['de-AT', 'de-AT'],
  ])('normalises %j to %s', (text, normalized) => {
    expect(normalizeLanguage(text)).toBe(normalized);
  });

  it.each(['xx', 'fre', 'french', 'fr-XX', 'en-UK', 'fr-', 'fr-BEL', 'fr BE', ''])('rejects %j', (text) => {
    expect(normalizeLanguage(text)).toBeUndefined();
  });
});
