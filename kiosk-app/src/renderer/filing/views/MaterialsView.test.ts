// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { FakeKioskApi, maskedCard, myMaterial } from '../../testing/fake-kiosk-api.ts';
import { settle } from '../../testing/mount.ts';
import { mountFiling } from '../../testing/mount-filing.ts';
import CameraCapture from '../camera/CameraCapture.vue';
import { useFilingFormStore } from '../stores/form.ts';
import { useFilingMaterialsStore } from '../stores/materials.ts';
import { useFilingVisitStore } from '../stores/visit.ts';
import MaterialsView from './MaterialsView.vue';

const realMediaDevices = Object.getOwnPropertyDescriptor(navigator, 'mediaDevices');
afterEach(() => {
  if (realMediaDevices) Object.defineProperty(navigator, 'mediaDevices', realMediaDevices);
  else delete (navigator as { mediaDevices?: unknown }).mediaDevices;
});

function camera(getUserMedia: (() => Promise<MediaStream>) | null) {
  Object.defineProperty(navigator, 'mediaDevices', { configurable: true, value: getUserMedia ? { getUserMedia } : undefined });
}

/** Object URLs as the store makes and lets go of them. */
function urls() {
  const made: string[] = [];
  const revoked: string[] = [];
  return { made, revoked, factory: { create: () => (made.push(`blob:page-${made.length + 1}`), made.at(-1)!), revoke: (u: string) => void revoked.push(u) } };
}

async function materialsFor(prepare: (api: FakeKioskApi) => void = () => {}) {
  const api = new FakeKioskApi();
  api.myMaterialsValue = [myMaterial('id-card'), myMaterial('hukou-book')];
  prepare(api);
  const m = await mountFiling(MaterialsView, { api });
  api.emit('card', maskedCard());
  const u = urls();
  const materials = useFilingMaterialsStore();
  materials.useUrls(u.factory);
  const view = await api.filingGuide('HJ-001');
  useFilingFormStore().load(view);
  await materials.load(view.guide);
  const visit = useFilingVisitStore();
  visit.flow = { step: 'materials', back: null };
  visit.visitor = { kind: 'citizen', masked: maskedCard().idMasked, nameMasked: maskedCard().nameMasked };
  visit.serviceCode = 'HJ-001';
  await settle();
  const $ = (test: string) => m.wrapper.find(`[data-test="${test}"]`);
  return { ...m, $, urls: u, materials, visit };
}

const jpeg = (bytes: number[]) => new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' });

describe('the materials screen', () => {
  it('lists every material of the item, marking the required ones, and will not go on without them', async () => {
    const { $ } = await materialsFor();
    expect($('material-id-card').text()).toContain('居民身份证');
    expect($('material-id-card').text()).toContain('必交');
    expect($('material-house-deed').text()).toContain('选交，可不提交');
    expect($('materials-blocked').text()).toBe('请提交“居民身份证”');
    expect($('materials-next').attributes('disabled')).toBeDefined();
  });

  it('needs an explicit tick before reusing a material from 我的材料', async () => {
    const { $, visit, api } = await materialsFor();
    await $('material-id-card-reuse-mm-id-card').setValue(true);
    await $('material-hukou-book-reuse-mm-hukou-book').setValue(true);
    expect($('materials-blocked').text()).toBe('使用我的材料前，请勾选同意');
    expect($('materials-next').attributes('disabled')).toBeDefined();
    expect(($('reuse-consent').element as HTMLInputElement).checked).toBe(false);

    await $('reuse-consent').setValue(true);
    expect($('materials-blocked').exists()).toBe(false);
    await $('materials-next').trigger('click');
    expect(visit.step).toBe('review');

    useFilingFormStore().values = { ...useFilingFormStore().values, phone: '13800138000', fromAddress: '上城区', reason: 'family' };
    await visit.submit();
    const sent = api.calls.submitFiling![0]![0] as { materials: unknown; reuseConsent: boolean; keepForReuse: boolean };
    expect(sent.materials).toEqual([
      { materialId: 'id-card', reuse: 'mm-id-card' },
      { materialId: 'hukou-book', reuse: 'mm-hukou-book' },
    ]);
    expect(sent.reuseConsent).toBe(true);
    expect(sent.keepForReuse).toBe(false);
  });

  it('asks no consent when nothing is reused, and keeps materials for next time only when ticked', async () => {
    const { $, materials } = await materialsFor();
    expect($('reuse-consent').exists()).toBe(false);
    expect(($('keep-for-reuse').element as HTMLInputElement).checked).toBe(false);
    await $('keep-for-reuse').setValue(true);
    expect(materials.keepForReuse).toBe(true);
  });

  it('offers only unexpired materials of the same kind for reuse', async () => {
    const { $ } = await materialsFor((api) => {
      api.myMaterialsValue = [myMaterial('id-card', { expiresAt: '2020-01-01T00:00:00.000Z' }), myMaterial('hukou-book')];
    });
    expect($('material-id-card-reuse').exists()).toBe(false);
    expect($('material-hukou-book-reuse-mm-hukou-book').exists()).toBe(true);
    expect($('material-house-deed-reuse').exists()).toBe(false);
  });

  it('stages a page taken with the camera at once and shows its thumbnail; deleting it drops it from the device host', async () => {
    camera(() => new Promise<MediaStream>(() => {}));
    const { $, api, wrapper, urls } = await materialsFor();
    await $('material-hukou-book-capture').trigger('click');
    expect($('camera').exists()).toBe(true);
    wrapper.findComponent(CameraCapture).vm.$emit('accept', jpeg([0xff, 0xd8, 0xff, 0xe0]));
    await settle();
    expect(api.calls.stagePage).toEqual([[{ materialId: 'hukou-book', contentType: 'image/jpeg', dataBase64: '/9j/4A==' }]]);
    expect($('page-page-1').find('img').attributes('src')).toBe('blob:page-1');
    expect($('material-hukou-book-count').text()).toBe('已拍 1 页');

    await $('camera-close').trigger('click');
    await $('page-page-1-delete').trigger('click');
    await settle();
    expect(api.calls.dropPage).toEqual([['page-1']]);
    expect(urls.revoked).toEqual(['blob:page-1']);
    expect($('page-page-1').exists()).toBe(false);
  });

  it('explains a page the device host refuses, beside its material', async () => {
    camera(() => new Promise<MediaStream>(() => {}));
    const { $, api, wrapper } = await materialsFor((a) => {
      a.nextStageRefusal = { code: 'FILE_TOO_LARGE' };
    });
    await $('material-id-card-capture').trigger('click');
    wrapper.findComponent(CameraCapture).vm.$emit('accept', jpeg([1, 2, 3]));
    await settle();
    expect($('material-id-card-error').text()).toBe('页面文件太大（每页不超过 5 MB），请重新拍摄。');
    expect(api.staged.size).toBe(0);
  });

  it('stops taking pages at the material’s limit', async () => {
    camera(() => new Promise<MediaStream>(() => {}));
    const { $, materials } = await materialsFor();
    await materials.addPage('id-card', jpeg([1]));
    await materials.addPage('id-card', jpeg([2]));
    await settle();
    expect($('material-id-card-capture').attributes('disabled')).toBeDefined();
    expect(await materials.addPage('id-card', jpeg([3]))).toBe(false);
    await settle();
    expect($('material-id-card-error').text()).toBe('这份材料的页数已达上限');
  });

  it('says there is no camera, and lets an optional material be left out', async () => {
    camera(null);
    const { $ } = await materialsFor();
    await $('material-house-deed-capture').trigger('click');
    await settle();
    expect($('camera').exists()).toBe(false);
    expect($('camera-problem').attributes('data-problem')).toBe('unsupported');
    expect($('camera-problem').text()).toContain('本机没有可用的高拍仪');
    expect($('camera-problem-help').text()).toBe('这份材料可以不提交，可直接点“下一步”');
  });

  it('says the camera was refused, and that a required material must then come from 我的材料 or a window', async () => {
    camera(() => Promise.reject(Object.assign(new Error('denied'), { name: 'NotAllowedError' })));
    const { $ } = await materialsFor();
    await $('material-hukou-book-capture').trigger('click');
    await settle();
    expect($('camera-problem').attributes('data-problem')).toBe('denied');
    expect($('camera-problem').text()).toContain('高拍仪没有获得使用授权');
    expect($('camera-problem-help').text()).toBe('这份材料必须提交：请使用我的材料，或到窗口办理');
  });

  it('goes on with the optional material left out once the required ones are there', async () => {
    camera(null);
    const { $, materials, visit } = await materialsFor();
    await materials.addPage('id-card', jpeg([1]));
    await materials.addPage('hukou-book', jpeg([2]));
    await settle();
    expect($('materials-next').attributes('disabled')).toBeUndefined();
    await $('materials-next').trigger('click');
    expect(visit.step).toBe('review');
    expect(materials.choices()).toEqual([
      { materialId: 'id-card', pageIds: ['page-1'] },
      { materialId: 'hukou-book', pageIds: ['page-2'] },
    ]);
  });

  it('keeps the pages while the visitor steps back to the form, and drops them when they choose another item', async () => {
    const { materials, visit, api, urls } = await materialsFor();
    await materials.addPage('id-card', jpeg([1]));
    visit.back();
    expect(visit.step).toBe('form');
    expect(materials.state('id-card').pages).toHaveLength(1);
    visit.back();
    visit.back();
    await settle();
    expect(visit.step).toBe('items');
    expect(api.calls.dropPage).toEqual([['page-1']]);
    expect(urls.revoked).toEqual(['blob:page-1']);
    expect(api.callCount('forgetVisitor')).toBe(0);
    expect(visit.visitor).not.toBeNull();
  });

  it('lets go of every picture and the device host’s copies when the visitor leaves', async () => {
    const { materials, visit, api, urls } = await materialsFor();
    await materials.addPage('id-card', jpeg([1]));
    await materials.addPage('hukou-book', jpeg([2]));
    visit.wipe();
    expect(urls.revoked.sort()).toEqual(['blob:page-1', 'blob:page-2']);
    expect(materials.list).toEqual([]);
    expect(api.callCount('forgetVisitor')).toBe(1);
    expect(api.staged.size).toBe(0);
  });
});
