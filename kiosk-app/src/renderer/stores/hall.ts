import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { HallLink, KioskInfo, KioskRole } from '../../shared/kiosk-api.ts';

const ROLE_KEY = 'hall.kiosk.role';

/** The role this page last served: a counter whose agent is restarting stays a counter. */
function rememberedRole(): KioskRole | null {
  try {
    const r = globalThis.localStorage?.getItem(ROLE_KEY);
    return r === 'ticket' || r === 'filing' || r === 'counter' ? r : null;
  } catch {
    return null;
  }
}

/** The terminal, the hall's policy and whether the hall and the device service are reachable. */
export const useHallStore = defineStore('hall', () => {
  const info = ref<KioskInfo | null>(null);
  const link = ref<HallLink | null>(null);
  /** The device service (agent or Electron main) answers. */
  const agentConnected = ref(false);
  /** The page has no key for the agent (not opened from the address the agent printed): it will not connect by waiting. */
  const agentKeyMissing = ref(false);
  const lastRole = ref<KioskRole | null>(rememberedRole());
  /** The terminal's role, from the device service (`info().role`); the ticket kiosk until it has said. */
  const role = computed<KioskRole>(() => info.value?.role ?? lastRole.value ?? 'ticket');

  const online = computed(() => link.value?.online ?? true);
  const pendingOffline = computed(() => link.value?.pendingOffline ?? 0);
  const anonymousAllowed = computed(() => info.value?.policy.anonymousTickets ?? false);
  const greenChannelAge = computed(() => info.value?.policy.greenChannelAge ?? 0);

  function setInfo(next: KioskInfo) {
    info.value = next;
    lastRole.value = next.role;
    try {
      globalThis.localStorage?.setItem(ROLE_KEY, next.role);
    } catch {
      // Private mode or no storage: the role is simply asked for again next time.
    }
  }
  function setLink(next: HallLink) {
    link.value = next;
  }
  function setAgentConnected(connected: boolean) {
    agentConnected.value = connected;
  }
  function setAgentKeyMissing(missing: boolean) {
    agentKeyMissing.value = missing;
  }

  return {
    info,
    link,
    agentConnected,
    agentKeyMissing,
    role,
    online,
    pendingOffline,
    anonymousAllowed,
    greenChannelAge,
    setInfo,
    setLink,
    setAgentConnected,
    setAgentKeyMissing,
  };
});
