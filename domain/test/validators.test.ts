import { describe, expect, it } from 'vitest';
import {
  idCardCheckChar,
  isWithinDivision,
  maskIdCard,
  maskName,
  maskPhone,
  usccCheckChar,
  validateIdCard,
  validatePhone,
  validateUscc,
} from '../src/index.ts';

describe('公民身份号码 (GB 11643-1999, ISO 7064 MOD 11-2)', () => {
  it('accepts the standard example 11010519491231002X', () => {
    expect(validateIdCard('11010519491231002x')).toEqual({ ok: true, value: '11010519491231002X' });
  });
  it('computes check characters', () => {
    expect(idCardCheckChar('11010519491231002')).toBe('X');
    expect(idCardCheckChar('44052418800101001')).toBe('4');
  });
  it('refuses a wrong check digit, an impossible birth date and wrong lengths', () => {
    expect(validateIdCard('110105194912310021')).toMatchObject({ ok: false, message: '身份证号校验位不正确' });
    expect(validateIdCard('110105194902300025')).toMatchObject({ ok: false, message: '身份证号中的出生日期无效' });
    expect(validateIdCard('1101051949123100')).toMatchObject({ ok: false });
  });
});

describe('统一社会信用代码 (GB 32100-2015)', () => {
  it('accepts a valid code and computes its check character', () => {
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
    expect(validateUscc('91350100M000100Y43').ok).toBe(true);
  });
  it('refuses a wrong check character and forbidden letters', () => {
    expect(validateUscc('91350100M000100Y44')).toMatchObject({ ok: false, message: '统一社会信用代码校验位不正确' });
    expect(validateUscc('91350100M000100YI3')).toMatchObject({ ok: false });
  });
});

describe('phone, masking, division codes', () => {
  it('validates mobile and fixed-line numbers', () => {
    expect(validatePhone('138 0013 8000')).toEqual({ ok: true, value: '13800138000' });
    expect(validatePhone('0571-87654321').ok).toBe(true);
    expect(validatePhone('12345').ok).toBe(false);
  });
  it('masks as domain.md §14 says', () => {
    expect(maskIdCard('11010519491231002X')).toBe('110105********002X');
    expect(maskPhone('13800138000')).toBe('138****8000');
    expect(maskName('张三丰')).toBe('张**');
  });
  it('knows which village codes lie inside a town, including towns numbered 100', () => {
    expect(isWithinDivision('339901101201', '339901101000')).toBe(true);
    expect(isWithinDivision('339901102201', '339901101000')).toBe(false);
    expect(isWithinDivision('339901100201', '339901100000')).toBe(true);
    expect(isWithinDivision('339901101000', '339901000000')).toBe(true);
  });
});
