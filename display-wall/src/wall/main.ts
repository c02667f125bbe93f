import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { pageClient } from '../shared/api.ts';
import { useClockStore } from '../shared/clock-store.ts';
import { useHallStore } from '../shared/hall-store.ts';
import { createDisplayI18n } from '../shared/i18n/index.ts';
import { connectHall } from '../shared/link.ts';
import { wallOptions } from '../shared/params.ts';
import { useServicesStore } from '../shared/services-store.ts';
import { DISPLAY_TOKEN_KEY, takeToken } from '../shared/token.ts';
import App from './App.vue';
import { useAnnouncerStore } from './stores/announcer.ts';
import { useNoticesStore } from './stores/notices.ts';
import { chooseVoiceEngine } from './voice/choose.ts';
import './wall.css';

const token = takeToken(window, DISPLAY_TOKEN_KEY);
const options = wallOptions(new URLSearchParams(location.search));
document.documentElement.lang = options.lang;

const pinia = createPinia();
const app = createApp(App, { layout: options.layout, hasToken: token !== undefined });
app.use(pinia);
app.use(createDisplayI18n(options.lang));

const hall = useHallStore(pinia);
const services = useServicesStore(pinia);
const announcer = useAnnouncerStore(pinia);
const notices = useNoticesStore(pinia);

services.use(pageClient(token));
notices.set(options.notices);
if (!options.notices.length) void notices.loadFile(`${import.meta.env.BASE_URL}notices.json`);
announcer.configure({ repeat: options.repeat, english: options.english });
useClockStore(pinia).start();

const { link } = connectHall('/display', token);
hall.attach(link);
hall.onCall((call) => announcer.announce(call));
link.on('queue:snapshot', (s) => services.ensure(s.services.map((x) => x.code)));
void services.load();

// Tests and technicians read what the wall said, segment by segment.
(window as unknown as { __announcer: unknown }).__announcer = {
  log: () => announcer.log.map((a) => ({ number: a.number, windowNo: a.windowNo, recall: a.recall, segments: [...a.segments], state: a.state })),
  blocked: () => announcer.blocked,
  engine: () => announcer.engine?.name,
};

void chooseVoiceEngine(options.voice, `${import.meta.env.BASE_URL}voice/zh-CN/`).then(async (engine) => {
  if (engine) await engine.unlock();
  announcer.useEngine(engine);
});
// Where the browser blocks autoplay, the first touch or key press anywhere turns sound on.
const unlockOnGesture = () => {
  void announcer.unlock().then((ok) => {
    if (!ok) return;
    for (const e of ['pointerdown', 'keydown', 'touchstart'] as const) window.removeEventListener(e, unlockOnGesture);
  });
};
for (const e of ['pointerdown', 'keydown', 'touchstart'] as const) window.addEventListener(e, unlockOnGesture);

app.mount('#app');
