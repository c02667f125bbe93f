/**
 * What every page does first: take its token from the address, speak the
 * language it was asked for, start Vue with Pinia and the pages' words, and
 * reach the hall with its client. The page then wires its own stores.
 */
import { createPinia } from 'pinia';
import { createApp, type Component } from 'vue';
import { pageClient } from './api.ts';
import { useHallStore } from './hall-store.ts';
import { createDisplayI18n, type DisplayLocale } from './i18n/index.ts';
import { useServicesStore } from './services-store.ts';
import { takeToken } from './token.ts';

export function startPage(root: Component, props: Record<string, unknown>, page: { tokenKey: string; lang: DisplayLocale }) {
  const token = takeToken(window, page.tokenKey);
  document.documentElement.lang = page.lang;
  const pinia = createPinia();
  const app = createApp(root, { ...props, hasToken: token !== undefined });
  app.use(pinia);
  app.use(createDisplayI18n(page.lang));
  const api = pageClient(token);
  const services = useServicesStore(pinia);
  services.use(api);
  return { app, pinia, token, api, hall: useHallStore(pinia), services };
}
