import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { connectKiosk } from './api.ts';
import Root from './Root.vue';
import { createKioskI18n } from './i18n/index.ts';
import { setKioskApi } from './kiosk.ts';
import './styles.css';
import { bindKiosk } from './wiring.ts';

const connection = connectKiosk(window as unknown as Parameters<typeof connectKiosk>[0]);
setKioskApi(connection.api);

const app = createApp(Root);
const pinia = createPinia();
app.use(pinia);
app.use(createKioskI18n());
bindKiosk(connection.api, connection.link);
app.mount('#app');
