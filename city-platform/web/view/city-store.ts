/**
 * The city as the operations centre sees it: every hall's overview, kept
 * current from the live link (a snapshot, then `hall:updated`), the hall an
 * operator drilled into with its detail, and the bad ratings to follow up.
 * Network stays out of the components: they render this and call its actions.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { CityClient } from '../../src/api/client.ts';
import type { HallDetail, HallOverview, RatingRow } from '../../src/ports.ts';
import type { CityLink } from './link.ts';

/** Bad ratings are fetched again this often (they are not pushed). */
export const RATINGS_EVERY_MS = 60_000;
export const RATINGS_SHOWN = 30;

const codeOf = (err: unknown) => (err as { code?: string }).code ?? 'UNREACHABLE';

export const useCityStore = defineStore('city', () => {
  const halls = ref<HallOverview[]>([]);
  const online = ref(false);
  /** The platform refused the token: its code. */
  const refusal = ref<string | undefined>(undefined);
  const selectedId = ref<string | undefined>(undefined);
  const detail = shallowRef<HallDetail | undefined>(undefined);
  const detailError = ref<string | undefined>(undefined);
  const ratings = ref<RatingRow[]>([]);
  const ratingsError = ref<string | undefined>(undefined);
  let client: CityClient | undefined;

  const byId = computed(() => new Map(halls.value.map((h) => [h.hallId, h])));
  const selected = computed(() => (selectedId.value ? byId.value.get(selectedId.value) : undefined));
  const totals = computed(() => {
    const sum = (pick: (h: HallOverview) => number) => halls.value.reduce((n, h) => n + pick(h), 0);
    return {
      halls: halls.value.length,
      online: halls.value.filter((h) => h.online).length,
      waiting: sum((h) => h.waiting),
      issued: sum((h) => h.issuedToday),
      served: sum((h) => h.servedToday),
      breach: halls.value.filter((h) => h.slaState === 'breach').length,
      alarms: sum((h) => h.deviceAlarms),
    };
  });

  function use(c: CityClient): void {
    client = c;
  }

  function attach(link: CityLink): void {
    link.onConnection((state) => {
      online.value = state.online;
      if (state.online) refusal.value = undefined;
      else if (state.refusal) refusal.value = state.refusal;
    });
    link.on('city:snapshot', ({ halls: all }) => {
      halls.value = all;
      void loadRatings();
      if (selectedId.value) void loadDetail(selectedId.value);
    });
    link.on('hall:updated', ({ hall }) => {
      const at = halls.value.findIndex((h) => h.hallId === hall.hallId);
      if (at >= 0) halls.value.splice(at, 1, hall);
      else halls.value.push(hall);
      // The drill-down follows its hall: services and curves change with the figures.
      if (selectedId.value === hall.hallId) void loadDetail(hall.hallId);
    });
  }

  async function loadDetail(hallId: string): Promise<void> {
    if (!client) return;
    try {
      const answer = await client.call('getHall', { params: { hallId } });
      // An operator who clicked another hall meanwhile sees that one, not this late answer.
      if (selectedId.value !== hallId) return;
      detail.value = answer;
      detailError.value = undefined;
    } catch (err) {
      if (selectedId.value === hallId) detailError.value = codeOf(err);
    }
  }

  function select(hallId: string | undefined): void {
    if (selectedId.value === hallId) return;
    selectedId.value = hallId;
    detail.value = undefined;
    detailError.value = undefined;
    if (hallId) void loadDetail(hallId);
  }

  async function loadRatings(): Promise<void> {
    if (!client) return;
    try {
      ratings.value = (await client.call('listBadRatings', { query: { limit: RATINGS_SHOWN } })).ratings;
      ratingsError.value = undefined;
    } catch (err) {
      ratingsError.value = codeOf(err);
    }
  }

  return { halls, online, refusal, selectedId, selected, detail, detailError, ratings, ratingsError, byId, totals, use, attach, select, loadRatings };
});
