import { computed, reactive, ref } from 'vue';

/**
 * A code the visitor types on the on-screen keypad, or into its field from a
 * keyboard: an appointment code or a ticket number, a credit code, a tracking
 * code. Each symbol goes through `accept`, which may change it or drop it
 * (''); no more than `max` are kept. `show` is how the screen writes it.
 */
export function useTypedCode(options: { max: number; accept?: (symbol: string) => string; show?: (text: string) => string }) {
  const { max, accept = (symbol) => symbol, show = (text) => text } = options;
  const text = ref('');
  const shown = computed(() => show(text.value));

  function type(keys: string) {
    for (const key of keys) {
      const symbol = accept(key);
      if (symbol && text.value.length < max) text.value += symbol;
    }
  }
  /** What was typed into the field itself replaces what was there. */
  function set(keys: string) {
    text.value = '';
    type(keys);
  }
  function erase() {
    text.value = text.value.slice(0, -1);
  }
  function clear() {
    text.value = '';
  }

  return reactive({ text, shown, type, set, erase, clear });
}

export type TypedCode = ReturnType<typeof useTypedCode>;
