import { describe, expect, it } from 'vitest';
import { COUNTRY_CODES, isCountryCode } from './countries';

describe('ISO 3166-1 alpha-2', () => {
  it('holds the 249 assigned codes', () => {
    expect(COUNTRY_CODES.size).toBe(249);
  });

  it.each(['FR', 'BE', 'DE', 'AT', 'GB', 'ES', 'NL', 'IT', 'LU', 'CH', 'US', 'MA', 'TN', 'SN', 'AX', 'ZW'])(
    'knows %s',
    (code) => {
      expect(isCountryCode(code)).toBe(true);
    },
  );

  it.each(['UK', 'EL', 'EU', 'XK', 'fr', 'FRA', 'F', ''])('rejects %j', (code) => {
    expect(isCountryCode(code)).toBe(false);
  });
});
