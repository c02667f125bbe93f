/**
 * 自助申报 as the hall keeps it. A filing is a case file, not part of the
 * queue: it lives beside the event log (like staff and the audit log), and a
 * ticket refers to it only through the link the filing holds.
 */
import type { FileContentType } from '../domain/config.ts';

export const FILING_STATUSES = ['submitted', 'accepted', 'in-review', 'done', 'returned'] as const;
export type FilingStatus = (typeof FILING_STATUSES)[number];

export type ApplicantKind = 'citizen' | 'company';

export type FilingPage = { sha256: string; contentType: FileContentType; size: number };

export type FilingMaterial = {
  materialId: string;
  name: string;
  /** Taken from 我的材料 rather than scanned for this filing. */
  reused: boolean;
  pages: FilingPage[];
};

/** Who changed a filing: the token's role and name, and at a window the clerk on duty. */
export type FilingActor = { role: string; name?: string; windowNo?: number; staffNo?: string };

export type FilingHistoryEntry = { status: FilingStatus; at: number; by?: FilingActor; reason?: string };

/** What a filing holds of its applicant in the clear: masks and the keyed hash only. */
export type ApplicantRef = { kind: ApplicantKind; hash: string; masked: string; nameMasked?: string };

export type Filing = {
  id: string;
  trackingCode: string;
  serviceCode: string;
  status: FilingStatus;
  submittedAt: number;
  /** When the hall got it; later than `submittedAt` for a filing made offline. */
  receivedAt: number;
  dueDate?: string;
  applicant: ApplicantRef;
  materials: FilingMaterial[];
  returnReason?: string;
  ticketId?: string;
  ticketNumber?: string;
  offline: boolean;
  terminal?: string;
  history: FilingHistoryEntry[];
};

/** A stored upload (the bytes are in the file store, encrypted). */
export type StoredFile = { sha256: string; size: number; contentType: FileContentType; createdAt: number; referenced: boolean };

/** 我的材料: a filing's material, its pages, that a person agreed to let the hall keep, to reuse in a later filing. */
export type MyMaterial = Pick<FilingMaterial, 'materialId' | 'name' | 'pages'> & {
  id: string;
  ownerHash: string;
  filingId: string;
  submittedAt: number;
  expiresAt: number;
};
