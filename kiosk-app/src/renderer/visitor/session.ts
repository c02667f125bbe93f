import { computed, ref, type Ref } from 'vue';
import type { KioskErrorBody } from '../../shared/kiosk-api.ts';
import { forgetVisitorAtHost } from '../kiosk.ts';
import { refusalOf, type Refusal } from '../refusal.ts';
import { useSettingsStore } from '../stores/settings.ts';
import { useStaffStore } from '../stores/staff.ts';
import { visitorRemainingMs, type SharedEvent, type SharedStep, type VisitorFlow, type VisitorFlowState, type VisitorTimeouts } from './flow.ts';
import { useIdleClock } from './idle-clock.ts';

export type VisitorSessionSpec<Own extends string, State extends VisitorFlowState<SharedStep | Own>, Event extends { type: string }> = {
  flow: VisitorFlow<Own, State, Event>;
  timeouts(): VisitorTimeouts;
  /** Forgets everything of the visitor in the app's stores: who they are, what they typed, chose and got. */
  forget(): void;
  /** Whether the device host holds who the visitor is (a card, a company), to be let go of when they go back to identify. */
  identified(): boolean;
  /** Drops what was typed for the last look-up. */
  clearLookup(): void;
  /** Where a card the reader could not read is refused (elsewhere it is ignored), and what of the card then goes. */
  unreadableCard: { at: readonly (SharedStep | Own)[]; drop?(): void };
  /** A step back within the visit: neither to the attract screen nor to identification, which forget the visitor. */
  steppedBack?(from: SharedStep | Own, to: SharedStep | Own): void;
};

/**
 * One visitor at a machine, the part every app has: where they are in the
 * flow, why they were refused, when they go idle, and forgetting them —
 * here and in the device host — when they time out, finish, go back to
 * identify or leave for the staff screens. An app's store calls it in its
 * setup and adds its own data and actions.
 */
export function useVisitorSession<Own extends string, State extends VisitorFlowState<SharedStep | Own>, Event extends { type: string }>(
  spec: VisitorSessionSpec<Own, State, Event>,
) {
  const { flow: machine } = spec;
  const flow = ref(machine.attract) as Ref<State>;
  const refusal = ref<Refusal | null>(null);
  const settings = useSettingsStore();

  const step = computed(() => flow.value.step);
  // The countdown shows all along on the outcome, else in the last seconds.
  const { lastActivityAt, now, remaining, countdown, touch, tick, stepped } = useIdleClock({
    remainingMs: (last, at) => visitorRemainingMs(machine, flow.value.step, last, at, spec.timeouts()),
    countdownMs: () => spec.timeouts().countdownMs,
    alwaysCounting: () => flow.value.step === machine.end,
    expired: () => wipe({ resetSettings: true }),
  });
  /** The overlay's countdown: the outcome's screen shows its own. */
  const idleCountdown = computed(() => (flow.value.step === machine.end ? null : countdown.value));

  function dispatch(event: SharedEvent | Event) {
    const before = flow.value.step;
    flow.value = machine.transition(flow.value, event);
    if (flow.value.step !== before) stepped();
  }

  function forget() {
    refusal.value = null;
    spec.forget();
  }

  /** Back to the attract screen with nothing of this visitor left, here or in the device host. */
  function wipe(options: { resetSettings?: boolean } = {}) {
    forget();
    useStaffStore().reset();
    if (options.resetSettings) settings.reset();
    dispatch({ type: 'reset' });
    forgetVisitorAtHost();
  }

  function refuse(r: Refusal) {
    refusal.value = r;
    dispatch({ type: 'refused' });
  }

  function start() {
    dispatch({ type: 'start' });
  }

  /** The visitor is done: the next one starts in Mandarin with normal type. */
  function done() {
    wipe({ resetSettings: true });
  }

  function back() {
    const from = flow.value.step;
    dispatch({ type: 'back' });
    const to = flow.value.step;
    if (to === 'attract') wipe();
    else if (to === 'identify') {
      // Going back to identification lets go of the identity, here and in the host.
      const held = spec.identified();
      forget();
      if (held) forgetVisitorAtHost();
    } else {
      if (from === 'refused') refusal.value = null;
      spec.steppedBack?.(from, to);
    }
  }

  function onCardError(body: KioskErrorBody) {
    if (!spec.unreadableCard.at.includes(flow.value.step)) return;
    spec.unreadableCard.drop?.();
    refuse(refusalOf(body));
  }

  function startLookup() {
    spec.clearLookup();
    dispatch({ type: 'lookup' });
  }

  /** Shows what `find` found (false: nothing was asked), or its refusal. */
  async function lookUp(find: () => Promise<boolean>) {
    try {
      if (await find()) dispatch({ type: 'looked-up' });
    } catch (err) {
      refuse(refusalOf(err));
    }
  }

  /** The staff corner was held: the visitor's session ends here. */
  function openStaff() {
    if (flow.value.step === machine.busy) return;
    const hadVisitor = flow.value.step !== 'attract';
    forget();
    if (hadVisitor) forgetVisitorAtHost();
    dispatch({ type: 'staff' });
  }

  function staffSignedIn() {
    dispatch({ type: 'staff-ok' });
  }

  return {
    flow,
    step,
    refusal,
    lastActivityAt,
    now,
    remaining,
    countdown,
    idleCountdown,
    dispatch,
    forget,
    touch,
    tick,
    wipe,
    refuse,
    start,
    done,
    back,
    onCardError,
    startLookup,
    lookUp,
    openStaff,
    staffSignedIn,
  };
}
