/** Mounts a filing-machine component as mountKiosk does, on a terminal whose role is `filing`, with the filing messages merged. */
import type { Component } from 'vue';
import { nextTick } from 'vue';
import { installFilingMessages } from '../filing/i18n/index.ts';
import { FakeKioskApi, flush, info } from './fake-kiosk-api.ts';
import { mountKiosk } from './mount.ts';

export async function mountFiling(component: Component, options: { api?: FakeKioskApi; connected?: boolean } = {}) {
  const api = options.api ?? new FakeKioskApi();
  api.infoValue = info({ role: 'filing', terminalName: '一楼自助申报机 1' });
  const m = await mountKiosk(component, { ...options, api, i18n: (i18n) => installFilingMessages(i18n.global) });
  await flush();
  await nextTick();
  return m;
}
