// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import App from './App.vue';
import { useSessionStore } from './stores/session.ts';
import { type FakeKioskApi, maskedCard } from './testing/fake-kiosk-api.ts';
import { mountKiosk } from './testing/mount.ts';

afterEach(() => vi.useRealTimers());

const app = (options: { connected?: boolean; keyMissing?: boolean; api?: FakeKioskApi } = {}) => mountKiosk(App, options);

describe('the kiosk', () => {
  beforeEach(() => {
    document.documentElement.className = '';
  });

  it('shows “device service not connected” and disables taking a ticket while the agent is down', async () => {
    const { wrapper, link } = await app({ connected: false });
    expect(wrapper.find('[data-test="agent-down"]').text()).toBe('设备服务未连接');
    // Merely down, not keyless: waiting will do.
    expect(wrapper.find('[data-test="agent-key-missing"]').exists()).toBe(false);
    expect(wrapper.find('[data-test="start"]').attributes('disabled')).toBeDefined();
    link.set(true);
    await new Promise((r) => setTimeout(r, 0));
    await nextTick();
    expect(wrapper.find('[data-test="agent-down"]').exists()).toBe(false);
    expect(wrapper.find('[data-test="start"]').attributes('disabled')).toBeUndefined();
  });

  it('opened without the agent’s key, says the page must be opened from the address the agent printed', async () => {
    const { wrapper } = await app({ connected: false, keyMissing: true });
    expect(wrapper.find('[data-test="agent-down"]').text()).toBe('设备服务未连接');
    expect(wrapper.find('[data-test="agent-key-missing"]').text()).toBe('请用设备服务启动时给出的地址打开本页面');
  });

  it('announces the network outage and keeps issuing', async () => {
    const { wrapper, api } = await app();
    api.emit('hall', { online: false, since: 'x', pendingOffline: 0 });
    await nextTick();
    expect(wrapper.find('[data-test="hall-offline"]').text()).toBe('网络中断，票号照常发放');
    expect(wrapper.find('[data-test="start"]').attributes('disabled')).toBeUndefined();
  });

  it('switches language from the attract screen', async () => {
    const { wrapper } = await app();
    await wrapper.find('[data-test="lang-en"]').trigger('click');
    expect(wrapper.find('[data-test="start"]').text()).toBe('Tap here to start');
    expect(document.documentElement.lang).toBe('en');
    await wrapper.find('[data-test="lang-zh-TW"]').trigger('click');
    expect(wrapper.find('[data-test="start"]').text()).toBe('點這裡開始取號');
  });

  it('turns on elderly mode from a button on every screen', async () => {
    const { wrapper, api } = await app();
    await wrapper.find('[data-test="elderly"]').trigger('click');
    expect(document.documentElement.classList.contains('elderly')).toBe(true);
    api.emit('card', maskedCard());
    await nextTick();
    expect(wrapper.find('[data-test="view-services"]').exists()).toBe(true);
    expect(wrapper.find('[data-test="elderly"]').attributes('aria-pressed')).toBe('true');
  });

  it('walks a visitor without ID from the attract screen to a ticket', async () => {
    const { wrapper } = await app();
    await wrapper.find('[data-test="start"]').trigger('click');
    await wrapper.find('[data-test="no-id"]').trigger('click');
    await wrapper.find('[data-test="service-HJ-001"]').trigger('click');
    expect(wrapper.find('[data-test="confirm-name"]').exists()).toBe(false);
    await wrapper.find('[data-test="confirm"]').trigger('click');
    await new Promise((r) => setTimeout(r, 0));
    await nextTick();
    expect(wrapper.find('[data-test="ticket-number"]').text()).toBe('A012');
  });

  it('types an appointment code on the keypad and checks it in', async () => {
    const { wrapper, api } = await app();
    await wrapper.find('[data-test="start"]').trigger('click');
    await wrapper.find('[data-test="type-code"]').trigger('click');
    for (const k of '20250303') await wrapper.find(`[data-test="key-${k}"]`).trigger('click');
    await wrapper.find('[data-test="submit-code"]').trigger('click');
    expect(wrapper.find('[data-test="confirm-appointment"]').text()).toBe('20250303');
    await wrapper.find('[data-test="confirm"]').trigger('click');
    await new Promise((r) => setTimeout(r, 0));
    expect(api.calls.checkIn).toEqual([['20250303']]);
  });

  it('shows a refusal in the visitor’s language with a way back', async () => {
    const { wrapper } = await app();
    await wrapper.find('[data-test="lang-zh-TW"]').trigger('click');
    await wrapper.find('[data-test="start"]').trigger('click');
    await wrapper.find('[data-test="type-code"]').trigger('click');
    await wrapper.find('[data-test="key-1"]').trigger('click');
    await wrapper.find('[data-test="submit-code"]').trigger('click');
    await wrapper.find('[data-test="confirm"]').trigger('click');
    await new Promise((r) => setTimeout(r, 0));
    await nextTick();
    expect(wrapper.find('[data-test="error"]').text()).toBe('未找到該預約，請核對預約碼。請到服務台諮詢工作人員。');
    await wrapper.find('[data-test="back"]').trigger('click');
    expect(wrapper.find('[data-test="view-appointment-code"]').exists()).toBe(true);
  });

  it('shows masked name and ID only on the confirmation screen, and the green channel when offered', async () => {
    const { wrapper, api } = await app();
    api.emit('card', maskedCard({ age: 71, greenChannelByAge: true }));
    await nextTick();
    await wrapper.find('[data-test="service-HJ-001"]').trigger('click');
    expect(wrapper.find('[data-test="confirm-name"]').text()).toBe('张*明');
    expect(wrapper.find('[data-test="confirm-id"]').text()).toBe('3301**********1234');
    expect(wrapper.find('[data-test="green-channel"]').text()).toContain('65');
  });

  it('shows the idle countdown over the last 10 s and goes back to the attract screen', async () => {
    const { wrapper } = await app();
    const session = useSessionStore();
    await wrapper.find('[data-test="start"]').trigger('click');
    session.touch(0);
    session.tick(49_000);
    await nextTick();
    expect(wrapper.find('[data-test="idle-countdown"]').exists()).toBe(false);
    session.tick(52_000);
    await nextTick();
    expect(wrapper.find('[data-test="idle-countdown"]').text()).toContain('8 秒后返回首页');
    session.tick(60_000);
    await nextTick();
    expect(wrapper.find('[data-test="view-attract"]').exists()).toBe(true);
  });

  it('opens the staff PIN pad after the top-right corner is held for 3 s, not before', async () => {
    const { wrapper, api } = await app();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const corner = wrapper.find('[data-test="staff-corner"]');
    await corner.trigger('pointerdown');
    vi.advanceTimersByTime(2_900);
    await corner.trigger('pointerup');
    vi.advanceTimersByTime(1_000);
    await nextTick();
    expect(wrapper.find('[data-test="view-staff-pin"]').exists()).toBe(false);
    await corner.trigger('pointerdown');
    vi.advanceTimersByTime(3_000);
    await nextTick();
    expect(wrapper.find('[data-test="view-staff-pin"]').exists()).toBe(true);
    vi.useRealTimers();
    for (const k of api.staffPin) await wrapper.find(`[data-test="key-${k}"]`).trigger('click');
    expect(wrapper.find('[data-test="keypad-display"]').text()).toBe('••••');
    await wrapper.find('[data-test="staff-login"]').trigger('click');
    await new Promise((r) => setTimeout(r, 0));
    await nextTick();
    expect(wrapper.find('[data-test="view-staff"]').exists()).toBe(true);
    expect(wrapper.find('[data-test="staff-device-printer"]').exists()).toBe(true);
    await wrapper.find('[data-test="staff-test-print"]').trigger('click');
    await new Promise((r) => setTimeout(r, 0));
    expect(api.callCount('testPrint')).toBe(1);
  });
});
