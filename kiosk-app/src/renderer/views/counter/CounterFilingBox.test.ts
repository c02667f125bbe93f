// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import type { CounterFiling } from '../../../shared/kiosk-api.ts';
import { counterFiling, counterTicket, type FakeKioskApi, PAGE_PNG_BASE64, TRACKING_CODE } from '../../testing/fake-kiosk-api.ts';
import { settle } from '../../testing/mount.ts';
import { mountCounter } from '../../testing/mount-counter.ts';
import { useCounterFilingStore } from '../../stores/counter-filing.ts';

/** The console with a ticket in hand that carries a filing made at a filing machine. */
async function consoleWith(filing: CounterFiling | undefined, prepare: (api: FakeKioskApi) => void = () => {}) {
  const m = await mountCounter(prepare);
  m.api.setCounter({ current: counterTicket('A016', { source: 'kiosk', status: 'serving', ...(filing ? { filing } : {}) }) });
  await settle();
  const $ = (test: string) => m.wrapper.find(`[data-test="${test}"]`);
  // The box loads with the first filing a window sees.
  if (filing) await vi.waitFor(() => expect($('current-filing').exists()).toBe(true));
  await settle();
  return { ...m, $ };
}

describe('the pre-registration box on the counter console', () => {
  it('is absent for a ticket without a filing', async () => {
    const { $ } = await consoleWith(undefined);
    expect($('current-number').text()).toBe('A016');
    expect($('current-filing').exists()).toBe(false);
  });

  it('shows the tracking code, the status and every form value with its label', async () => {
    const { $ } = await consoleWith(counterFiling());
    expect($('filing-code').text()).toBe(TRACKING_CODE);
    expect($('filing-status').text()).toBe('已提交，待受理');
    expect($('filing-applicant').text()).toBe('赵天明 11010519491231002X');
    const box = $('current-filing').text();
    expect(box).toContain('联系电话');
    expect($('filing-value-phone').text()).toBe('13800138000');
    expect($('filing-value-fromAddress').text()).toBe('杭州市上城区清波街道 12 号');
  });

  it('loads each page’s picture from the device host and enlarges it on a click', async () => {
    const { $, api } = await consoleWith(counterFiling());
    expect(api.calls.filingPage?.map((c) => c[0])).toEqual(['a'.repeat(64), 'b'.repeat(64), 'c'.repeat(64)]);
    const thumb = $(`filing-page-${'b'.repeat(64)}`);
    expect(thumb.find('img').attributes('src')).toBe(`data:image/png;base64,${PAGE_PNG_BASE64}`);
    expect($('filing-material-id-card').text()).toContain('调用我的材料');
    await thumb.trigger('click');
    await vi.waitFor(() => expect($('dialog-filing-page').exists()).toBe(true));
    expect($('dialog-filing-page').text()).toContain('户口簿 第 1 页');
    expect($('filing-page-large').attributes('src')).toBe(`data:image/png;base64,${PAGE_PNG_BASE64}`);
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    await settle();
    expect($('dialog-filing-page').exists()).toBe(false);
  });

  it('offers accept or return for a filing just submitted, and accepts it', async () => {
    const { $, api } = await consoleWith(counterFiling());
    expect($('filing-action-accepted').exists()).toBe(true);
    expect($('filing-action-returned').exists()).toBe(true);
    expect($('filing-action-done').exists()).toBe(false);
    await $('filing-action-accepted').trigger('click');
    await settle();
    expect(api.calls.updateFiling).toEqual([[TRACKING_CODE, 'accepted']]);
    expect($('filing-status').text()).toBe('已受理');
    expect($('notice').text()).toBe(`${TRACKING_CODE} 已受理`);
    expect($('filing-action-in-review').exists()).toBe(true);
    expect($('filing-action-done').exists()).toBe(true);
  });

  it('returns a filing only with a reason, typed in a dialog', async () => {
    const { $, api } = await consoleWith(counterFiling({ status: 'accepted' }));
    await $('filing-action-returned').trigger('click');
    await vi.waitFor(() => expect($('dialog-filing-return').exists()).toBe(true));
    expect($('filing-return-submit').attributes('disabled')).toBeDefined();
    await $('filing-return-reason').setValue('户口簿复印件不清晰，请重新提交');
    await $('dialog-filing-return').trigger('submit');
    await settle();
    expect(api.calls.updateFiling).toEqual([[TRACKING_CODE, 'returned', '户口簿复印件不清晰，请重新提交']]);
    expect($('dialog-filing-return').exists()).toBe(false);
    expect($('filing-status').text()).toBe('已退回补正');
    expect($('current-filing').find('.filing-actions').exists()).toBe(false);
  });

  it('shows the hall’s refusal and the filing as the hall now has it', async () => {
    const { $, api } = await consoleWith(counterFiling(), (a) => {
      a.nextFilingRefusal = { code: 'FILING_TRANSITION_NOT_ALLOWED' };
    });
    api.counterValue = { ...api.counterValue, current: { ...api.counterValue.current!, filing: counterFiling({ status: 'accepted' }) } };
    await $('filing-action-accepted').trigger('click');
    await settle();
    expect($('notice').text()).toBe('申报当前状态不能改为该状态。');
    expect($('filing-status').text()).toBe('已受理');
  });

  it('forgets the pictures when the next ticket is called', async () => {
    const { $, api } = await consoleWith(counterFiling());
    expect(
      $(`filing-page-${'a'.repeat(64)}`)
        .find('img')
        .exists(),
    ).toBe(true);
    api.setCounter({ current: counterTicket('A017', { filing: counterFiling({ trackingCode: '301A-03W0-882R', materials: [] }) }) });
    await settle();
    expect($('filing-code').text()).toBe('301A-03W0-882R');
    expect(Object.keys(useCounterFilingStore().pages)).toEqual([]);
  });
});
