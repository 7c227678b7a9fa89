import { describe, expect, it } from 'vitest';
import { countDigits, findBlank, isAlpha, isBlank, isDigit, isRegexSpace, readDigits, skipBlanks } from './char-codes.js';

describe('char-code helpers', () => {
  it('classify characters', () => {
    expect(isDigit(48) && isDigit(57) && !isDigit(47)).toBe(true);
    expect(isAlpha(65) && isAlpha(122) && !isAlpha(64) && !isAlpha(91)).toBe(true);
    expect(isBlank(32) && isBlank(9) && !isBlank(10)).toBe(true);
  });

  it('agree with the regex \\s class', () => {
    for (let c = 0; c < 0x3100; c++) expect(isRegexSpace(c)).toBe(/\s/.test(String.fromCharCode(c)));
    expect(isRegexSpace(0xfeff)).toBe(true);
  });

  it('scan digits and blanks', () => {
    expect(readDigits('2024-01', 0, 4)).toBe(2024);
    expect(readDigits('20x4', 0, 4)).toBe(-1);
    expect(readDigits('12', 0, 4)).toBe(-1);
    expect(countDigits('123abc', 0, 6)).toBe(3);
    expect(skipBlanks('  \tx', 0, 4)).toBe(3);
    expect(findBlank('abc def', 0, 7)).toBe(3);
  });
});
