/**
 * Voice calling: every call (recalls too) becomes an announcement, queued
 * and spoken one after another — a new call never cuts off the one being
 * spoken. The log of announcements is kept for the wall's tests and for a
 * technician checking what the wall said.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { TicketCalledEvent } from '@hall/server/protocol';
import type { Announcement, VoiceEngine } from '../voice/engine.ts';
import { announcementSegments, englishText, mandarinText, type AnnounceOptions } from '../voice/segments.ts';

export const ANNOUNCEMENT_LOG_KEPT = 200;

export const useAnnouncerStore = defineStore('announcer', () => {
  const options = ref<AnnounceOptions>({ repeat: 2, english: false });
  const engine = shallowRef<VoiceEngine | undefined>(undefined);
  const pending = ref<Announcement[]>([]);
  const current = ref<Announcement | undefined>(undefined);
  const log = ref<Announcement[]>([]);
  /** The browser will not play sound until someone touches the screen. */
  const blocked = ref(false);
  const speaking = computed(() => current.value !== undefined);
  let nextId = 1;
  let pumping = false;
  let clock: () => number = Date.now;

  function configure(next: Partial<AnnounceOptions>, now: () => number = Date.now): void {
    options.value = { ...options.value, ...next };
    clock = now;
  }

  function useEngine(to: VoiceEngine | undefined): void {
    engine.value = to;
    blocked.value = to ? !to.audible() : false;
    to?.onAudibleChange?.((audible) => (blocked.value = !audible));
    void pump();
  }

  function announce(call: Pick<TicketCalledEvent, 'number' | 'windowNo' | 'recall'>): Announcement {
    const { repeat, english } = options.value;
    const line = [{ lang: 'zh-CN' as const, text: mandarinText(call) }, ...(english ? [{ lang: 'en' as const, text: englishText(call) }] : [])];
    const announcement: Announcement = {
      id: nextId++,
      number: call.number,
      windowNo: call.windowNo,
      recall: call.recall,
      segments: announcementSegments(call, { repeat, english }),
      lines: Array.from({ length: Math.max(1, repeat) }, () => line).flat(),
      queuedAt: clock(),
      state: 'queued',
    };
    pending.value.push(announcement);
    log.value.push(announcement);
    if (log.value.length > ANNOUNCEMENT_LOG_KEPT) log.value.splice(0, log.value.length - ANNOUNCEMENT_LOG_KEPT);
    void pump();
    return announcement;
  }

  async function pump(): Promise<void> {
    if (pumping || !engine.value) return;
    pumping = true;
    try {
      while (pending.value.length && engine.value) {
        const a = pending.value.shift()!;
        current.value = a;
        setState(a, 'speaking');
        try {
          const result = await engine.value.speak(a);
          setState(a, result);
          if (result === 'muted') blocked.value = !engine.value.audible();
        } catch {
          setState(a, 'failed');
        }
      }
    } finally {
      current.value = undefined;
      pumping = false;
    }
  }

  function setState(a: Announcement, state: Announcement['state']): void {
    a.state = state;
    const logged = log.value.find((x) => x.id === a.id);
    if (logged) logged.state = state;
  }

  async function unlock(): Promise<boolean> {
    if (!engine.value) return false;
    const ok = await engine.value.unlock();
    blocked.value = !ok;
    return ok;
  }

  return { options, engine, pending, current, log, blocked, speaking, configure, useEngine, announce, unlock };
});
