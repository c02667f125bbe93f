/**
 * What an app brings to the visitor shell (VisitorShell.vue), which provides
 * it to the shared screens: its visitor session (its store, built on
 * useVisitorSession), its words, the ways a visitor identifies besides a
 * card, its screens for typing a code, and what its staff panel adds.
 */
import { inject, type Component, type InjectionKey } from 'vue';
import type { Refusal } from '../refusal.ts';
import type { TypedCode } from './typed-code.ts';

/** The visitor's session as the shared screens use it. */
export type VisitorSession = {
  readonly step: string;
  readonly refusal: Refusal | null;
  /** Seconds left before the screen gives up, while the overlay should say so; else null. */
  readonly idleCountdown: number | null;
  /** Why the visit could not end in what the app gives now (`errors.*`: no paper …): the attract screen says so and does not start. */
  readonly issueBlock?: string | null;
  touch(): void;
  tick(): void;
  back(): void;
  start(): void;
  startLookup(): void;
  openStaff(): void;
  staffSignedIn(): void;
};

/** A way to identify on the identify screen besides the card and the scanner, e.g. typing a code. */
export type IdentifyWay = { test: string; word: string; offered?(): boolean; go(): void };

/**
 * A screen on which the visitor types a code and sends it: the look-up, and
 * an app's own (the appointment code, the credit code). Its words are
 * `<words>.title` and `.hint`, its button `<words>.submit` (or OK).
 */
export type CodeScreen = {
  words: string;
  /** The word naming what is typed; the title by default. */
  label?: string;
  layout?: 'digits' | 'alnum';
  code: TypedCode;
  /** Typed into a field of its own too (a keyboard's typing lands there): the field's test hook and shape. */
  field?: { test: string; placeholder?: string; maxlength?: number };
  /** A problem with what is typed, said at once (`<words>.<problem>`), or null. */
  problem?(): string | null;
  /** Whether it may be sent as it stands; whenever something is typed by default. */
  ready?(): boolean;
  submitTest: string;
  submit(): void;
};

export type VisitorApp = {
  /** The app's root (`data-test`, class): `kiosk` or `filing`. */
  readonly name: 'kiosk' | 'filing';
  /** Where the app's own words are (see words.ts). */
  readonly words: string;
  /** The word of the document's title. */
  readonly title: string;
  readonly session: VisitorSession;
  readonly ways: readonly IdentifyWay[];
  /** The app's code screens by step: the look-up's (`lookup`) and its own. */
  readonly codes: Readonly<Record<string, CodeScreen>> & { readonly lookup: CodeScreen };
  /** The staff panel reprints the last ticket (the ticket kiosk's). */
  readonly reprints?: boolean;
  /** A part of the staff panel the app adds. */
  readonly staffSection?: Component;
  /** The values the app's spoken prompts name (the ticket's number …). */
  voiceParams?(): Record<string, unknown>;
};

export const VISITOR_APP: InjectionKey<VisitorApp> = Symbol('visitor-app');

export function useVisitorApp(): VisitorApp {
  const app = inject(VISITOR_APP, null);
  if (!app) throw new Error('a visitor screen outside VisitorShell');
  return app;
}
