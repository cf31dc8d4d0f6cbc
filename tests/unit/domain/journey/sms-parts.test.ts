import { describe, expect, it } from 'vitest';
import { smsEncoding, smsParts } from '../../../../functions/domain/journey/sms-parts.js';

describe('smsParts: the segments a carrier bills', () => {
  it('fits 160 GSM-7 septets or 70 UCS-2 units in one part, and 153 or 67 in each part of a longer one', () => {
    expect(smsParts('a'.repeat(160))).toBe(1);
    expect(smsParts('a'.repeat(161))).toBe(2);
    expect(smsParts('a'.repeat(306))).toBe(2);
    expect(smsParts('a'.repeat(307))).toBe(3);
    expect(smsParts('я'.repeat(70))).toBe(1);
    expect(smsParts('я'.repeat(71))).toBe(2); // the 71-character Cyrillic text
    expect(smsParts('я'.repeat(134))).toBe(2);
    expect(smsParts('я'.repeat(135))).toBe(3);
  });

  it('counts an escape character as two septets and one non-GSM character as turning the whole text to UCS-2', () => {
    expect(smsParts('€'.repeat(80))).toBe(1);
    expect(smsParts('€'.repeat(81))).toBe(2);
    expect(smsEncoding('Hello [1]').encoding).toBe('GSM-7');
    expect(smsEncoding('Hello – 1').encoding).toBe('UCS-2'); // an en dash is not GSM-7
    expect(smsParts(`${'a'.repeat(100)}–`)).toBe(2); // 101 units of UCS-2
  });

  it('never splits an escape sequence or a surrogate pair across parts', () => {
    // 152 + 2 + 152 septets = 306 would fill two parts exactly if the € could be cut in half.
    expect(smsParts(`${'a'.repeat(152)}€${'a'.repeat(152)}`)).toBe(3);
    // 66 + 2 + 66 units = 134 would be two parts if the emoji's pair could be cut.
    expect(smsParts(`${'я'.repeat(66)}😀${'я'.repeat(66)}`)).toBe(3);
  });
});
