/**
 * The city view at `/`: the operator token from the address (kept after),
 * the language from `?lang=`, Vue with Pinia and the page's words, then the
 * live link. Everything after the first snapshot arrives over socket.io; only
 * the drill-down and the bad ratings are fetched.
 */
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { createCityClient } from '../../src/api/client.ts';
import { createPageI18n } from '../shared/i18n.ts';
import { pageLocale } from '../shared/locale.ts';
import { takeToken } from '../shared/token.ts';
import App from './App.vue';
import { RATINGS_EVERY_MS, useCityStore } from './city-store.ts';
import { connectCity } from './link.ts';
import { en, zhCN } from './messages.ts';

const token = takeToken(window);
const lang = pageLocale(new URLSearchParams(location.search));
document.documentElement.lang = lang;
const pinia = createPinia();
const app = createApp(App, { hasToken: token !== undefined });
app.use(pinia);
app.use(createPageI18n(zhCN, en, lang));
const city = useCityStore(pinia);
city.use(createCityClient({ baseUrl: '', token }));
city.attach(connectCity(token));
setInterval(() => void city.loadRatings(), RATINGS_EVERY_MS);
app.mount('#app');
