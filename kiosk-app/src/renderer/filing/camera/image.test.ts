// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { installFilingMessages } from '../i18n/index.ts';
import { createKioskI18n } from '../../i18n/index.ts';
import { CAMERA_CONSTRAINTS, closeCamera, openCamera } from './camera.ts';
import CropBox from './CropBox.vue';
import { blobToBase64, cropPixels, DEFAULT_CROP, dragCorner, encodePage, fitLongSide, MIN_CROP, type Rect } from './image.ts';

const near = (r: Rect) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Math.round(v * 1000) / 1000]));

describe('the crop rectangle', () => {
  it('moves the dragged corner and keeps the opposite one where it was', () => {
    expect(near(dragCorner(DEFAULT_CROP, 'br', 0.5, 0.6))).toEqual({ x: 0.04, y: 0.04, w: 0.46, h: 0.56 });
    expect(near(dragCorner(DEFAULT_CROP, 'tl', 0.2, 0.1))).toEqual({ x: 0.2, y: 0.1, w: 0.76, h: 0.86 });
    expect(near(dragCorner(DEFAULT_CROP, 'tr', 0.7, 0.3))).toEqual({ x: 0.04, y: 0.3, w: 0.66, h: 0.66 });
  });

  it('stays inside the picture when a finger slides off it', () => {
    expect(near(dragCorner(DEFAULT_CROP, 'tl', -0.5, -2))).toEqual({ x: 0, y: 0, w: 0.96, h: 0.96 });
    expect(near(dragCorner(DEFAULT_CROP, 'br', 3, 1.5))).toEqual({ x: 0.04, y: 0.04, w: 0.96, h: 0.96 });
  });

  it('never collapses below a tenth of each side, even dragged past the other corner', () => {
    const r = dragCorner({ x: 0.2, y: 0.2, w: 0.5, h: 0.5 }, 'tl', 0.9, 0.95);
    expect(r.w).toBeCloseTo(MIN_CROP);
    expect(r.h).toBeCloseTo(MIN_CROP);
    expect(r.x + r.w).toBeCloseTo(0.7);
  });

  it('is dragged by its corner handles with a finger', async () => {
    const i18n = createKioskI18n();
    installFilingMessages(i18n.global);
    const wrapper = mount(CropBox, { props: { modelValue: DEFAULT_CROP }, global: { plugins: [i18n] }, attachTo: document.body });
    const frame = wrapper.find('[data-test="crop"]').element as HTMLElement;
    frame.getBoundingClientRect = () =>
      ({ left: 100, top: 50, width: 1000, height: 500, right: 1100, bottom: 550, x: 100, y: 50, toJSON: () => ({}) }) as DOMRect;
    const handle = wrapper.find('[data-test="crop-handle-br"]');
    await handle.trigger('pointermove', { clientX: 600, clientY: 350, pointerId: 1 });
    expect(wrapper.emitted('update:modelValue')).toBeUndefined();
    await handle.trigger('pointerdown', { clientX: 1060, clientY: 530, pointerId: 1 });
    await handle.trigger('pointermove', { clientX: 600, clientY: 350, pointerId: 1 });
    expect(near(wrapper.emitted<[Rect]>('update:modelValue')!.at(-1)![0])).toEqual({ x: 0.04, y: 0.04, w: 0.46, h: 0.56 });
    await handle.trigger('pointerup', { pointerId: 1 });
    await handle.trigger('pointermove', { clientX: 200, clientY: 100, pointerId: 1 });
    expect(wrapper.emitted('update:modelValue')).toHaveLength(1);
    wrapper.unmount();
  });
});

describe('the page sent to the device host', () => {
  it('takes the crop in whole source pixels', () => {
    expect(cropPixels({ x: 0.1, y: 0.25, w: 0.5, h: 0.5 }, 1920, 1080)).toEqual({ sx: 192, sy: 270, sw: 960, sh: 540 });
    expect(cropPixels({ x: 0, y: 0, w: 1, h: 1 }, 3, 3)).toEqual({ sx: 0, sy: 0, sw: 3, sh: 3 });
  });

  it('is scaled so its long side is at most 2000 px, and never enlarged', () => {
    expect(fitLongSide(4000, 3000)).toEqual({ width: 2000, height: 1500 });
    expect(fitLongSide(1500, 4500)).toEqual({ width: 667, height: 2000 });
    expect(fitLongSide(1766, 994)).toEqual({ width: 1766, height: 994 });
  });

  it('is the cropped region drawn at that size and encoded as a JPEG of quality 0.85', async () => {
    const drawImage = vi.fn();
    const toBlob = vi.fn((done: (b: Blob | null) => void) => done(new Blob([new Uint8Array([0xff, 0xd8])], { type: 'image/jpeg' })));
    const canvas = { width: 0, height: 0, getContext: () => ({ drawImage }), toBlob } as unknown as HTMLCanvasElement;
    const source = { width: 4000, height: 3000 } as unknown as HTMLCanvasElement;
    const blob = await encodePage(source, { x: 0, y: 0, w: 0.5, h: 1 }, { createCanvas: () => canvas });
    expect(blob.type).toBe('image/jpeg');
    expect(drawImage).toHaveBeenCalledWith(source, 0, 0, 2000, 3000, 0, 0, 1333, 2000);
    expect([canvas.width, canvas.height]).toEqual([1333, 2000]);
    expect(toBlob.mock.calls[0]!.slice(1)).toEqual(['image/jpeg', 0.85]);
  });

  it('travels as base64 of its bytes, however large', async () => {
    const bytes = new Uint8Array(100_000).map((_, i) => (i * 7) % 256);
    expect(await blobToBase64(new Blob([bytes]))).toBe(Buffer.from(bytes).toString('base64'));
  });
});

describe('the document camera', () => {
  it('asks for a 1080p picture', async () => {
    const stream = {} as MediaStream;
    const getUserMedia = vi.fn(async () => stream);
    expect(await openCamera({ getUserMedia })).toBe(stream);
    expect(getUserMedia).toHaveBeenCalledWith(CAMERA_CONSTRAINTS);
    expect(CAMERA_CONSTRAINTS.video).toEqual({ width: { ideal: 1920 }, height: { ideal: 1080 } });
  });

  it('names why there is no camera: none at all, refused, missing, busy', async () => {
    await expect(openCamera(undefined)).rejects.toMatchObject({ problem: 'unsupported' });
    const failing = (name: string) => ({ getUserMedia: () => Promise.reject(Object.assign(new Error(name), { name })) });
    await expect(openCamera(failing('NotAllowedError'))).rejects.toMatchObject({ problem: 'denied' });
    await expect(openCamera(failing('NotFoundError'))).rejects.toMatchObject({ problem: 'not-found' });
    await expect(openCamera(failing('NotReadableError'))).rejects.toMatchObject({ problem: 'busy' });
    await expect(openCamera(failing('TypeError'))).rejects.toMatchObject({ problem: 'failed' });
  });

  it('lets go of every track when closed', () => {
    const stop = vi.fn();
    closeCamera({ getTracks: () => [{ stop }, { stop }] } as unknown as MediaStream);
    expect(stop).toHaveBeenCalledTimes(2);
    closeCamera(null);
  });
});
