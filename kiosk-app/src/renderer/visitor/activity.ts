import { onBeforeUnmount, onMounted } from 'vue';

/**
 * The pulse of a visitor screen's idle clock, for the ticket kiosk and the
 * filing machine: ticked every `tickMs` while the screen is mounted, and
 * touched by any tap or key anywhere on the page — captured, so no view can
 * swallow the touch that keeps the visitor's session alive.
 */
export function useActivityClock(clock: { touch(): void; tick(): void }, tickMs = 250): void {
  let timer: ReturnType<typeof setInterval> | null = null;
  const onActivity = () => clock.touch();
  onMounted(() => {
    clock.touch();
    timer = setInterval(() => clock.tick(), tickMs);
    window.addEventListener('pointerdown', onActivity, { capture: true, passive: true });
    window.addEventListener('keydown', onActivity, { capture: true, passive: true });
  });
  onBeforeUnmount(() => {
    if (timer) clearInterval(timer);
    window.removeEventListener('pointerdown', onActivity, { capture: true });
    window.removeEventListener('keydown', onActivity, { capture: true });
  });
}
