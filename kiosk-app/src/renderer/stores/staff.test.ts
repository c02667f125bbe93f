// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { KioskError } from '../../shared/kiosk-api.ts';
import { createKioskI18n } from '../i18n/index.ts';
import { setKioskApi } from '../kiosk.ts';
import { refusalText } from '../refusal.ts';
import { FakeKioskApi, FakeLink, flush, maskedCard } from '../testing/fake-kiosk-api.ts';
import { bindKiosk } from '../wiring.ts';
import { useSessionStore } from './session.ts';
import { useStaffStore } from './staff.ts';

let api: FakeKioskApi;
beforeEach(async () => {
  setActivePinia(createPinia());
  api = new FakeKioskApi();
  setKioskApi(api);
  bindKiosk(api, new FakeLink(true));
  await flush();
});

describe('staff functions', () => {
  it('open the panel only after the host accepts the PIN', async () => {
    const session = useSessionStore();
    const staff = useStaffStore();
    session.openStaff();
    for (const k of '1111') staff.pin.type(k);
    await staff.submitPin();
    expect(staff.pinWrong).toBe(true);
    expect(session.step).toBe('staff-pin');
    for (const k of '2468') staff.pin.type(k);
    expect(staff.pinWrong).toBe(false);
    await staff.submitPin();
    expect(api.calls.staffLogin).toEqual([['1111'], ['2468']]);
    expect(session.step).toBe('staff');
    expect(staff.pin.text).toBe('');
  });

  it('say the sign-in is locked, and for how many minutes, when the host refuses with STAFF_LOCKED', async () => {
    const staff = useStaffStore();
    api.staffLogin = async () => {
      throw new KioskError({ code: 'STAFF_LOCKED', details: { retryAfterS: 61 } });
    };
    for (const k of '2468') staff.pin.type(k);
    await staff.submitPin();
    expect(staff.locked).toEqual({ code: 'STAFF_LOCKED', details: { retryAfterS: 61 } });
    expect(refusalText(createKioskI18n().global, staff.locked)).toBe('密码错误次数过多，已锁定，请 2 分钟后再试');
    expect(staff.pinWrong).toBe(false);
    expect(staff.failure).toBeNull();
  });

  it('end the visitor’s session when the corner is held mid-flow', () => {
    const session = useSessionStore();
    api.emit('card', maskedCard());
    session.openStaff();
    expect(session.card).toBeNull();
    expect(api.callCount('forgetVisitor')).toBe(1);
  });

  it('reprint the last ticket and say which', async () => {
    const session = useSessionStore();
    const staff = useStaffStore();
    api.emit('card', maskedCard());
    session.chooseService('HJ-001');
    await session.confirm();
    await staff.reprint();
    expect(staff.notice).toEqual({ key: 'staff.reprinted', number: 'A012' });
  });

  it('show the host’s refusal when there is nothing to reprint', async () => {
    const staff = useStaffStore();
    await staff.reprint();
    expect(staff.failure?.code).toBe('NOTHING_TO_REPRINT');
  });

  it('run a test print and exit kiosk mode through the host', async () => {
    const staff = useStaffStore();
    await staff.testPrint();
    await staff.exitKiosk();
    expect(api.callCount('testPrint')).toBe(1);
    expect(api.callCount('exitKiosk')).toBe(1);
  });
});
