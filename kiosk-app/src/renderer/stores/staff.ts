import { defineStore } from 'pinia';
import { ref } from 'vue';
import { kioskApi } from '../kiosk.ts';
import { refusalOf, useSessionStore, type Refusal } from './session.ts';

const MAX_PIN = 12;

export type StaffNotice = { key: 'staff.ok' | 'staff.reprinted' | 'staff.greenGranted'; number?: string } | null;

/** How long a green channel granted by staff waits for the next visitor: the agent's staff session. */
export const GREEN_GRANT_MS = 2 * 60_000;
export type GreenGrant = { kind: 'disabled' | 'military'; until: number };

/** The staff PIN pad and panel: reprint after a jam, test print, exit kiosk mode. */
export const useStaffStore = defineStore('staff', () => {
  const pin = ref('');
  const pinWrong = ref(false);
  const busy = ref(false);
  const notice = ref<StaffNotice>(null);
  const failure = ref<Refusal | null>(null);
  /**
   * The green channel a member of staff granted to the next visitor after
   * seeing a disability or military certificate. It survives the return to
   * the attract screen (the visitor has not started yet), is used by the next
   * ticket only, and lapses with the staff session.
   */
  const greenGrant = ref<GreenGrant | null>(null);

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
    await run(async () => {
      const ok = await kioskApi().staffLogin(entered);
      if (ok) onSignedIn();
      else pinWrong.value = true;
      return null;
    });
  }

  const reprint = () => run(async () => ({ key: 'staff.reprinted', number: (await kioskApi().reprintLast()).ticket.number }));
  const testPrint = () => run(async () => (await kioskApi().testPrint(), { key: 'staff.ok' }));
  const exitKiosk = () => run(async () => (await kioskApi().exitKiosk(), { key: 'staff.ok' }));

  function grantGreenChannel(kind: GreenGrant['kind'], now = Date.now()) {
    greenGrant.value = { kind, until: now + GREEN_GRANT_MS };
    notice.value = { key: 'staff.greenGranted' };
  }
  /** The grant for the ticket being issued now, if one is still valid; it is spent either way. */
  function takeGreenGrant(now = Date.now()): GreenGrant['kind'] | undefined {
    const grant = greenGrant.value;
    greenGrant.value = null;
    return grant && grant.until > now ? grant.kind : undefined;
  }

  function reset() {
    pin.value = '';
    pinWrong.value = false;
    busy.value = false;
    notice.value = null;
    failure.value = null;
  }

  return {
    pin, pinWrong, busy, notice, failure, greenGrant,
    typePin, erasePin, clearPin, submitPin, reprint, testPrint, exitKiosk, grantGreenChannel, takeGreenGrant, reset,
  };
});
