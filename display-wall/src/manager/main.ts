import { useClockStore } from '../shared/clock-store.ts';
import { connectHall } from '../shared/link.ts';
import { startPage } from '../shared/page.ts';
import { pageLocale } from '../shared/params.ts';
import { MANAGER_TOKEN_KEY } from '../shared/token.ts';
import { createBeeper } from './alarm-sound.ts';
import { reportFiles } from './api.ts';
import App from './App.vue';
import { useManagerStore } from './manager-store.ts';
import { useReportsStore } from './reports-store.ts';

/** Figures the socket does not push are fetched again this often. */
const FORECAST_EVERY_MS = 5 * 60_000;
const STATS_EVERY_MS = 30_000;

const lang = pageLocale(new URLSearchParams(location.search));
const { app, pinia, token, api, hall, services } = startPage(App, {}, { tokenKey: MANAGER_TOKEN_KEY, lang });
useClockStore(pinia).start();
const manager = useManagerStore(pinia);
manager.use(api);
manager.useBeeper(createBeeper());
useReportsStore(pinia).use(reportFiles(token));
const { link } = connectHall('/manager', token);
hall.attach(link);
manager.attach(link);
link.on('queue:snapshot', (s) => services.ensure(s.services.map((x) => x.code)));
void services.load();
// A hall without `manager:live` is polled for `/stats`; the forecast and the audit log follow slowly either way.
setInterval(() => void (manager.liveAvailable === false ? manager.loadLive() : undefined), STATS_EVERY_MS);
setInterval(() => void Promise.all([manager.loadForecast(), manager.loadAudit()]), FORECAST_EVERY_MS);
// For the end-to-end test: how many alarm tones actually played.
(window as unknown as { __manager: unknown }).__manager = {
  beeps: () => manager.beeps,
  sound: () => manager.sound,
  alarms: () => manager.alarms.map((a) => a.key),
};
app.mount('#app');
