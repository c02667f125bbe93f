// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import type { KioskErrorBody } from '../shared/kiosk-api.ts';
import { counterState, counterTicket } from './testing/fake-kiosk-api.ts';
import { settle } from './testing/mount.ts';
import { mountCounter } from './testing/mount-counter.ts';

describe('the counter console', () => {
  it('is what a counter terminal shows, chosen by the device service’s role', async () => {
    const { wrapper } = await mountCounter();
    expect(wrapper.find('[data-test="counter"]').exists()).toBe(true);
    expect(wrapper.find('[data-test="kiosk"][data-step]').exists()).toBe(false);
    expect(wrapper.find('[data-test="window-name"]').text()).toBe('3号窗口');
    expect(wrapper.find('[data-test="clerk-name"]').text()).toBe('王晓梅');
    expect(wrapper.find('[data-test="queue-total"]').text()).toBe('共 4 人等候');
    expect(wrapper.find('[data-test="queue-HJ-001-waiting"]').text()).toBe('3 人');
    expect(wrapper.find('[data-test="summary-served"]').text()).toBe('12');
    expect(wrapper.find('[data-test="summary-avg"]').text()).toBe('6 分 12 秒');
    expect(wrapper.find('[data-test="current-empty"]').exists()).toBe(true);
  });

  it('signs a clerk in with the on-screen keypad', async () => {
    const { wrapper, api } = await mountCounter((a) => (a.counterValue = counterState({ state: 'closed', clerk: null })));
    expect(wrapper.find('[data-test="counter-signin"]').exists()).toBe(true);
    for (const k of '1001') await wrapper.find(`[data-test="key-${k}"]`).trigger('click');
    await wrapper.find('[data-test="signin-pin"]').trigger('focus');
    for (const k of '2468') await wrapper.find(`[data-test="key-${k}"]`).trigger('click');
    expect(wrapper.find('[data-test="keypad-display"]').text()).toBe('••••');
    await wrapper.find('form').trigger('submit');
    await settle();
    expect(api.calls.signIn).toEqual([['1001', '2468']]);
    expect(wrapper.find('[data-test="counter-console"]').exists()).toBe(true);
  });

  it('signs a clerk in with what a keyboard typed into the fields', async () => {
    const { wrapper, api } = await mountCounter((a) => (a.counterValue = counterState({ state: 'closed', clerk: null })));
    await wrapper.find('[data-test="signin-staff-no"]').setValue('1001');
    await wrapper.find('[data-test="signin-pin"]').setValue('2468');
    expect(wrapper.find('[data-test="keypad-display"]').text()).toBe('••••');
    await wrapper.find('form').trigger('submit');
    await settle();
    expect(api.calls.signIn).toEqual([['1001', '2468']]);
  });

  it('calls the next visitor with one click, disabling the buttons until the hall answers', async () => {
    const { wrapper, api } = await mountCounter();
    let release!: () => void;
    api.counterGate = new Promise<void>((r) => (release = r));
    const call = wrapper.find('[data-test="action-call-next"]');
    await call.trigger('click');
    await call.trigger('click');
    await nextTick();
    expect(wrapper.find('[data-test="counter"]').attributes('data-busy')).toBe('callNext');
    expect(call.attributes('disabled')).toBeDefined();
    expect(wrapper.find('[data-test="action-pause"]').attributes('disabled')).toBeDefined();
    api.counterGate = null;
    release();
    await settle();
    expect(api.callCount('callNext')).toBe(1);
    expect(wrapper.find('[data-test="current-number"]').text()).toBe('A001');
    expect(wrapper.find('[data-test="notice"]').text()).toBe('已叫号 A001');
    expect(wrapper.find('[data-test="action-recall"]').attributes('disabled')).toBeUndefined();
  });

  it('shows the clerk the full identity and the pre-registration data of the visitor in front of them', async () => {
    const { wrapper, api } = await mountCounter();
    api.setCounter({
      current: counterTicket('A015', {
        source: 'appointment',
        priority: 'appointment',
        slotStart: '2025-03-03T01:30:00.000Z',
        identity: { kind: 'citizen', masked: '110***********002X', nameMasked: '赵**', number: '11010519491231002X', name: '赵天明' },
      }),
    });
    await settle();
    expect(wrapper.find('[data-test="current-name"]').text()).toBe('赵天明');
    expect(wrapper.find('[data-test="current-id"]').text()).toBe('11010519491231002X');
    expect(wrapper.find('[data-test="current-preregistration"]').text()).toContain('预约');
  });

  it('answers the keyboard: F1 calls, F4 asks for a number and calls it', async () => {
    const { wrapper, api } = await mountCounter();
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'F1' }));
    await settle();
    expect(api.callCount('callNext')).toBe(1);
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'F4' }));
    await settle();
    expect(wrapper.find('[data-test="dialog-call-number"]').exists()).toBe(true);
    await wrapper.find('[data-test="call-number-input"]').setValue('a003');
    await wrapper.find('[data-test="dialog-call-number"]').trigger('submit');
    await settle();
    expect(api.calls.callTicket).toEqual([['A003']]);
    expect(wrapper.find('[data-test="current-number"]').text()).toBe('A003');
  });

  it('shows a refusal in the clerk’s words and what the hall now holds', async () => {
    const { wrapper, api } = await mountCounter();
    api.nextCounterRefusal = { code: 'WINDOW_PAUSED' };
    api.counterValue = counterState({ state: 'paused', pauseReason: '系统维护' });
    await wrapper.find('[data-test="action-call-next"]').trigger('click');
    await settle();
    expect(wrapper.find('[data-test="notice"]').text()).toBe('窗口已暂停，请先恢复服务。');
    expect(wrapper.find('[data-test="window-state"]').text()).toBe('暂停服务');
    expect(wrapper.find('[data-test="action-resume"]').exists()).toBe(true);
  });

  it.each([
    ['its words', 'NOTHING_TO_RECALL', '当前没有可重呼的号。'],
    ['the help desk’s line for a code without words', 'SOMETHING_NEW', '大厅服务器暂时无法处理。请到服务台咨询工作人员。'],
  ])('shows the clerk a refusal of a key pressed on the caller keypad: %s', async (_, code, words) => {
    const { wrapper, api } = await mountCounter();
    api.emit('counter:action', { source: 'keypad', action: 'recallTicket', ok: false, error: { code } as KioskErrorBody });
    await settle();
    const notice = wrapper.find('[data-test="notice"]');
    expect(notice.text()).toBe(words);
    expect(notice.classes()).toContain('notice-error');
  });

  it('tells the clerk what a key on the caller keypad did', async () => {
    const { wrapper, api } = await mountCounter();
    api.emit('counter:action', { source: 'keypad', action: 'skipTicket', ok: true, number: 'A007' });
    await settle();
    expect(wrapper.find('[data-test="notice"]').text()).toBe('呼叫器：A007 已记为过号');
  });

  it('transfers to another service with a note from the dialog', async () => {
    const { wrapper, api } = await mountCounter();
    await wrapper.find('[data-test="action-call-next"]').trigger('click');
    await settle();
    await wrapper.find('[data-test="action-transfer"]').trigger('click');
    await settle();
    await wrapper.find('[data-test="transfer-target"]').setValue('CRJ-001');
    await wrapper.find('[data-test="transfer-note"]').setValue('需办护照');
    await wrapper.find('[data-test="dialog-transfer"]').trigger('submit');
    await settle();
    expect(api.calls.transferTicket).toEqual([[{ ticketId: 't-A001', toServiceCode: 'CRJ-001', note: '需办护照' }]]);
    expect(wrapper.find('[data-test="notice"]').text()).toBe('A001 已转办');
  });
});
