/**
 * The hall as a running service: the engine's state in memory, the store
 * underneath and listeners on top. Every change goes decide → commit →
 * apply → notify, so nothing is acknowledged or broadcast before it is on
 * disk, and a failed commit leaves the state as it was.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { HallConfig } from './domain/config.ts';
import { decide, type Command } from './domain/commands.ts';
import { decideApplyConfig, decideDayStart } from './domain/day.ts';
import { invalid } from './domain/errors.ts';
import type { HallEvent } from './domain/events.ts';
import { hallDay } from './domain/hall-time.ts';
import { checkIdentity, maskIdNumber, maskName } from './domain/identity.ts';
import type { Actor, DecisionContext, HallState, IdentityRef } from './domain/model.ts';
import { applyEvents, createState } from './domain/state.ts';
import type { CommitEntry, HallStore, SealedIdentity } from './store/hall-store.ts';
import type { AuditRecord } from './store/audit.ts';

export type Clock = () => number;

export type Commit = { seq: number; at: number; command: string; actor: Actor; events: readonly HallEvent[] };
export type CommitListener = (commit: Commit) => void;

export type Identified = { identity: IdentityRef & { birthDate?: string }; sealed: SealedIdentity };

const SYSTEM: Actor = { role: 'system', name: 'hall' };

/**
 * UUIDv7: time-ordered, so a day's new rows land at the end of the tickets
 * b-tree instead of splitting pages at random; 74 random bits keep ids
 * unguessable for the tracking URL.
 */
export function uuidv7(now: number): string {
  const b = randomBytes(16);
  b.writeUIntBE(now, 0, 6);
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export class Hall {
  readonly store: HallStore;
  readonly clock: Clock;
  state: HallState;
  #seq: number;
  readonly #listeners = new Set<CommitListener>();
  readonly #pending: { entry: CommitEntry; commit: Commit; resolve: () => void; reject: (err: unknown) => void }[] = [];
  readonly #waiting: { resolve: () => void; reject: (err: unknown) => void }[] = [];

  private constructor(store: HallStore, state: HallState, clock: Clock) {
    this.store = store;
    this.state = state;
    this.clock = clock;
    this.#seq = store.lastSeq();
  }

  /**
   * Opens the hall in a store. A store without configuration takes `seed`;
   * with neither, the hall cannot start.
   */
  static open(store: HallStore, options: { seed?: HallConfig; clock?: Clock } = {}): Hall {
    const clock = options.clock ?? Date.now;
    let config = store.loadConfig();
    if (!config) {
      if (!options.seed) throw new Error('this hall has no configuration yet: import one (hall-server config import FILE) or start with --seed demo');
      const hall = new Hall(store, createState(options.seed, hallDay(clock(), options.seed.timeZone, options.seed.rules.dailyResetAt)), clock);
      hall.applyConfig(options.seed, SYSTEM);
      config = options.seed;
      hall.startDayIfDue();
      return hall;
    }
    const state = store.loadState(config, hallDay(clock(), config.timeZone, config.rules.dailyResetAt));
    const hall = new Hall(store, state, clock);
    hall.startDayIfDue();
    return hall;
  }

  get seq(): number {
    return this.#seq;
  }

  get config(): HallConfig {
    return this.state.config;
  }

  subscribe(listener: CommitListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #context(actor: Actor, now: number): DecisionContext {
    return { now, actor, newId: () => uuidv7(now), newCode: () => String(randomInt(10_000_000, 100_000_000)) };
  }

  #notify(commit: Commit): void {
    for (const listener of this.#listeners) listener(commit);
  }

  #commit(command: string, actor: Actor, at: number, events: readonly HallEvent[], identities?: readonly SealedIdentity[]): number {
    this.flush();
    const seq = this.#seq + 1;
    this.store.commitBatch([{ seq, at, command, actor: JSON.stringify(actor), events, identities }]);
    applyEvents(this.state, events);
    this.#seq = seq;
    this.#notify({ seq, at, command, actor, events });
    return seq;
  }

  /**
   * Group commit for requests: the decision is taken and applied at once, so
   * the next request decides on top of it, but the answer waits until the
   * whole group written in this turn of the event loop is on disk, in one
   * transaction and one sync. Broadcasts go out after that too. Should the
   * write fail, every change of the group is refused and the state reloaded.
   */
  submit<R = unknown>(
    command: Command,
    actor: Actor,
    identities?: readonly SealedIdentity[],
    /** The security-log row of this change, written in the same transaction as the change itself. */
    audit?: (result: R) => AuditRecord | undefined,
  ): Promise<{ seq: number; result: R }> {
    try {
      this.startDayIfDue();
      const now = this.clock();
      const { events, result } = decide(this.state, command, this.#context(actor, now));
      if (events.length === 0) {
        // Nothing changes, but the answer must not overtake changes still being written.
        if (this.#pending.length === 0) return Promise.resolve({ seq: this.#seq, result: result as R });
        return new Promise((resolve, reject) => this.#waiting.push({ resolve: () => resolve({ seq: this.#seq, result: result as R }), reject }));
      }
      applyEvents(this.state, events);
      const seq = ++this.#seq;
      const record = audit?.(result as R);
      return new Promise((resolve, reject) => {
        this.#pending.push({
          entry: { seq, at: now, command: command.type, actor: JSON.stringify(actor), events, identities, ...(record ? { audit: [record] } : {}) },
          commit: { seq, at: now, command: command.type, actor, events },
          resolve: () => resolve({ seq, result: result as R }),
          reject,
        });
        if (this.#pending.length === 1) setImmediate(() => this.flush());
      });
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** Writes the pending group now. Synchronous changes call it first, so seq order holds. */
  flush(): void {
    if (this.#pending.length === 0) return;
    const group = this.#pending.splice(0);
    const waiting = this.#waiting.splice(0);
    try {
      this.store.commitBatch(group.map((p) => p.entry));
    } catch (err) {
      const config = this.store.loadConfig() ?? this.state.config;
      this.state = this.store.loadState(config, this.state.counters.day);
      this.#seq = this.store.lastSeq();
      for (const p of group) p.reject(err);
      for (const w of waiting) w.reject(err);
      return;
    }
    for (const p of group) this.#notify(p.commit);
    for (const p of group) p.resolve();
    for (const w of waiting) w.resolve();
  }

  /** Closes the previous hall day when the clock has passed the reset time. Returns whether it did. */
  startDayIfDue(): boolean {
    const now = this.clock();
    const events = decideDayStart(this.state, { now });
    if (events.length === 0) return false;
    this.#commit('startDay', SYSTEM, now, events);
    return true;
  }

  execute<R = unknown>(command: Command, actor: Actor, identities?: readonly SealedIdentity[]): { seq: number; result: R } {
    this.startDayIfDue();
    const now = this.clock();
    const { events, result } = decide(this.state, command, this.#context(actor, now));
    if (events.length === 0) return { seq: this.#seq, result: result as R };
    const seq = this.#commit(command.type, actor, now, events, identities);
    return { seq, result: result as R };
  }

  applyConfig(config: HallConfig, actor: Actor): number {
    const now = this.clock();
    const { events } = decideApplyConfig(this.state, { type: 'applyConfig', config }, this.#context(actor, now));
    return this.#commit('applyConfig', actor, now, events);
  }

  /**
   * Checks an ID number or credit code and seals it for storage. The clear
   * number leaves this function only inside the sealed record.
   */
  identify(idNumber: string, name?: string): Identified {
    const check = checkIdentity(idNumber);
    if (!check.ok) throw invalid(check.code, check.message);
    const ref = randomUUID();
    const keyHash = this.store.vault.keyHash(check.normalized);
    const identity: Identified['identity'] = {
      kind: check.kind,
      ref,
      keyHash,
      masked: maskIdNumber(check.normalized),
      nameMasked: name ? maskName(name) : undefined,
      birthDate: check.birthDate,
    };
    const sealed: SealedIdentity = {
      ref,
      kind: check.kind,
      keyHash,
      sealed: this.store.vault.seal(JSON.stringify({ number: check.normalized, name })),
      createdAt: this.clock(),
    };
    return { identity, sealed };
  }

  /** Retention: personal fields older than the configured number of days go. */
  purgePersonalData(): ReturnType<HallStore['purgePersonalData']> {
    const cutoff = this.clock() - this.config.rules.retentionDays * 86_400_000;
    return this.store.purgePersonalData(cutoff);
  }
}
