import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { HallLink, KioskInfo } from '../../shared/kiosk-api.ts';

/** The terminal, the hall's policy and whether the hall and the device service are reachable. */
export const useHallStore = defineStore('hall', () => {
  const info = ref<KioskInfo | null>(null);
  const link = ref<HallLink | null>(null);
  /** The device service (agent or Electron main) answers. */
  const agentConnected = ref(false);

  const online = computed(() => link.value?.online ?? true);
  const pendingOffline = computed(() => link.value?.pendingOffline ?? 0);
  const anonymousAllowed = computed(() => info.value?.policy.anonymousTickets ?? false);
  const greenChannelAge = computed(() => info.value?.policy.greenChannelAge ?? 0);

  function setInfo(next: KioskInfo) {
    info.value = next;
  }
  function setLink(next: HallLink) {
    link.value = next;
  }
  function setAgentConnected(connected: boolean) {
    agentConnected.value = connected;
  }

  return { info, link, agentConnected, online, pendingOffline, anonymousAllowed, greenChannelAge, setInfo, setLink, setAgentConnected };
});
