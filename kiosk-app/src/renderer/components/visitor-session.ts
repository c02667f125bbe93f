/**
 * What the shared screen furniture (back button, idle countdown, staff
 * corner, staff PIN and panel) needs from whichever flow is running: the
 * ticket kiosk's session store by default, or the filing machine's visit,
 * which FilingApp provides under VISITOR_SESSION.
 */
import { computed, inject, reactive, type InjectionKey } from 'vue';
import { useSessionStore } from '../stores/session.ts';

export type VisitorSession = {
  /** Seconds left before the screen gives up, while the overlay should say so; else null. */
  readonly idleCountdown: number | null;
  touch(): void;
  back(): void;
  openStaff(): void;
  staffSignedIn(): void;
};

export const VISITOR_SESSION: InjectionKey<VisitorSession> = Symbol('visitor-session');

export function useVisitorSession(): VisitorSession {
  const given = inject(VISITOR_SESSION, null);
  if (given) return given;
  const session = useSessionStore();
  return reactive({
    // The ticket screen shows its own countdown to the return.
    idleCountdown: computed(() => (session.step === 'ticket' ? null : session.countdown)),
    touch: () => session.touch(),
    back: () => session.back(),
    openStaff: () => session.openStaff(),
    staffSignedIn: () => session.staffSignedIn(),
  });
}
