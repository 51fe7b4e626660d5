import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countSmsSegments } from './sms-segments';

describe('countSmsSegments', () => {
  it('counts a short GSM-7 reminder as one SMS', () => {
    const text =
      'ACME: votre facture F-2026-0042 de 1250,00 EUR est echue. Reglez-la sur https://pay.example/x';
    expect(countSmsSegments(text)).toMatchObject({
      encoding: 'GSM-7',
      characters: text.length,
      units: text.length,
      segments: 1,
      unitsPerSegment: 160,
      nonGsmCharacters: [],
    });
  });

  it('fits exactly 160 GSM characters in one SMS and needs two for 161', () => {
    expect(countSmsSegments('a'.repeat(160))).toMatchObject({ segments: 1, remainingInLastSegment: 0 });
    expect(countSmsSegments('a'.repeat(161))).toMatchObject({
      segments: 2,
      unitsPerSegment: 153,
      remainingInLastSegment: 153 * 2 - 161,
    });
    expect(countSmsSegments('a'.repeat(306))).toMatchObject({ segments: 2 });
    expect(countSmsSegments('a'.repeat(307))).toMatchObject({ segments: 3 });
  });

  it('counts the euro sign and brackets twice (GSM extension table)', () => {
    const text = 'Montant: 1250 €';
    expect(countSmsSegments(text)).toMatchObject({ encoding: 'GSM-7', characters: 15, units: 16 });
    expect(countSmsSegments('€'.repeat(80))).toMatchObject({ units: 160, segments: 1 });
    expect(countSmsSegments('€'.repeat(81))).toMatchObject({ units: 162, segments: 2 });
  });

  it('never splits an escaped character across two parts', () => {
    // 152 septets, then a euro sign (2 septets) that does not fit in the 153 of part one.
    const result = countSmsSegments(`${'a'.repeat(152)}€${'a'.repeat(10)}`);
    expect(result).toMatchObject({ units: 164, segments: 2, remainingInLastSegment: 153 - 12 });
  });

  it('sends French accents outside GSM (ç, â, ê, œ) as UCS-2, and says which forced it', () => {
    const text = 'Reçu : nous n’avons pas reçu votre règlement. Merci de régulariser à réception.';
    expect(countSmsSegments(text)).toMatchObject({
      encoding: 'UCS-2',
      units: text.length,
      segments: 2,
      unitsPerSegment: 67,
      nonGsmCharacters: ['ç', '’'],
    });
    // è, é, à are in the GSM alphabet.
    expect(countSmsSegments('Votre règlement à réception').encoding).toBe('GSM-7');
  });

  it('counts 70 UCS-2 units in one SMS, 67 per part beyond', () => {
    expect(countSmsSegments('ç'.repeat(70))).toMatchObject({ segments: 1 });
    expect(countSmsSegments('ç'.repeat(71))).toMatchObject({ segments: 2 });
    expect(countSmsSegments('ç'.repeat(134))).toMatchObject({ segments: 2 });
    expect(countSmsSegments('ç'.repeat(135))).toMatchObject({ segments: 3 });
  });

  it('counts an emoji as two UCS-2 units and keeps its halves together', () => {
    expect(countSmsSegments('👍')).toMatchObject({ encoding: 'UCS-2', characters: 1, units: 2 });
    const result = countSmsSegments(`${'x'.repeat(66)}👍${'x'.repeat(10)}`);
    expect(result).toMatchObject({ units: 78, segments: 2, remainingInLastSegment: 67 - 12 });
  });

  it('is zero segments for an empty text', () => {
    expect(countSmsSegments('')).toMatchObject({ segments: 0, units: 0, encoding: 'GSM-7' });
  });

  it('never overfills a segment, and loses at most one unit per segment to a character kept whole', () => {
    const alphabet = ['a', 'Z', ' ', '€', '[', 'é', 'ç', '👍', '\n'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 800 }), (chars) => {
        const r = countSmsSegments(chars.join(''));
        if (r.units === 0) return r.segments === 0;
        if (r.segments === 1) return r.units <= r.unitsPerSegment;
        return (
          r.segments >= Math.ceil(r.units / r.unitsPerSegment) &&
          r.segments <= Math.ceil(r.units / (r.unitsPerSegment - 1)) &&
          r.remainingInLastSegment >= 0
        );
      }),
    );
  });
});
