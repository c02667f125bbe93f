import { ref } from 'vue';

export type StaffField = 'staffNo' | 'pin';

/** What the hall takes (its SignInRequest): typing stops there. */
export const STAFF_ENTRY_MAX: Readonly<Record<StaffField, number>> = { staffNo: 32, pin: 8 };

/** A staff member's staff number and PIN as a store holds them while they are typed. */
export type StaffEntry = {
  readonly field: StaffField;
  readonly staffNo: string;
  readonly pin: string;
  focus(field: StaffField): void;
  type(key: string): void;
  fill(field: StaffField, text: string): void;
  erase(): void;
  clearField(): void;
};

/**
 * A staff member's own staff number and PIN, typed on the keypad into the
 * field in focus (digits only for the PIN), or into a field from a keyboard:
 * how the counter's sign-in and the green channel's vouching take them.
 * `typed` runs after every key (a store clears its last refusal there).
 */
export function useStaffEntry(typed: () => void = () => {}) {
  const field = ref<StaffField>('staffNo');
  const staffNo = ref('');
  const pin = ref('');
  const text = (f: StaffField) => (f === 'pin' ? pin : staffNo);

  function focus(next: StaffField) {
    field.value = next;
  }
  function type(key: string) {
    const into = text(field.value);
    if (into.value.length < STAFF_ENTRY_MAX[field.value] && (field.value === 'staffNo' || /^\d$/.test(key))) into.value += key;
    typed();
  }
  /** What a keyboard typed into a field takes its place. */
  function fill(next: StaffField, typedText: string) {
    field.value = next;
    text(next).value = typedText.slice(0, STAFF_ENTRY_MAX[next]);
    typed();
  }
  function erase() {
    const from = text(field.value);
    from.value = from.value.slice(0, -1);
  }
  function clearField() {
    text(field.value).value = '';
  }

  return { field, staffNo, pin, focus, type, fill, erase, clearField };
}
