import { ref, watchEffect, type Ref } from 'vue';
import { loadOnce } from './on-demand.ts';

/** The encoder loads after the first screen (see on-demand.ts), not with it. */
export const loadQrEncoder = loadOnce(() => import('qrcode'));

/** An SVG data URL of a QR code, rendered locally. */
export async function qrDataUrl(text: string): Promise<string> {
  const { toString: qrToString } = await loadQrEncoder();
  const svg = await qrToString(text, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

export function useQrDataUrl(text: Ref<string | null | undefined>): Ref<string | null> {
  const url = ref<string | null>(null);
  watchEffect(() => {
    const value = text.value;
    url.value = null;
    if (!value) return;
    qrDataUrl(value).then(
      (u) => {
        if (text.value === value) url.value = u;
      },
      () => {},
    );
  });
  return url;
}
