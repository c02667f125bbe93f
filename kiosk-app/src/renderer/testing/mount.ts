/**
 * Mounts a kiosk component with a testing Pinia (real actions), the kiosk's
 * i18n and a fake KioskApi behind the stores. The component goes away with
 * the test, and so does the role the page remembered.
 */
import { createTestingPinia } from '@pinia/testing';
import { mount } from '@vue/test-utils';
import { onTestFinished, vi } from 'vitest';
import { nextTick, type Component } from 'vue';
import { createKioskI18n } from '../i18n/index.ts';
import { setKioskApi } from '../kiosk.ts';
import { bindKiosk } from '../wiring.ts';
import { FakeKioskApi, FakeLink, flush } from './fake-kiosk-api.ts';

type KioskI18n = ReturnType<typeof createKioskI18n>;

export async function mountKiosk(
  component: Component,
  options: { api?: FakeKioskApi; connected?: boolean; keyMissing?: boolean; i18n?: (i18n: KioskI18n) => void } = {},
) {
  const api = options.api ?? new FakeKioskApi();
  const link = new FakeLink(options.connected ?? true);
  link.keyMissing = options.keyMissing ?? false;
  const pinia = createTestingPinia({ stubActions: false, createSpy: vi.fn });
  const i18n = createKioskI18n();
  options.i18n?.(i18n);
  setKioskApi(api);
  bindKiosk(api, link);
  await flush();
  const wrapper = mount(component, { global: { plugins: [pinia, i18n] }, attachTo: document.body });
  onTestFinished(() => {
    wrapper.unmount();
    localStorage.clear();
  });
  return { wrapper, api, link, i18n };
}

/** Lets the fake's answers and Vue's re-render land. */
export async function settle() {
  await flush();
  await nextTick();
  await flush();
  await nextTick();
}
