import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { pageClient } from '../shared/api.ts';
import { useHallStore } from '../shared/hall-store.ts';
import { createDisplayI18n } from '../shared/i18n/index.ts';
import { connectHall } from '../shared/link.ts';
import { pageLocale, windowNoFromPath } from '../shared/params.ts';
import { useServicesStore } from '../shared/services-store.ts';
import { DISPLAY_TOKEN_KEY, takeToken } from '../shared/token.ts';
import App from './App.vue';
import { useRatingStore } from './rating-store.ts';
import './window.css';

const token = takeToken(window, DISPLAY_TOKEN_KEY);
const windowNo = windowNoFromPath(location.pathname);
const lang = pageLocale(new URLSearchParams(location.search));
document.documentElement.lang = lang;

const pinia = createPinia();
const app = createApp(App, { windowNo, hasToken: token !== undefined });
app.use(pinia);
app.use(createDisplayI18n(lang));

const api = pageClient(token);
const hall = useHallStore(pinia);
const services = useServicesStore(pinia);
const rating = useRatingStore(pinia);
services.use(api);
rating.use(api);

if (windowNo !== undefined) {
  const { link } = connectHall('/display', token);
  hall.attach(link);
  hall.onWindow((w, previous) => rating.follow(windowNo, w, previous));
  link.on('queue:snapshot', (s) => services.ensure(s.windows.find((w) => w.no === windowNo)?.services.map((x) => x.code) ?? []));
  void services.load();
}

app.mount('#app');
