/** Byte strings joined end to end: the composer's commands, and the framers' held bytes with each new chunk. */

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * What a framer still holds followed by the chunk just received. With
 * nothing held this is the chunk itself, not a copy: framers copy out what
 * they keep.
 */
export function afterHeld(held: Uint8Array, chunk: Uint8Array): Uint8Array {
  return held.length === 0 ? chunk : concatBytes([held, chunk]);
}
