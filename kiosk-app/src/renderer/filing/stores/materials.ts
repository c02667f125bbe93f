import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { FilingMaterialChoice, MyMaterial, ServiceGuide, StagedPage } from '../../../shared/kiosk-api.ts';
import { kioskApi } from '../../kiosk.ts';
import { refusalOf, type Refusal } from '../../refusal.ts';
import type { CameraProblem } from '../camera/camera.ts';
import { blobToBase64 } from '../camera/image.ts';

export type GuideMaterial = ServiceGuide['materials'][number];
/** A page the device host holds for this visitor, with the picture the screen shows of it. */
export type PageView = StagedPage & { url: string };

export type MaterialState = {
  pages: PageView[];
  /** The id of one of 我的材料 chosen instead of pages. */
  reuse: string | null;
  /** The page being staged. */
  busy: boolean;
  error: Refusal | null;
};

export type UrlFactory = { create(blob: Blob): string; revoke(url: string): void };
const browserUrls: UrlFactory = { create: (b) => URL.createObjectURL(b), revoke: (u) => URL.revokeObjectURL(u) };

/** Why the visitor cannot go on from the materials yet. */
export type MaterialsBlock = { code: 'MATERIAL_MISSING'; materialId: string } | { code: 'REUSE_CONSENT_REQUIRED' } | { code: 'PAGE_BUSY' };

/**
 * The item's materials as the visitor provides them: pages captured with
 * the document camera (staged in the device host at once, so a bad page is
 * refused on the spot), or a material kept from an earlier filing (我的材料).
 *
 * Consent is explicit and separate: reusing needs the visitor to tick that
 * they agree (REUSE_CONSENT_REQUIRED otherwise), and keeping this filing's
 * materials for next time is a second, optional tick, off by default.
 * The thumbnails are object URLs of the captured pictures, revoked on wipe.
 */
export const useFilingMaterialsStore = defineStore('filing-materials', () => {
  const list = ref<GuideMaterial[]>([]);
  const byId = ref<Record<string, MaterialState>>({});
  const mine = ref<MyMaterial[]>([]);
  const reuseConsent = ref(false);
  const keepForReuse = ref(false);
  /** The material whose pages the camera is capturing now. */
  const capturing = ref<string | null>(null);
  const cameraProblem = ref<CameraProblem | null>(null);
  /** The material the camera was opened for when it failed. */
  const cameraProblemFor = ref<string | null>(null);
  /** A problem the hall found with the materials at submit. */
  const hallRefusal = ref<Refusal | null>(null);
  let urls: UrlFactory = browserUrls;
  /** Bumped by every wipe, so that an answer for the last visitor lands nowhere. */
  let generation = 0;

  const state = (id: string): MaterialState => byId.value[id] ?? { pages: [], reuse: null, busy: false, error: null };
  const reusableFor = (id: string, now = Date.now()) => mine.value.filter((m) => m.materialId === id && Date.parse(m.expiresAt) > now);
  const provided = (id: string) => state(id).pages.length > 0 || state(id).reuse !== null;
  const anyReuse = computed(() => list.value.some((m) => state(m.id).reuse !== null));
  const anyReusable = computed(() => list.value.some((m) => m.reusable));
  const block = computed<MaterialsBlock | null>(() => {
    if (list.value.some((m) => state(m.id).busy)) return { code: 'PAGE_BUSY' };
    const missing = list.value.find((m) => m.required && !provided(m.id));
    if (missing) return { code: 'MATERIAL_MISSING', materialId: missing.id };
    if (anyReuse.value && !reuseConsent.value) return { code: 'REUSE_CONSENT_REQUIRED' };
    return null;
  });

  function patch(id: string, change: Partial<MaterialState>) {
    byId.value = { ...byId.value, [id]: { ...state(id), ...change } };
  }

  /** A new item's materials; 我的材料 are fetched when any of them may be reused. */
  async function load(guide: ServiceGuide) {
    wipe();
    const gen = generation;
    list.value = guide.materials;
    byId.value = Object.fromEntries(guide.materials.map((m) => [m.id, { pages: [], reuse: null, busy: false, error: null }]));
    if (!guide.materials.some((m) => m.reusable)) return;
    try {
      const found = await kioskApi().myMaterials();
      if (gen === generation) mine.value = found;
    } catch {
      // Nothing to reuse then: the visitor captures pages as anyone else would.
    }
  }

  function chooseReuse(materialId: string, myMaterialId: string | null) {
    if (myMaterialId !== null && !reusableFor(materialId).some((m) => m.id === myMaterialId)) return;
    patch(materialId, { reuse: myMaterialId, error: null });
    hallRefusal.value = null;
  }

  function openCamera(materialId: string) {
    cameraProblem.value = null;
    cameraProblemFor.value = null;
    capturing.value = materialId;
  }
  function closeCamera() {
    capturing.value = null;
  }
  /** The camera could not be had: the capture closes and the screen says why (and whether the material may be left out). */
  function setCameraProblem(problem: CameraProblem | null) {
    cameraProblem.value = problem;
    cameraProblemFor.value = problem ? capturing.value : null;
    if (problem) capturing.value = null;
  }

  /** Stages a captured page with the device host; its refusal (FILE_TOO_LARGE, FILE_TYPE_NOT_ALLOWED, …) stays beside the material. */
  async function addPage(materialId: string, blob: Blob): Promise<boolean> {
    const material = list.value.find((m) => m.id === materialId);
    if (!material || state(materialId).busy) return false;
    if (state(materialId).pages.length >= material.maxPages) {
      patch(materialId, { error: { code: 'TOO_MANY_PAGES' } });
      return false;
    }
    const contentType = blob.type === 'image/png' ? 'image/png' : blob.type === 'application/pdf' ? 'application/pdf' : 'image/jpeg';
    patch(materialId, { busy: true, error: null });
    const gen = generation;
    try {
      const staged = await kioskApi().stagePage({ materialId, contentType, dataBase64: await blobToBase64(blob) });
      if (gen !== generation) return false;
      patch(materialId, { pages: [...state(materialId).pages, { ...staged, url: urls.create(blob) }], busy: false });
      hallRefusal.value = null;
      return true;
    } catch (err) {
      if (gen === generation) patch(materialId, { busy: false, error: refusalOf(err) });
      return false;
    }
  }

  async function removePage(materialId: string, pageId: string) {
    const page = state(materialId).pages.find((p) => p.pageId === pageId);
    if (!page) return;
    patch(materialId, { pages: state(materialId).pages.filter((p) => p.pageId !== pageId), error: null });
    urls.revoke(page.url);
    try {
      await kioskApi().dropPage(pageId);
    } catch {
      // Not sent with the filing either way; the host drops it with the visitor.
    }
  }

  function setHallRefusal(r: Refusal | null) {
    hallRefusal.value = r;
  }

  /** The materials for submitFiling: a reuse, or the pages in the order taken; a material with neither is left out. */
  function choices(): FilingMaterialChoice[] {
    const out: FilingMaterialChoice[] = [];
    for (const m of list.value) {
      const s = state(m.id);
      if (s.reuse !== null) out.push({ materialId: m.id, reuse: s.reuse });
      else if (s.pages.length) out.push({ materialId: m.id, pageIds: s.pages.map((p) => p.pageId) });
    }
    return out;
  }

  /** Forgets everything of this visitor here (the host forgets its copies with forgetVisitor). */
  function wipe() {
    generation++;
    for (const s of Object.values(byId.value)) for (const p of s.pages) urls.revoke(p.url);
    list.value = [];
    byId.value = {};
    mine.value = [];
    reuseConsent.value = false;
    keepForReuse.value = false;
    capturing.value = null;
    cameraProblem.value = null;
    cameraProblemFor.value = null;
    hallRefusal.value = null;
  }

  /** The visitor gave up this item for another: its pages go from the device host too (the visitor stays). */
  function discard() {
    const pageIds = Object.values(byId.value).flatMap((s) => s.pages.map((p) => p.pageId));
    wipe();
    for (const pageId of pageIds)
      kioskApi()
        .dropPage(pageId)
        .catch(() => {});
  }

  /** Tests count the pictures made and let go. */
  function useUrls(factory: UrlFactory) {
    urls = factory;
  }

  return {
    list,
    byId,
    mine,
    reuseConsent,
    keepForReuse,
    capturing,
    cameraProblem,
    cameraProblemFor,
    hallRefusal,
    anyReuse,
    anyReusable,
    block,
    state,
    reusableFor,
    provided,
    load,
    chooseReuse,
    openCamera,
    closeCamera,
    setCameraProblem,
    addPage,
    removePage,
    setHallRefusal,
    choices,
    wipe,
    discard,
    useUrls,
  };
});
