/** Mounts the app on a counter terminal as mountKiosk does, once its console is up (it loads for a terminal whose role is counter). */
import { expect, vi } from 'vitest';
import Root from '../Root.vue';
import { FakeKioskApi, info } from './fake-kiosk-api.ts';
import { mountKiosk, settle } from './mount.ts';

export async function mountCounter(prepare: (api: FakeKioskApi) => void = () => {}) {
  const api = new FakeKioskApi();
  api.infoValue = info({ role: 'counter', terminalName: '3号窗口终端' });
  prepare(api);
  const m = await mountKiosk(Root, { api });
  await vi.waitFor(() => expect(m.wrapper.find('[data-test="counter"]').exists()).toBe(true));
  await settle();
  return m;
}
