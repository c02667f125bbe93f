/**
 * The filing machine's share of the device service's events. FilingApp
 * binds them when it mounts (the filing app loads on demand, so the main
 * wiring leaves cards and scans to it), and reloads the item list — and
 * checks the visitor is still held — whenever the service reconnects.
 */
import { onBeforeUnmount, watch } from 'vue';
import { kioskApi } from '../kiosk.ts';
import { useHallStore } from '../stores/hall.ts';
import { useFilingItemsStore } from './stores/items.ts';
import { useFilingSubmissionStore } from './stores/submission.ts';
import { useFilingVisitStore } from './stores/visit.ts';

export function useFilingWiring() {
  const visit = useFilingVisitStore();
  const items = useFilingItemsStore();
  const submission = useFilingSubmissionStore();
  const hall = useHallStore();
  const api = kioskApi();

  const offs = [
    api.on('card', (card) => void visit.onCard(card)),
    api.on('card:error', (body) => visit.onCardError(body)),
    api.on('scan', (scan) => visit.onScan(scan)),
    api.on('filing:progress', (p) => submission.onProgress(p)),
  ];

  const stop = watch(
    () => hall.agentConnected,
    (connected, before) => {
      if (!connected) return;
      void items.load();
      if (before === false) void visit.recheckVisitor();
    },
    { immediate: true },
  );

  onBeforeUnmount(() => {
    stop();
    for (const off of offs) off();
  });
}
