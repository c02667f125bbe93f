/**
 * The phone page at `/shortest/`: public, no token. The service picked is
 * kept in the address (`?service=CODE`), so the page can be shared or put on
 * a QR code for one service. Refreshes every 30 s while shown, and when the
 * phone comes back to it.
 */
import { createPinia } from 'pinia';
import { createApp, watch } from 'vue';
import { createCityClient } from '../../src/api/client.ts';
import { createPageI18n } from '../shared/i18n.ts';
import { pageLocale } from '../shared/locale.ts';
import App from './App.vue';
import { en, zhCN } from './messages.ts';
import { REFRESH_EVERY_MS, useShortestStore } from './shortest-store.ts';

const search = new URLSearchParams(location.search);
const lang = pageLocale(search, navigator.languages);
document.documentElement.lang = lang;
const pinia = createPinia();
const app = createApp(App);
app.use(pinia);
app.use(createPageI18n(zhCN, en, lang));
const store = useShortestStore(pinia);
store.use(createCityClient({ baseUrl: '' }));

watch(
  () => store.serviceCode,
  (code) => {
    const url = new URL(location.href);
    if (code) url.searchParams.set('service', code);
    else url.searchParams.delete('service');
    history.replaceState(history.state, '', url.pathname + url.search);
  },
);
void store.loadServices();
const given = search.get('service');
if (given) void store.pick(given);

setInterval(() => {
  if (document.visibilityState === 'visible') void store.refresh();
}, REFRESH_EVERY_MS);
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') void store.refresh();
});
window.addEventListener('focus', () => void store.refresh());
app.mount('#app');
