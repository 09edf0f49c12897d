import { describe, expect, it } from 'vitest';
import {
  licenceStatus,
  UnitCreateBodySchema,
  UnitListQuerySchema,
  UnitUpdateBodySchema,
} from '../src/api/safety-units.ts';
import { usccCheckChar } from '../src/validators/uscc.ts';

const code = (first17: string) => first17 + usccCheckChar(first17);
const VALID = {
  name: '湾头桥五金厂',
  creditCode: code('91330100MA2B3C4D5').toLowerCase(),
  address: '湾头村工业区8号',
  industry: 'industry_trade',
  size: 'small',
  riskClass: 'key',
  principalName: '张三',
  principalPhone: '138 0000 1234',
  licences: [{ name: '营业执照', no: 'A-1', validUntil: '2027-01-01' }],
};

const messages = (r: { success: boolean; error?: { issues: { message: string }[] } }) =>
  r.error?.issues.map((i) => i.message) ?? [];

describe('unit contract', () => {
  it('accepts a unit, normalising the credit code and the phone', () => {
    const r = UnitCreateBodySchema.parse(VALID);
    expect(r.creditCode).toBe(code('91330100MA2B3C4D5'));
    expect(r.principalPhone).toBe('13800001234');
    expect(r.licences?.[0]).toEqual({ name: '营业执照', no: 'A-1', validUntil: '2027-01-01' });
  });

  it('names the field in Chinese for a bad credit code, phone, industry or licence date', () => {
    const bad = UnitCreateBodySchema.safeParse({
      ...VALID,
      creditCode: `${code('91330100MA2B3C4D5').slice(0, 17)}${code('91330100MA2B3C4D5').endsWith('0') ? '1' : '0'}`,
      principalPhone: '12345',
      industry: 'mining',
      licences: [{ name: '许可证', no: '1', validUntil: '2027-02-30' }],
    });
    expect(bad.success).toBe(false);
    const m = messages(bad);
    expect(m).toContain('统一社会信用代码校验位不正确');
    expect(m.some((x) => x.startsWith('主要负责人电话：'))).toBe(true);
    expect(m).toContain('行业无效');
    expect(m.some((x) => x.startsWith('证照有效期至'))).toBe(true);
  });

  it('refuses NUL and lone surrogates, naming the field (an import row does not pass the HTTP hygiene layer)', () => {
    expect(messages(UnitCreateBodySchema.safeParse({ ...VALID, name: 'a\u0000b' }))).toEqual([
      '单位名称含有不允许的字符（空字符）',
    ]);
    expect(messages(UnitCreateBodySchema.safeParse({ ...VALID, address: 'x\ud800' }))).toEqual([
      '地址含有不允许的字符（不成对的代理项）',
    ]);
  });

  it('requires the name, principal and address; an empty phone clears it', () => {
    const r = UnitCreateBodySchema.safeParse({ ...VALID, name: ' ', principalName: '', address: undefined });
    expect(messages(r)).toEqual(expect.arrayContaining(['请填写单位名称', '请填写主要负责人', '请填写地址']));
    expect(UnitUpdateBodySchema.parse({ principalPhone: '', version: 2 })).toEqual({
      principalPhone: null,
      version: 2,
    });
    expect(messages(UnitUpdateBodySchema.safeParse({ name: 'x' }))).toContain('版本号无效');
  });

  it('bounds the list query', () => {
    expect(UnitListQuerySchema.parse({ page: '2', pageSize: '50', risk: 'key' })).toEqual({
      page: 2,
      pageSize: 50,
      risk: 'key',
    });
    expect(messages(UnitListQuerySchema.safeParse({ pageSize: '1000' }))).toEqual(['每页条数不得超过200']);
    expect(UnitListQuerySchema.safeParse({ other: '1' }).success).toBe(false);
  });

  it('marks a licence ending within 30 days, or ended', () => {
    expect(licenceStatus('2026-12-06', '2026-12-07')).toBe('expired');
    expect(licenceStatus('2026-12-07', '2026-12-07')).toBe('expiring');
    expect(licenceStatus('2027-01-06', '2026-12-07')).toBe('expiring');
    expect(licenceStatus('2027-01-07', '2026-12-07')).toBe('valid');
    expect(licenceStatus(null, '2026-12-07')).toBe('valid');
  });
});
