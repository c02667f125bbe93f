import { defineStore } from 'pinia';
import { ref } from 'vue';
import { kioskApi } from '../kiosk.ts';
import { refusalOf, useSessionStore, type Refusal } from './session.ts';

const MAX_PIN = 12;

export type StaffNotice = { key: 'staff.ok' | 'staff.reprinted'; number?: string } | null;

/** The staff PIN pad and panel: reprint after a jam, test print, exit kiosk mode. */
export const useStaffStore = defineStore('staff', () => {
  const pin = ref('');
  const pinWrong = ref(false);
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

  async function submitPin() {
    if (!pin.value) return;
    const entered = pin.value;
    pin.value = '';
    await run(async () => {
      const ok = await kioskApi().staffLogin(entered);
      if (ok) useSessionStore().staffSignedIn();
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
    busy.value = false;
    notice.value = null;
    failure.value = null;
  }

  return { pin, pinWrong, busy, notice, failure, typePin, erasePin, clearPin, submitPin, reprint, testPrint, exitKiosk, reset };
});
