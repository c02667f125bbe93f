/**
 * Who is filing at the filing machine, and what they have captured so far.
 *
 * - The applicant is a person by the ID card they swiped, or a company by its
 *   unified social credit code (typed or scanned, checked by GB 32100). A
 *   company identified after a card makes the company the applicant and
 *   keeps the card (the person filing for it: their ticket, their name on
 *   the form); a card swiped afterwards starts again as that person.
 * - Captured pages are checked at once (type by their first bytes, size) so
 *   the visitor hears about a bad page while still at the camera, and are
 *   held in memory only, up to a cap, until they are submitted or the
 *   visitor is forgotten (forgetVisitor, idle time): one idle clock and one
 *   forget with the card (VisitorSession).
 * - The screen sees the applicant masked, as everywhere in the kiosk.
 */
import { createHash, randomUUID } from 'node:crypto';
import { isValidUscc, maskIdNumber, maskName, type IdCard } from '@hall/drivers';
import { FILING_PAGE_MAX_BYTES, type StagePageRequest, type StagedPage, type VisitorIdentity } from '../../shared/kiosk-api.ts';
import { holderName } from '../card-view.ts';
import { kioskError } from '../messages.ts';
import type { VisitorPart, VisitorSession } from '../visitor.ts';

/** The applicant in full, for the hall only. */
export type Applicant = { kind: 'citizen'; idNumber: string; name?: string } | { kind: 'company'; idNumber: string };

export type PageType = StagePageRequest['contentType'];
export type HeldPage = StagedPage & { contentType: PageType; bytes: Buffer };

export type FilingSessionOptions = {
  visitor: VisitorSession;
  /** Largest page, bytes (the hall's `maxFileBytes`). */
  maxPageBytes?: number;
  /** Pages held at once for one visitor. */
  maxPages?: number;
  /** Bytes held at once for one visitor (the hall's `maxFilingBytes`). */
  maxTotalBytes?: number;
  newId?: () => string;
};

export const MAX_FILING_BYTES = 30 * 1024 * 1024;
const MATERIAL_ID = /^[a-z0-9-]{1,32}$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** What each accepted type starts with; the hall checks the same way, so a page refused there is refused here first. */
const MAGIC: Record<PageType, number[]> = {
  'image/jpeg': [0xff, 0xd8, 0xff],
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  'application/pdf': [0x25, 0x50, 0x44, 0x46, 0x2d],
};

export function isPageType(value: unknown): value is PageType {
  return typeof value === 'string' && Object.hasOwn(MAGIC, value);
}

export function startsLike(bytes: Uint8Array, type: PageType): boolean {
  const magic = MAGIC[type];
  return bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
}

export function maskedUscc(uscc: string): string {
  return maskIdNumber(uscc);
}

export class FilingSession implements VisitorPart {
  readonly #visitor: VisitorSession;
  readonly #maxPageBytes: number;
  readonly #maxPages: number;
  readonly #maxTotalBytes: number;
  readonly #newId: () => string;
  #company: string | undefined;
  readonly #pages = new Map<string, HeldPage>();

  constructor(options: FilingSessionOptions) {
    this.#visitor = options.visitor;
    this.#maxPageBytes = options.maxPageBytes ?? FILING_PAGE_MAX_BYTES;
    this.#maxPages = options.maxPages ?? 60;
    this.#maxTotalBytes = options.maxTotalBytes ?? MAX_FILING_BYTES;
    this.#newId = options.newId ?? randomUUID;
    options.visitor.attach(this);
  }

  holds(): boolean {
    return this.#company !== undefined || this.#pages.size > 0;
  }

  forget(): void {
    this.#company = undefined;
    this.#pages.clear();
  }

  /** A card was swiped: that person is the applicant now. */
  cardSwiped(): void {
    this.#company = undefined;
  }

  get card(): IdCard | undefined {
    return this.#visitor.card;
  }

  get company(): string | undefined {
    this.#visitor.expireIfIdle();
    return this.#company;
  }

  /** The applicant in full (company first, then the card), or undefined when nobody has identified. */
  applicant(): Applicant | undefined {
    const company = this.company;
    if (company) return { kind: 'company', idNumber: company };
    const card = this.card;
    if (!card) return undefined;
    const name = holderName(card);
    return name ? { kind: 'citizen', idNumber: card.idNumber, name } : { kind: 'citizen', idNumber: card.idNumber };
  }

  view(): VisitorIdentity | null {
    const company = this.company;
    if (company) return { kind: 'company', masked: maskedUscc(company) };
    const card = this.card;
    if (!card) return null;
    const name = holderName(card);
    return name
      ? { kind: 'citizen', masked: maskIdNumber(card.idNumber), nameMasked: maskName(name) }
      : { kind: 'citizen', masked: maskIdNumber(card.idNumber) };
  }

  identifyCompany(raw: unknown): VisitorIdentity {
    const uscc = typeof raw === 'string' ? raw.replace(/[\s-]/g, '').toUpperCase() : '';
    if (!isValidUscc(uscc)) throw kioskError('INVALID_USCC');
    this.#visitor.expireIfIdle();
    this.#company = uscc;
    this.#visitor.touch();
    return { kind: 'company', masked: maskedUscc(uscc) };
  }

  /** Checks a captured page and holds it for this visitor. */
  stage(raw: unknown): StagedPage {
    const r = (raw ?? {}) as Partial<StagePageRequest>;
    if (typeof r.materialId !== 'string' || !MATERIAL_ID.test(r.materialId)) throw kioskError('UNKNOWN_MATERIAL');
    if (!isPageType(r.contentType)) throw kioskError('FILE_TYPE_NOT_ALLOWED');
    const data = typeof r.dataBase64 === 'string' ? r.dataBase64.replace(/\s/g, '') : '';
    // Refuse an oversized page before decoding it.
    if (Math.floor((data.length * 3) / 4) - 2 > this.#maxPageBytes) throw kioskError('FILE_TOO_LARGE');
    if (data.length === 0 || data.length % 4 !== 0 || !BASE64.test(data)) throw kioskError('FILE_TYPE_NOT_ALLOWED');
    const bytes = Buffer.from(data, 'base64');
    if (bytes.length > this.#maxPageBytes) throw kioskError('FILE_TOO_LARGE');
    if (!startsLike(bytes, r.contentType)) throw kioskError('FILE_TYPE_NOT_ALLOWED');
    this.#visitor.expireIfIdle();
    if (this.#pages.size >= this.#maxPages) throw kioskError('TOO_MANY_STAGED');
    if (this.heldBytes() + bytes.length > this.#maxTotalBytes) throw kioskError('FILING_TOO_LARGE');
    const page: HeldPage = {
      pageId: this.#newId(),
      materialId: r.materialId,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      size: bytes.length,
      contentType: r.contentType,
      bytes,
    };
    this.#pages.set(page.pageId, page);
    this.#visitor.touch();
    const { bytes: _bytes, ...view } = page;
    return view;
  }

  drop(pageId: unknown): void {
    if (typeof pageId === 'string') this.#pages.delete(pageId);
  }

  /** The held pages with these ids, in the order given; PAGE_NOT_FOUND if any is gone (forgotten, dropped). */
  take(pageIds: readonly string[]): HeldPage[] {
    this.#visitor.expireIfIdle();
    return pageIds.map((id) => {
      const page = this.#pages.get(id);
      if (!page) throw kioskError('PAGE_NOT_FOUND');
      return page;
    });
  }

  /** Pages that went into a filing are not kept for the next one. */
  release(pageIds: readonly string[]): void {
    for (const id of pageIds) this.#pages.delete(id);
  }

  heldBytes(): number {
    let n = 0;
    for (const p of this.#pages.values()) n += p.size;
    return n;
  }
}
