import { defineStore } from 'pinia';
import { ref } from 'vue';
import { kioskApi } from '../kiosk.ts';
import { refusalOf, type Refusal } from '../refusal.ts';
import { useSessionStore } from './session.ts';

const MAX_PIN = 12;

export type StaffNotice = { key: 'staff.ok' | 'staff.reprinted'; number?: string } | null;

/**
 * The device-maintenance PIN pad and panel (the terminal's own PIN, works
 * offline): reprint after a jam, test print, exit kiosk mode. The green
 * channel is not here: a staff member vouches for it with their own staff
 * number and PIN, checked by the hall (green-channel.ts).
 */
export const useStaffStore = defineStore('staff', () => {
  const pin = ref('');
  const pinWrong = ref(false);
  /** The host locked staff sign-in after too many wrong PINs: whole minutes until it may be tried again. */
  const lockedMinutes = ref<number | null>(null);
  const busy = ref(false);
  const notice = ref<StaffNotice>(null);
  const failure = ref<Refusal | null>(null);

  function typePin(key: string) {
    if (pin.value.length < MAX_PIN) pin.value += key;
    pinWrong.value = false;
  }
  function erasePin() {
    pin.value = pin.value.slice(0, -1);
  }
  function clearPin() {
    pin.value = '';
  }

  async function run(action: () => Promise<StaffNotice>) {
    if (busy.value) return;
    busy.value = true;
    notice.value = null;
    failure.value = null;
    try {
      notice.value = await action();
    } catch (err) {
      failure.value = refusalOf(err);
    } finally {
      busy.value = false;
    }
  }

  /** `onSignedIn` moves the running flow on to the staff panel (the ticket kiosk's by default). */
  async function submitPin(onSignedIn: () => void = () => useSessionStore().staffSignedIn()) {
    if (!pin.value) return;
    const entered = pin.value;
    pin.value = '';
    lockedMinutes.value = null;
    await run(async () => {
      let ok: boolean;
      try {
        ok = await kioskApi().staffLogin(entered);
      } catch (err) {
        // The lock is worded by the screen, with the wait the host gave (its own words do not say how long).
        const refusal = err as { code?: unknown; details?: { retryAfterS?: unknown } };
        if (refusal?.code !== 'STAFF_LOCKED') throw err;
        const seconds = typeof refusal.details?.retryAfterS === 'number' ? refusal.details.retryAfterS : 60;
        lockedMinutes.value = Math.max(1, Math.ceil(seconds / 60));
        return null;
      }
      if (ok) onSignedIn();
      else pinWrong.value = true;
      return null;
    });
  }

  const reprint = () => run(async () => ({ key: 'staff.reprinted', number: (await kioskApi().reprintLast()).ticket.number }));
  const testPrint = () => run(async () => (await kioskApi().testPrint(), { key: 'staff.ok' }));
  const exitKiosk = () => run(async () => (await kioskApi().exitKiosk(), { key: 'staff.ok' }));

  function reset() {
    pin.value = '';
    pinWrong.value = false;
    lockedMinutes.value = null;
    busy.value = false;
    notice.value = null;
    failure.value = null;
  }

  return {
    pin, pinWrong, lockedMinutes, busy, notice, failure,
    typePin, erasePin, clearPin, submitPin, reprint, testPrint, exitKiosk, reset,
  };
});
