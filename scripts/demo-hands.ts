/**
 * The keys `npm start` answers in its terminal: a visitor's hands at the
 * ticket kiosk and the filing machine, a clerk's at window 1's keypad and a
 * visitor's at its evaluator. One table drives both the help and the
 * dispatch, so the help lists every key the demo accepts.
 */
import type { CardType } from '@hall/drivers';
import type { DemoCounter, DemoFiling, DemoKiosk } from './demo-kiosk.ts';

export type DemoTerminals = { kiosk?: DemoKiosk; filing?: DemoFiling; counter?: DemoCounter; integrationToken: string };

/** What a key does; resolves with a line to print, if any. */
type Act = (t: DemoTerminals) => void | string | undefined | Promise<string | undefined>;
type Hand = { keys: string[]; what: string; act(key: string): Act };
type Section = { title: string; hands: Hand[] };

const CARDS: Record<string, CardType> = { '1': 'resident', '2': 'foreign', '3': 'foreign2023', '4': 'hmt' };
const CARD_WORDS = '1 resident ID card, 2 foreign permanent resident (2017), 3 foreign (2023), 4 HK/Macao/Taiwan';

const kiosk =
  (run: (k: DemoKiosk, t: DemoTerminals) => ReturnType<Act>): Act =>
  (t) =>
    t.kiosk ? run(t.kiosk, t) : 'the ticket kiosk is not running';
const filing =
  (run: (f: DemoFiling) => ReturnType<Act>): Act =>
  (t) =>
    t.filing ? run(t.filing) : 'the filing machine is not running';
const counter =
  (run: (c: DemoCounter) => ReturnType<Act>): Act =>
  (t) =>
    t.counter ? run(t.counter) : 'the counter terminal is not running';

export const HANDS: Section[] = [
  {
    title: 'at the ticket kiosk',
    hands: [
      { keys: ['1', '2', '3', '4'], what: `put a card on the reader (${CARD_WORDS})`, act: (key) => kiosk((k) => void k.sims.reader.insert(CARDS[key]!)) },
      { keys: ['0'], what: 'take the card off', act: () => kiosk((k) => void k.sims.reader.remove()) },
      {
        keys: ['s'],
        what: 'book an appointment and scan its code',
        act: () =>
          kiosk(async (k, t) => {
            const code = await k.bookAppointment(t.integrationToken);
            return code ? `scanned appointment ${code}` : 'no service takes appointments right now';
          }),
      },
      { keys: ['p'], what: 'take the paper out of the printer', act: () => kiosk((k) => void k.sims.printer.setState('paper-out')) },
      { keys: ['l'], what: 'paper running low', act: () => kiosk((k) => void k.sims.printer.setState('near-end')) },
      { keys: ['o'], what: 'printer paper back', act: () => kiosk((k) => void k.sims.printer.setState('ok')) },
    ],
  },
  {
    title: 'at the filing machine',
    hands: [
      {
        keys: ['m1', 'm2', 'm3', 'm4'],
        what: 'put a card on its reader (as 1–4)',
        act: (key) => filing((f) => void f.sims.reader.insert(CARDS[key.slice(1)]!)),
      },
      { keys: ['m0'], what: 'take the card off', act: () => filing((f) => void f.sims.reader.remove()) },
      {
        keys: ['u'],
        what: 'scan a company’s unified social credit code',
        act: () => filing(async (f) => `scanned company credit code ${await f.scanCompany()}`),
      },
      { keys: ['mp'], what: 'take the paper out of its printer', act: () => filing((f) => void f.sims.printer.setState('paper-out')) },
      { keys: ['mo'], what: 'its printer paper back', act: () => filing((f) => void f.sims.printer.setState('ok')) },
    ],
  },
  {
    title: 'at window 1 (the clerk’s keypad and the visitor’s evaluator)',
    hands: [
      { keys: ['n'], what: 'call the next number', act: () => counter((c) => void c.sims.keypad.press('call-next')) },
      { keys: ['r'], what: 'recall', act: () => counter((c) => void c.sims.keypad.press('recall')) },
      { keys: ['x'], what: 'mark a no-show', act: () => counter((c) => void c.sims.keypad.press('no-show')) },
      { keys: ['f'], what: 'finish', act: () => counter((c) => void c.sims.keypad.press('finish')) },
      {
        keys: ['e1', 'e2', 'e3', 'e4', 'e5'],
        what: 'rate the service 1–5 (1 and 2 give a reason)',
        act: (key) => counter((c) => void rate(c, Number(key[1]))),
      },
    ],
  },
];

function rate(c: DemoCounter, level: number): void {
  c.sims.evaluator.rate(level, level <= 2 ? 1 : undefined);
}

/** The help lines `npm start` prints: every key of HANDS, and q. */
export function handsHelp(): string[] {
  return [
    '  keys (type one and press Enter):',
    ...HANDS.flatMap((section) => [`    ${section.title}:`, ...section.hands.map((h) => `      ${h.keys.join(' ').padEnd(14)} ${h.what}`)]),
    '    q              stop the demo',
  ];
}

/** Dispatches one typed key; an unknown key answers with a pointer to the help. */
export function demoHands(terminals: DemoTerminals): (key: string) => Promise<string | undefined> {
  const byKey = new Map(HANDS.flatMap((s) => s.hands.flatMap((h) => h.keys.map((k) => [k, h] as const))));
  return async (key) => {
    const hand = byKey.get(key);
    if (!hand) return `no key "${key}": the keys are listed above (npm start -- --help)`;
    return (await hand.act(key)(terminals)) ?? undefined;
  };
}
