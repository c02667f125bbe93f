import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { StaffVouch } from '../../shared/kiosk-api.ts';
import { kioskApi } from '../kiosk.ts';
import { refusalOf, type Refusal } from '../refusal.ts';
import { useStaffEntry } from './staff-entry.ts';

export type GreenKind = 'disabled' | 'military';

/**
 * The disabled/military green channel at the ticket kiosk: a staff member
 * checks the visitor's certificate and vouches with their own staff number
 * and PIN, which the hall checks. The device host keeps the hall's grant;
 * this store keeps who vouched, for which kind, for the ticket being taken.
 * Everything here belongs to the current visitor and goes with them.
 */
export const useGreenChannelStore = defineStore('greenChannel', () => {
  const kind = ref<GreenKind>('disabled');
  const busy = ref(false);
  const failure = ref<Refusal | null>(null);
  const { field, staffNo, pin, focus, type, fill, erase, clearField } = useStaffEntry(() => (failure.value = null));
  const vouched = ref<(StaffVouch & { kind: GreenKind }) | null>(null);

  function choose(next: GreenKind) {
    kind.value = next;
  }

  /** Asks the hall through the host; true when the staff member's word was taken. The PIN is cleared either way. */
  async function vouch(): Promise<boolean> {
    if (busy.value || !staffNo.value || !pin.value) return false;
    const entered = { staffNo: staffNo.value.trim(), pin: pin.value };
    pin.value = '';
    busy.value = true;
    failure.value = null;
    try {
      const who = await kioskApi().grantStaff(entered.staffNo, entered.pin);
      vouched.value = { ...who, kind: kind.value };
      staffNo.value = '';
      field.value = 'staffNo';
      return true;
    } catch (err) {
      failure.value = refusalOf(err);
      // A wrong PIN is typed again; the staff number usually stays right.
      field.value = 'pin';
      return false;
    } finally {
      busy.value = false;
    }
  }

  /** The green channel for the ticket being issued now, if a staff member's word for it has not expired. */
  function forTicket(now = Date.now()): GreenKind | undefined {
    const v = vouched.value;
    if (!v) return undefined;
    if (Date.parse(v.expiresAt) <= now) {
      vouched.value = null;
      return undefined;
    }
    return v.kind;
  }

  /** Everything of this visitor's green channel goes: a new visitor, or the ticket was issued. */
  function reset() {
    kind.value = 'disabled';
    staffNo.value = '';
    pin.value = '';
    field.value = 'staffNo';
    busy.value = false;
    failure.value = null;
    vouched.value = null;
  }

  return { kind, staffNo, pin, field, busy, failure, vouched, choose, focus, type, fill, erase, clearField, vouch, forTicket, reset };
});
