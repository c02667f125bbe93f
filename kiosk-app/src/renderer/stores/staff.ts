import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import { kioskApi } from '../kiosk.ts';
import { refusalOf, type Refusal } from '../refusal.ts';
import { useTypedCode } from '../visitor/typed-code.ts';
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
  const pin = useTypedCode({ max: MAX_PIN });
  const pinWrong = ref(false);
  // Typing again takes back the word that the last PIN was wrong; at once, so the pad never shows both.
  watch(
    () => pin.text,
    (text) => {
      if (text) pinWrong.value = false;
    },
    { flush: 'sync' },
  );
  /** The host locked staff sign-in after too many wrong PINs (STAFF_LOCKED, with the wait it gave). */
  const locked = ref<Refusal | null>(null);
  const busy = ref(false);
  const notice = ref<StaffNotice>(null);
  const failure = ref<Refusal | null>(null);

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
    if (!pin.text) return;
    const entered = pin.text;
    pin.clear();
    locked.value = null;
    await run(async () => {
      let ok: boolean;
      try {
        ok = await kioskApi().staffLogin(entered);
      } catch (err) {
        // A lock has its own line on the PIN pad, with its wait; any other refusal is a failure.
        const refusal = refusalOf(err);
        if (refusal.code !== 'STAFF_LOCKED') throw err;
        locked.value = refusal;
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
    pinWrong.value = false;
    locked.value = null;
    pin.clear();
    busy.value = false;
    notice.value = null;
    failure.value = null;
  }

  return {
    pin,
    pinWrong,
    locked,
    busy,
    notice,
    failure,
    submitPin,
    reprint,
    testPrint,
    exitKiosk,
    reset,
  };
});
