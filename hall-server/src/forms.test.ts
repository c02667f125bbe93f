import { describe, expect, it } from 'vitest';
import { FormFieldSchema, type FormFieldInput } from './domain/config.ts';
import { labelledValues, newTrackingCode, parseTrackingCode, validateForm } from './forms.ts';

const label = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const field = (f: Omit<FormFieldInput, 'label'> & { label?: FormFieldInput['label'] }): FormFieldInput => ({ label: label(f.key, f.key), ...f });

function codes(fields: FormFieldInput[], values: Record<string, string>): Record<string, string> {
  const result = validateForm(fields, values);
  return result.ok ? {} : Object.fromEntries(result.errors.map((e) => [e.key, e.code]));
}

function accepted(f: FormFieldInput, value: string): string | undefined {
  const result = validateForm([f], { [f.key]: value });
  if (!result.ok) throw new Error(`refused ${value}: ${result.errors[0]!.code}`);
  return result.values[f.key];
}

describe('validateForm', () => {
  it('trims values and drops empty optional fields', () => {
    const result = validateForm([field({ key: 'a', type: 'text' }), field({ key: 'b', type: 'text' })], { a: '  张三  ', b: '   ' });
    expect(result).toEqual({ ok: true, values: { a: '张三' } });
  });

  it('refuses a required field left empty or blank, with its label in both languages', () => {
    const result = validateForm([{ key: 'name', label: label('姓名', 'Name'), type: 'text', required: true }], { name: '  ' });
    expect(result).toEqual({ ok: false, errors: [{ key: 'name', code: 'REQUIRED', message: { 'zh-CN': '请填写姓名', en: 'Name is required' } }] });
    expect(codes([field({ key: 'name', type: 'text', required: true })], {})).toEqual({ name: 'REQUIRED' });
  });

  it('counts length in characters, with 200 by default and 1000 for a textarea', () => {
    const text = field({ key: 't', type: 'text', minLength: 2 });
    expect(codes([text], { t: '张' })).toEqual({ t: 'TOO_SHORT' });
    expect(accepted(text, '张三')).toBe('张三');
    expect(accepted(text, '𠀀'.repeat(200))).toHaveLength(400);
    expect(codes([text], { t: 'x'.repeat(201) })).toEqual({ t: 'TOO_LONG' });
    const area = field({ key: 'a', type: 'textarea' });
    expect(accepted(area, 'x'.repeat(1000))).toHaveLength(1000);
    expect(codes([area], { a: 'x'.repeat(1001) })).toEqual({ a: 'TOO_LONG' });
    expect(codes([field({ key: 'c', type: 'text', maxLength: 5 })], { c: '123456' })).toEqual({ c: 'TOO_LONG' });
  });

  it('matches a pattern against the whole value and uses its message', () => {
    const plate = field({
      key: 'plate',
      type: 'text',
      pattern: '[京津沪渝浙][A-Z][A-Z0-9]{5}',
      patternMessage: label('车牌号格式不正确', 'Not a plate number'),
    });
    expect(accepted(plate, '浙A12345')).toBe('浙A12345');
    const result = validateForm([plate], { plate: 'x浙A12345' });
    expect(result.ok === false && result.errors[0]).toMatchObject({ code: 'PATTERN', message: { 'zh-CN': '车牌号格式不正确' } });
  });

  it('reads numbers as plain decimals within min and max', () => {
    const area = field({ key: 'area', type: 'number', min: 1, max: 500 });
    expect(accepted(area, '89.5')).toBe('89.5');
    for (const bad of ['1e3', '1,000', '八十', '12.', '0x10']) expect(codes([area], { area: bad }), bad).toEqual({ area: 'NOT_A_NUMBER' });
    expect(codes([area], { area: '0' })).toEqual({ area: 'OUT_OF_RANGE' });
    expect(codes([area], { area: '500.1' })).toEqual({ area: 'OUT_OF_RANGE' });
    expect(accepted(field({ key: 'n', type: 'number' }), '-3')).toBe('-3');
  });

  it('takes only real dates written YYYY-MM-DD', () => {
    const date = field({ key: 'd', type: 'date' });
    expect(accepted(date, '2024-02-29')).toBe('2024-02-29');
    for (const bad of ['2023-02-29', '2024-13-01', '2024-2-1', '2024/02/01', '20240201']) expect(codes([date], { d: bad }), bad).toEqual({ d: 'BAD_DATE' });
  });

  it('takes mainland mobiles 1[3-9]xxxxxxxxx and landlines 0xx(x)-xxxxxxx(x), spaces removed', () => {
    const phone = field({ key: 'p', type: 'phone' });
    expect(accepted(phone, '138 0013 8000')).toBe('13800138000');
    expect(accepted(phone, '0571-87654321')).toBe('0571-87654321');
    expect(accepted(phone, '01012345678')).toBe('01012345678');
    for (const bad of ['12800138000', '1380013800', '+8613800138000', '571-87654321', '0571-123456'])
      expect(codes([phone], { p: bad }), bad).toEqual({ p: 'BAD_PHONE' });
  });

  it('checks e-mail addresses and six-digit postcodes', () => {
    expect(accepted(field({ key: 'e', type: 'email' }), 'zhang.san@example.com.cn')).toBe('zhang.san@example.com.cn');
    for (const bad of ['zhang', 'a@b', 'a b@c.cn', 'a@@b.cn']) expect(codes([field({ key: 'e', type: 'email' })], { e: bad }), bad).toEqual({ e: 'BAD_EMAIL' });
    expect(accepted(field({ key: 'z', type: 'postcode' }), '310 012')).toBe('310012');
    expect(codes([field({ key: 'z', type: 'postcode' })], { z: '31001' })).toEqual({ z: 'BAD_POSTCODE' });
  });

  it('checks ID numbers (GB 11643) and credit codes (GB 32100) and stores them in capitals', () => {
    expect(accepted(field({ key: 'id', type: 'id-number' }), '11010519491231002x')).toBe('11010519491231002X');
    expect(codes([field({ key: 'id', type: 'id-number' })], { id: '110105194912310021' })).toEqual({ id: 'BAD_ID_NUMBER' });
    expect(accepted(field({ key: 'u', type: 'uscc' }), '91330106MA2B0X1K69'.toLowerCase())).toBe('91330106MA2B0X1K69');
    expect(codes([field({ key: 'u', type: 'uscc' })], { u: '91330106MA2B0X1K68' })).toEqual({ u: 'BAD_USCC' });
  });

  it('takes a select value only from its options', () => {
    const marital = field({
      key: 'm',
      type: 'select',
      options: [
        { value: 'single', label: label('未婚', 'Single') },
        { value: 'married', label: label('已婚', 'Married') },
      ],
    });
    expect(accepted(marital, 'married')).toBe('married');
    expect(codes([marital], { m: '已婚' })).toEqual({ m: 'NOT_AN_OPTION' });
  });

  it('refuses keys the form does not have, after the fields, one error per field in the form’s order', () => {
    const fields = [field({ key: 'a', type: 'text', required: true }), field({ key: 'b', type: 'phone' })];
    const result = validateForm(fields, { b: '123', zz: 'x' });
    expect(result.ok === false && result.errors.map((e) => [e.key, e.code])).toEqual([
      ['a', 'REQUIRED'],
      ['b', 'BAD_PHONE'],
      ['zz', 'UNKNOWN_FIELD'],
    ]);
  });

  it('does not take a key from the prototype of the values object', () => {
    expect(codes([field({ key: 'toString', type: 'text', required: true })], {})).toEqual({ toString: 'REQUIRED' });
  });

  it('works on fields as the catalogue parses them (defaults filled in)', () => {
    const parsed = FormFieldSchema.parse({ key: 'addr', label: label('地址', 'Address'), type: 'textarea' });
    expect(validateForm([parsed], { addr: 'x'.repeat(1000) }).ok).toBe(true);
  });

  it('labels values in the form’s order, select values by their option', () => {
    const fields = [
      field({ key: 'm', label: label('婚姻状况', 'Marital status'), type: 'select', options: [{ value: 'married', label: label('已婚', 'Married') }] }),
      field({ key: 'a', label: label('地址', 'Address'), type: 'text' }),
    ];
    expect(labelledValues(fields, { a: '杭州', m: 'married' })).toEqual([
      { key: 'm', label: label('婚姻状况', 'Marital status'), value: '已婚' },
      { key: 'a', label: label('地址', 'Address'), value: '杭州' },
    ]);
  });
});

describe('tracking codes through @hall/server/forms', () => {
  it('make and read the same code', () => {
    const code = newTrackingCode(new Uint8Array([9, 8, 7, 6, 5, 4, 3]));
    expect(parseTrackingCode(code.toLowerCase())).toBe(code);
  });
});
