import { useClockStore } from '../shared/clock-store.ts';
import { connectHall } from '../shared/link.ts';
import { startPage } from '../shared/page.ts';
import { wallOptions } from '../shared/params.ts';
import { DISPLAY_TOKEN_KEY } from '../shared/token.ts';
import App from './App.vue';
import { useAnnouncerStore } from './stores/announcer.ts';
import { useNoticesStore } from './stores/notices.ts';
import { chooseVoiceEngine } from './voice/choose.ts';
import '../shared/screen.css';
import './wall.css';

const options = wallOptions(new URLSearchParams(location.search));
const { app, pinia, token, hall, services } = startPage(App, { layout: options.layout }, { tokenKey: DISPLAY_TOKEN_KEY, lang: options.lang });
const announcer = useAnnouncerStore(pinia);
const notices = useNoticesStore(pinia);

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
