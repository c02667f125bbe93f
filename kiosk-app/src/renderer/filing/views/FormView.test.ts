// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { useSettingsStore } from '../../stores/settings.ts';
import { FakeKioskApi } from '../../testing/fake-kiosk-api.ts';
import { settle } from '../../testing/mount.ts';
import { mountFiling } from '../../testing/mount-filing.ts';
import { loadPinyinTable } from '../../keyboard/pinyin.ts';
import { useFilingFormStore } from '../stores/form.ts';
import { useFilingVisitStore } from '../stores/visit.ts';
import FormView from './FormView.vue';

async function formFor(prepare: (api: FakeKioskApi) => void = () => {}) {
  const api = new FakeKioskApi();
  prepare(api);
  const m = await mountFiling(FormView, { api });
  useFilingFormStore().load(await api.filingGuide('HJ-001'));
  useFilingVisitStore().flow = { step: 'form', back: null };
  await settle();
  const field = (key: string) => m.wrapper.find(`[data-test="form-field-${key}"]`);
  const error = (key: string) => m.wrapper.find(`[data-test="form-error-${key}"]`);
  const press = async (...ids: string[]) => {
    for (const id of ids) await m.wrapper.find(`[data-test="kb-${id}"]`).trigger('click');
  };
  return { ...m, field, error, press };
}

describe('the application form', () => {
  it('shows the name and ID number from the card masked and read-only', async () => {
    const { field, wrapper } = await formFor();
    expect((field('name').element as HTMLInputElement).value).toBe('张*明');
    expect((field('idNumber').element as HTMLInputElement).value).toBe('3301**********1234');
    expect(field('name').attributes('readonly')).toBeDefined();
    expect(field('idNumber').attributes('readonly')).toBeDefined();
    expect(wrapper.find('[data-test="form-row-idNumber"]').text()).toContain('来自您的证件，不能修改');
  });

  it('does not take the masked values for wrong ones, nor let them be changed', async () => {
    const { field, error } = await formFor();
    await field('idNumber').setValue('110105194912310021');
    expect(useFilingFormStore().values.idNumber).toBe('3301**********1234');
    expect(error('idNumber').exists()).toBe(false);
    expect(useFilingFormStore().errors.idNumber).toBeUndefined();
  });

  it('shows an error under a field as soon as it is changed, in the visitor’s language', async () => {
    const { field, error } = await formFor();
    expect(error('phone').exists()).toBe(false);
    await field('phone').setValue('12345');
    expect(error('phone').text()).toBe('联系电话不是有效的手机号或固定电话');
    useSettingsStore().setLocale('en');
    await settle();
    expect(error('phone').text()).toBe('Phone is not a mobile or landline number');
    await field('phone').setValue('13800138000');
    expect(error('phone').exists()).toBe(false);
  });

  it('keeps the visitor on the form when required fields are empty, showing every error and opening the keyboard on the first', async () => {
    const { wrapper, error } = await formFor();
    await wrapper.find('[data-test="form-next"]').trigger('click');
    await settle();
    expect(useFilingVisitStore().step).toBe('form');
    expect(error('phone').text()).toBe('请填写联系电话');
    expect(error('fromAddress').text()).toBe('请填写迁出地址');
    expect(error('reason').text()).toBe('请填写迁入原因');
    expect(error('moveDate').exists()).toBe(false);
    expect(wrapper.find('[data-test="form-fix"]').exists()).toBe(true);
    expect(useFilingFormStore().active).toBe('phone');
    expect(wrapper.find('[data-test="keyboard"]').attributes('data-mode')).toBe('digits');
  });

  it('types into the field the keyboard was opened for, in the keyboard its type needs', async () => {
    const { wrapper, field, press } = await formFor();
    await field('phone').trigger('click');
    expect(wrapper.find('[data-test="keyboard"]').attributes('data-mode')).toBe('digits');
    await press('key-1', 'key-3', 'key-8');
    expect((field('phone').element as HTMLInputElement).value).toBe('138');
    await field('fromAddress').trigger('click');
    await loadPinyinTable();
    await settle();
    expect(wrapper.find('[data-test="keyboard"]').attributes('data-mode')).toBe('hanzi');
    for (const k of 'hang') await press(`key-${k}`);
    await press('cand-0');
    expect(useFilingFormStore().values.fromAddress).toBe('杭');
  });

  it('writes a date as the digits come: 20250301 becomes 2025-03-01', async () => {
    const { field, press } = await formFor();
    await field('moveDate').trigger('click');
    for (const d of '2025030') await press(`key-${d}`);
    expect((field('moveDate').element as HTMLInputElement).value).toBe('2025-03-0');
    await press('key-1');
    expect((field('moveDate').element as HTMLInputElement).value).toBe('2025-03-01');
    await press('erase');
    expect((field('moveDate').element as HTMLInputElement).value).toBe('2025-03-0');
  });

  it('chooses a select field’s option with a tap', async () => {
    const { wrapper } = await formFor();
    await wrapper.find('[data-test="form-field-reason-work"]').trigger('click');
    expect(useFilingFormStore().values.reason).toBe('work');
    expect(wrapper.find('[data-test="form-field-reason-work"]').attributes('aria-checked')).toBe('true');
  });

  it('shows what the hall refused under its field until the visitor changes it', async () => {
    const { field, error } = await formFor();
    useFilingFormStore().applyHallErrors([
      { key: 'fromAddress', code: 'TOO_SHORT', message: { 'zh-CN': '迁出地址至少5个字', en: 'Moving from needs at least 5 characters' } },
    ]);
    await settle();
    expect(error('fromAddress').text()).toBe('迁出地址至少5个字');
    await field('fromAddress').setValue('杭州市上城区清波街道');
    expect(error('fromAddress').exists()).toBe(false);
  });

  it('goes on to the materials once every field is right', async () => {
    const { wrapper, field } = await formFor();
    await field('phone').setValue('0571-87654321');
    await field('fromAddress').setValue('杭州市上城区清波街道 12 号');
    await wrapper.find('[data-test="form-field-reason-family"]').trigger('click');
    await wrapper.find('[data-test="form-next"]').trigger('click');
    expect(useFilingVisitStore().step).toBe('materials');
    expect(useFilingFormStore().submission()).toEqual({
      name: '张*明',
      idNumber: '3301**********1234',
      phone: '0571-87654321',
      fromAddress: '杭州市上城区清波街道 12 号',
      reason: 'family',
    });
  });
});
