// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { defineComponent, h, nextTick, ref } from 'vue';
import { installFilingMessages } from '../filing/i18n/index.ts';
import { createKioskI18n } from '../i18n/index.ts';
import { flush } from '../testing/fake-kiosk-api.ts';
import type { KeyboardMode } from './layouts.ts';
import OnScreenKeyboard from './OnScreenKeyboard.vue';
import { loadPinyinTable } from './pinyin.ts';

let unmount: (() => void) | null = null;
afterEach(() => unmount?.());

/** The keyboard bound to a field's value, as the form binds it. */
async function keyboard(props: { mode?: KeyboardMode; maxLength?: number; value?: string } = {}) {
  const value = ref(props.value ?? '');
  const done = ref(0);
  const Host = defineComponent(
    () => () =>
      h(OnScreenKeyboard, {
        modelValue: value.value,
        'onUpdate:modelValue': (v: string) => (value.value = v),
        onDone: () => done.value++,
        ...(props.mode ? { mode: props.mode } : {}),
        ...(props.maxLength ? { maxLength: props.maxLength } : {}),
      }),
  );
  const i18n = createKioskI18n();
  installFilingMessages(i18n.global);
  // The keyboard loads the table itself; loading it here first makes its import answer at once.
  await loadPinyinTable();
  const wrapper = mount(Host, { global: { plugins: [i18n] }, attachTo: document.body });
  unmount = () => wrapper.unmount();
  // The pinyin table loads on demand.
  await flush();
  await flush();
  await nextTick();
  const press = async (...ids: string[]) => {
    for (const id of ids) await wrapper.find(`[data-test="kb-${id}"]`).trigger('click');
  };
  const type = (letters: string) => press(...[...letters].map((ch) => `key-${ch}`));
  const candidates = () => wrapper.findAll('[data-test^="kb-cand-"]').map((c) => c.text());
  /** Taps the character on the candidate row, paging forward until it shows. */
  const pick = async (ch: string) => {
    for (let page = 0; page < 20; page++) {
      const i = candidates().indexOf(ch);
      if (i >= 0) return press(`cand-${i}`);
      await press('next');
    }
    throw new Error(`${ch} is not among the candidates`);
  };
  return { wrapper, value, done, press, type, candidates, pick };
}

describe('the on-screen keyboard', () => {
  it('types Chinese by pinyin: letters compose, a candidate goes into the field', async () => {
    const kb = await keyboard();
    await kb.type('zhang');
    expect(kb.wrapper.find('[data-test="kb-composing"]').text()).toBe('zhang');
    expect(kb.candidates()[0]).toBe('张');
    expect(kb.value.value).toBe('');
    await kb.press('cand-0');
    expect(kb.value.value).toBe('张');
    expect(kb.candidates()).toEqual([]);
  });

  it('leaves the rest of a run of syllables to pick from next: wangming → 王, then ming', async () => {
    const kb = await keyboard();
    await kb.type('wangming');
    await kb.press('cand-0');
    expect(kb.value.value).toBe('王');
    expect(kb.wrapper.find('[data-test="kb-composing"]').text()).toBe('ming');
    await kb.press('cand-0');
    expect(kb.value.value).toBe('王明');
  });

  it('shows address characters on the first page of their syllable: 路 under lu, 号 under hao', async () => {
    const kb = await keyboard();
    await kb.type('lu');
    expect(kb.candidates()).toContain('路');
    await kb.press('clear');
    await kb.type('hao');
    expect(kb.candidates()).toContain('号');
  });

  it('pages through a long row of candidates', async () => {
    const kb = await keyboard();
    await kb.type('shi');
    const first = kb.candidates();
    expect(first).toHaveLength(8);
    expect(kb.wrapper.find('[data-test="kb-prev"]').attributes('disabled')).toBeDefined();
    await kb.press('next');
    const second = kb.candidates();
    expect(second).toHaveLength(8);
    expect(second.some((c) => first.includes(c))).toBe(false);
    await kb.press('prev');
    expect(kb.candidates()).toEqual(first);
  });

  it('says so when the letters spell no syllable', async () => {
    const kb = await keyboard();
    await kb.type('v');
    expect(kb.wrapper.find('[data-test="kb-no-candidates"]').exists()).toBe(true);
  });

  it('erases a composing letter first, then the last character of the field', async () => {
    const kb = await keyboard({ value: '杭州' });
    await kb.type('xi');
    await kb.press('erase');
    expect(kb.wrapper.find('[data-test="kb-composing"]').text()).toBe('x');
    await kb.press('erase', 'erase');
    expect(kb.value.value).toBe('杭');
  });

  it('keeps digits and address marks in Chinese mode: 文三路90号2-301', async () => {
    const kb = await keyboard();
    for (const [syllable, ch] of [
      ['wen', '文'],
      ['san', '三'],
      ['lu', '路'],
    ] as const) {
      await kb.type(syllable);
      await kb.pick(ch);
    }
    await kb.press('key-9', 'key-0');
    await kb.type('hao');
    await kb.pick('号');
    await kb.press('key-2', 'key-dash', 'key-3', 'key-0', 'key-1');
    expect(kb.value.value).toBe('文三路90号2-301');
  });

  it('types Latin letters, in capitals after Caps', async () => {
    const kb = await keyboard({ mode: 'latin' });
    await kb.type('li');
    await kb.press('key-at');
    await kb.press('shift');
    await kb.type('hz');
    expect(kb.value.value).toBe('li@HZ');
    expect(kb.wrapper.find('[data-test="kb-candidates"]').exists()).toBe(false);
  });

  it('offers X and - on the digit pad, for ID numbers and dates', async () => {
    const kb = await keyboard({ mode: 'digits' });
    await kb.press('key-1', 'key-x', 'key-dash');
    expect(kb.value.value).toBe('1X-');
    expect(kb.wrapper.find('[data-test="kb-key-a"]').exists()).toBe(false);
  });

  it('switches between Chinese, Latin and digits, dropping what was being composed', async () => {
    const kb = await keyboard();
    await kb.type('zh');
    await kb.press('mode-digits');
    expect(kb.wrapper.find('[data-test="keyboard"]').attributes('data-mode')).toBe('digits');
    await kb.press('mode-hanzi');
    expect(kb.wrapper.find('[data-test="kb-composing"]').text()).not.toBe('zh');
  });

  it('stops at the field’s length limit', async () => {
    const kb = await keyboard({ mode: 'digits', maxLength: 3 });
    await kb.press('key-1', 'key-2', 'key-3', 'key-4');
    expect(kb.value.value).toBe('123');
  });

  it('clears the field, and says when the visitor is done', async () => {
    const kb = await keyboard({ value: '12', mode: 'digits' });
    await kb.press('clear');
    expect(kb.value.value).toBe('');
    await kb.press('done');
    expect(kb.done.value).toBe(1);
  });
});
