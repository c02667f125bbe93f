// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import App from '../App.vue';
import { useSessionStore } from '../stores/session.ts';
import { maskedCard } from '../testing/fake-kiosk-api.ts';
import { mountKiosk, settle } from '../testing/mount.ts';

/** A visitor with a card at the confirmation for 户口迁入登记 (a service with a green channel). */
async function atConfirm() {
  const m = await mountKiosk(App);
  m.api.emit('card', maskedCard());
  useSessionStore().chooseService('HJ-001');
  await nextTick();
  return m;
}

type Page = Awaited<ReturnType<typeof atConfirm>>['wrapper'];

async function press(wrapper: Page, keys: string) {
  for (const k of keys) await wrapper.find(`[data-test="key-${k}"]`).trigger('click');
}

/** Staff asked for: the clerk on duty types staff number 1001 and `pin` on the keypad, and confirms. */
async function staffConfirms(wrapper: Page, pin: string) {
  await wrapper.find('[data-test="green-ask-staff"]').trigger('click');
  await press(wrapper, '1001');
  await wrapper.find('[data-test="green-pin"]').trigger('focus');
  await press(wrapper, pin);
  await wrapper.find('form').trigger('submit');
  await settle();
}

describe('the staff step of the green channel', () => {
  it('takes a staff member’s number and masked PIN, and back at the confirmation names who vouched; the ticket goes out with the green channel', async () => {
    const { wrapper, api } = await atConfirm();
    await wrapper.find('[data-test="green-ask-staff"]').trigger('click');
    expect(wrapper.find('[data-test="view-green-staff"]').exists()).toBe(true);
    await wrapper.find('[data-test="green-kind-military"]').trigger('click');
    expect(wrapper.find('[data-test="green-kind-military"]').attributes('aria-checked')).toBe('true');
    await press(wrapper, '1001');
    await wrapper.find('[data-test="green-pin"]').trigger('focus');
    await press(wrapper, '2468');
    expect(wrapper.find('[data-test="keypad-display"]').text()).toBe('••••');
    expect(wrapper.text()).not.toContain('2468');
    await wrapper.find('form').trigger('submit');
    await settle();
    expect(api.calls.grantStaff).toEqual([['1001', '2468']]);
    expect(wrapper.find('[data-test="view-confirm"]').exists()).toBe(true);
    expect(wrapper.find('[data-test="green-vouched"]').text()).toBe('军人绿色通道已由工作人员 王晓梅（工号 1001）确认，优先叫号');
    await wrapper.find('[data-test="confirm"]').trigger('click');
    await settle();
    expect(api.calls.issueTicket).toEqual([[{ serviceCode: 'HJ-001', withCard: true, greenChannel: 'military' }]]);
  });

  it('says a wrong staff number or PIN in the hall’s words, clears the PIN and stays for another try', async () => {
    const { wrapper, api } = await atConfirm();
    await staffConfirms(wrapper, '1111');
    expect(api.calls.grantStaff).toEqual([['1001', '1111']]);
    expect(wrapper.find('[data-test="error"]').text()).toBe('工号或密码错误。');
    expect(wrapper.find('[data-test="view-green-staff"]').exists()).toBe(true);
    expect((wrapper.find('[data-test="green-pin"]').element as HTMLInputElement).value).toBe('');
    expect((wrapper.find('[data-test="green-staff-no"]').element as HTMLInputElement).value).toBe('1001');
  });

  it('says how many minutes a staff number the hall locked must wait', async () => {
    const { wrapper, api } = await atConfirm();
    api.nextGrantRefusal = { code: 'STAFF_LOCKED', details: { hallCode: 'STAFF_LOCKED', retryAfterS: 290 } };
    await staffConfirms(wrapper, '2468');
    expect(wrapper.find('[data-test="error"]').text()).toBe('密码错误次数过多，已锁定，请 5 分钟后再试');
  });

  it('offline, says the green channel cannot be confirmed now and the visitor can still take an ordinary ticket', async () => {
    const { wrapper, api } = await atConfirm();
    api.emit('hall', { online: false, since: 'x', pendingOffline: 0 });
    await wrapper.find('[data-test="green-ask-staff"]').trigger('click');
    expect(wrapper.find('[data-test="green-offline"]').text()).toBe('暂时无法连接大厅服务器，绿色通道现在无法确认。您仍可返回取普通号');
    expect(wrapper.find('[data-test="green-pin"]').exists()).toBe(false);
    await wrapper.find('[data-test="back"]').trigger('click');
    await wrapper.find('[data-test="confirm"]').trigger('click');
    await settle();
    expect(api.calls.grantStaff).toBeUndefined();
    expect(api.calls.issueTicket).toEqual([[{ serviceCode: 'HJ-001', withCard: true }]]);
  });
});
