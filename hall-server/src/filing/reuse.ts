/**
 * 我的材料: a person's pages kept for reuse. Kept only when the person
 * agreed on screen (`keepForReuse`), only for materials the catalogue marks
 * reusable, and reused only by the same person (same keyed hash of their
 * number), with their consent for this filing, before it expires.
 *
 * A material id names a kind of document hall-wide: an item that wants the
 * ID card kept for other items gives it the same id (`id-card`) as they do.
 * A kept material can fill the same id in any item whose material is
 * reusable and accepts its page types.
 */
import type { Material } from '../domain/config.ts';
import { forbidden, invalid } from '../domain/errors.ts';
import type { FilingPage, MyMaterial } from './model.ts';

export const DAY_MS = 86_400_000;

/** Refuses a reuse unless it is the owner's, unexpired, of the same kind, and the item takes it. */
export function checkReuse(kept: MyMaterial | undefined, target: Material, ownerHash: string, now: number): FilingPage[] {
  const refuse = (why: string) => forbidden('REUSE_NOT_ALLOWED', why, { materialId: target.id });
  // Someone else's material and no material at all are refused alike: the answer must not confirm an id exists.
  if (!kept || kept.ownerHash !== ownerHash) throw refuse('no such material among this applicant’s 我的材料');
  if (kept.expiresAt <= now) throw refuse('this kept material has expired; scan it again');
  if (!target.reusable) throw refuse(`material ${target.id} of this item must be scanned for each filing`);
  if (kept.materialId !== target.id) throw refuse(`the kept material is ${kept.materialId}, not ${target.id}`);
  if (kept.pages.length > target.maxPages) throw refuse(`the kept material has ${kept.pages.length} pages, more than ${target.maxPages}`);
  const wrongType = kept.pages.find((p) => !target.accept.includes(p.contentType));
  if (wrongType) throw invalid('FILE_TYPE_NOT_ALLOWED', `material ${target.id} does not take ${wrongType.contentType}`, { materialId: target.id });
  return kept.pages;
}

/** What to keep from a filing: its reusable, freshly scanned materials, when the applicant agreed. */
export function materialsToKeep(
  keepForReuse: boolean | undefined,
  scanned: readonly { material: Material; pages: FilingPage[] }[],
  now: number,
  keepDays: number,
): { materialId: string; name: string; pages: FilingPage[]; expiresAt: number }[] {
  if (!keepForReuse) return [];
  return scanned
    .filter((s) => s.material.reusable)
    .map((s) => ({ materialId: s.material.id, name: s.material.name, pages: s.pages, expiresAt: now + keepDays * DAY_MS }));
}
