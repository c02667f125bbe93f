import { connectHall } from '../shared/link.ts';
import { startPage } from '../shared/page.ts';
import { pageLocale, windowNoFromPath } from '../shared/params.ts';
import { DISPLAY_TOKEN_KEY } from '../shared/token.ts';
import App from './App.vue';
import { useRatingStore } from './rating-store.ts';
import '../shared/screen.css';
import './window.css';

const windowNo = windowNoFromPath(location.pathname);
const lang = pageLocale(new URLSearchParams(location.search));
const { app, pinia, token, api, hall, services } = startPage(App, { windowNo }, { tokenKey: DISPLAY_TOKEN_KEY, lang });
const rating = useRatingStore(pinia);
rating.use(api);

if (windowNo !== undefined) {
  const { link } = connectHall('/display', token);
  hall.attach(link);
  hall.onWindow((w, previous) => rating.follow(windowNo, w, previous));
  link.on('queue:snapshot', (s) => services.ensure(s.windows.find((w) => w.no === windowNo)?.services.map((x) => x.code) ?? []));
  void services.load();
}

app.mount('#app');
