/**
 * Connects a KioskApi to the stores: its events feed them, and every time
 * the device service (re)connects the stores are loaded afresh.
 */
import type { KioskApi } from '../shared/kiosk-api.ts';
import type { AgentLink } from './api.ts';
import { useCounterStore } from './stores/counter.ts';
import { useDeviceStore } from './stores/device.ts';
import { useHallStore } from './stores/hall.ts';
import { useServicesStore } from './stores/services.ts';
import { useSessionStore } from './stores/session.ts';

export type BindOptions = { retryMs?: number; schedule?: (fn: () => void, ms: number) => unknown };

export function bindKiosk(api: KioskApi, link: AgentLink, options: BindOptions = {}): () => void {
  const hall = useHallStore();
  const device = useDeviceStore();
  const services = useServicesStore();
  const session = useSessionStore();
  const counter = useCounterStore();
  const retryMs = options.retryMs ?? 3_000;
  const schedule = options.schedule ?? ((fn, ms) => setTimeout(fn, ms));

  const offs = [
    // The filing machine's app binds these itself (filing/wiring.ts): it loads on demand.
    api.on('card', (card) => hall.role !== 'filing' && session.onCard(card)),
    api.on('card:error', (body) => hall.role !== 'filing' && session.onCardError(body)),
    api.on('scan', (scan) => hall.role !== 'filing' && session.onScan(scan)),
    api.on('devices', (list) => device.setDevices(list)),
    api.on('hall', (l) => hall.setLink(l)),
    api.on('services', (list) => services.setServices(list)),
    api.on('counter', (state) => counter.apply(state)),
    api.on('counter:action', (event) => counter.onAction(event)),
  ];

  let generation = 0;
  const load = async (gen: number) => {
    try {
      const [info, list, devices, hallLink] = await Promise.all([api.info(), api.services(), api.devices(), api.hall()]);
      if (gen !== generation) return;
      hall.setInfo(info);
      services.setServices(list);
      device.setDevices(devices);
      hall.setLink(hallLink);
      if (info.role === 'counter') await counter.load();
    } catch {
      if (gen === generation && link.connected) schedule(() => void (gen === generation && load(gen)), retryMs);
    }
  };

  const onLink = (connected: boolean) => {
    generation++;
    hall.setAgentConnected(connected);
    if (connected) void load(generation);
    else device.clear();
  };
  hall.setAgentKeyMissing(link.keyMissing);
  offs.push(link.onChange(onLink));
  onLink(link.connected);

  return () => {
    generation++;
    for (const off of offs) off();
  };
}
