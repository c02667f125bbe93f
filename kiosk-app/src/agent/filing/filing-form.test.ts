import { describe, expect, it } from 'vitest';
import { SAMPLE_CARDS } from '@hall/drivers';
import type { FormField } from '../../shared/kiosk-api.ts';
import { prefillFor, withIdentity } from './filing-form.ts';

const label = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const FIELDS: FormField[] = [
  { key: 'name', label: label('姓名', 'Name'), type: 'text', required: true, prefill: 'card.name' },
  { key: 'idNo', label: label('身份证号', 'ID number'), type: 'id-number', required: true, prefill: 'card.idNumber' },
  {
    key: 'sex',
    label: label('性别', 'Sex'),
    type: 'select',
    required: true,
    prefill: 'card.gender',
    options: [
      { value: '1', label: label('男', 'Male') },
      { value: '2', label: label('女', 'Female') },
    ],
  },
  { key: 'gender', label: label('性别', 'Gender'), type: 'text', required: false, prefill: 'card.gender' },
  { key: 'born', label: label('出生日期', 'Date of birth'), type: 'date', required: false, prefill: 'card.birthDate' },
  { key: 'address', label: label('住址', 'Address'), type: 'textarea', required: false, prefill: 'card.address' },
  { key: 'nation', label: label('民族', 'Ethnic group'), type: 'text', required: false, prefill: 'card.nation' },
  { key: 'uscc', label: label('统一社会信用代码', 'Credit code'), type: 'uscc', required: false, prefill: 'company.uscc' },
  { key: 'phone', label: label('手机', 'Mobile'), type: 'phone', required: true },
];
const card = SAMPLE_CARDS.resident!;
const USCC = '91330100MA28ABCD35';

describe('the form prefilled from the visitor', () => {
  it('locks name and ID number and shows them masked; the rest comes in the clear and stays editable', () => {
    const prefill = prefillFor(FIELDS, { card });
    expect(prefill.name).toEqual({ value: '张**', locked: true });
    expect(prefill.idNo).toEqual({ value: '110***********8814', locked: true });
    expect(prefill.sex).toEqual({ value: card.gender === 'male' ? '1' : '2', locked: false });
    expect(prefill.gender).toEqual({ value: card.gender === 'male' ? '男' : '女', locked: false });
    expect(prefill.born).toEqual({ value: card.birthDate, locked: false });
    expect(prefill.address).toEqual({ value: card.address, locked: false });
    expect(prefill.nation).toEqual({ value: card.nation, locked: false });
    expect(prefill.uscc).toBeUndefined();
    expect(prefill.phone).toBeUndefined();
    expect(JSON.stringify(prefill)).not.toContain(card.idNumber);
    expect(JSON.stringify(prefill)).not.toContain(card.name);
  });

  it('a company visitor gets its code locked, and no card fields without a card', () => {
    const prefill = prefillFor(FIELDS, { company: USCC });
    expect(prefill).toEqual({ uscc: { value: USCC, locked: true } });
  });

  it('at submit the real name and number replace whatever the screen sent for the locked fields', () => {
    const form = withIdentity(
      FIELDS,
      { name: '张**', idNo: '110***********8814', phone: '13800138000', address: '改过的地址', extra: 7 },
      { card, company: USCC },
    );
    expect(form).toEqual({ name: card.name, idNo: card.idNumber, uscc: USCC, phone: '13800138000', address: '改过的地址' });
  });

  it('without a card the screen’s own name and number stand (the visitor typed them)', () => {
    expect(withIdentity(FIELDS, { name: '李四', idNo: '11010519491231002X' }, {})).toEqual({ name: '李四', idNo: '11010519491231002X' });
  });
});
