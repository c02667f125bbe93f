/**
 * KioskApi: the one interface the kiosk renderer uses for hardware and the
 * hall. The renderer never sees a full ID number or name: the device host
 * keeps the card it read and uses it when the visitor asks for a ticket.
 *
 * Two carriers implement it with the same messages (see rpc.ts): Electron's
 * preload bridge over allowlisted IPC channels, and a WebSocket to the local
 * device agent (`npm run agent`) for browsers, demos and tests.
 */
import type { Service } from './hall-types.ts';

export type KioskRole = 'ticket' | 'filing' | 'counter';
export type Localized = { 'zh-CN': string; 'zh-TW'?: string; en: string };

export type KioskInfo = {
  role: KioskRole;
  terminalName: string;
  hall: { id: string; name: { 'zh-CN': string; en: string } } | null;
  policy: {
    /** May a visitor take a ticket without an ID card or appointment? */
    anonymousTickets: boolean;
    /** Age (from the ID card) at which the green channel is offered. */
    greenChannelAge: number;
  };
  /** Base of the URL printed as a QR on tickets, to follow the queue on a phone. */
  trackBaseUrl: string;
  agentVersion: string;
};

/** What the screen may show of a card: masked, plus what the flow needs to decide. */
export type MaskedCard = {
  cardType: 'resident' | 'foreign' | 'foreign2023' | 'hmt';
  nameMasked: string;
  idMasked: string;
  gender: 'male' | 'female';
  /** Whole years on the hall's day. */
  age: number;
  /** Offered the green channel by age under the hall's policy. */
  greenChannelByAge: boolean;
  readAt: string;
};

export type ScanKind = 'appointment' | 'ticket' | 'id-number' | 'uscc' | 'url' | 'text';
/** A code read by a scanner. ID numbers arrive masked; appointment codes and ticket numbers in the clear. */
export type ScanEvent = { kind: ScanKind; text: string; at: string };

export type DeviceName = 'idReader' | 'printer' | 'scanner' | string;
export type DeviceState = 'ok' | 'warning' | 'error' | 'absent';
export type DeviceStatus = {
  device: DeviceName;
  model: string;
  state: DeviceState;
  /** PAPER_LOW, PAPER_OUT, COVER_OPEN, DISCONNECTED, OFFLINE, … */
  code?: string;
  message?: Localized;
  since: string;
};

export type HallLink = {
  online: boolean;
  since: string;
  /** Tickets issued offline and not yet synced back. */
  pendingOffline: number;
};

export type ServiceOption = Service;

export type IssueRequest = {
  serviceCode: string;
  /** Issue against the card the visitor swiped in this session. */
  withCard?: boolean;
  /** Staff-confirmed green channel (staff PIN session only). */
  greenChannel?: 'disabled' | 'military';
};

export type IssuedTicket = {
  id?: string;
  number: string;
  serviceCode: string;
  serviceName: { 'zh-CN': string; en: string };
  windowHint: string;
  waitingAhead: number;
  estimatedWaitMinutes: number;
  issuedAt: string;
  trackUrl: string;
  priority?: string;
  /** Issued from a leased block while the hall was unreachable; synced later. */
  offline: boolean;
};

export type IssueResult = { ticket: IssuedTicket; printed: boolean };

export type TicketLookup = {
  number: string;
  status: string;
  serviceCode: string;
  waitingAhead: number;
  estimatedWaitMinutes: number;
  windowNo?: number;
};

/** Every refusal reaches the renderer with a stable code and a message in each language. */
export type KioskErrorBody = { code: string; message: Localized; details?: Record<string, unknown> };

export class KioskError extends Error {
  readonly code: string;
  readonly messages: Localized;
  readonly details?: Record<string, unknown>;
  constructor(body: KioskErrorBody) {
    super(body.message.en);
    this.name = 'KioskError';
    this.code = body.code;
    this.messages = body.message;
    this.details = body.details;
  }
}

export type KioskEvents = {
  card: MaskedCard;
  'card:error': KioskErrorBody;
  scan: ScanEvent;
  devices: DeviceStatus[];
  hall: HallLink;
  /** Service load changed: waiting counts and estimates. */
  services: ServiceOption[];
};

export interface KioskApi {
  info(): Promise<KioskInfo>;
  services(): Promise<ServiceOption[]>;
  devices(): Promise<DeviceStatus[]>;
  hall(): Promise<HallLink>;
  /** Issues (online, or offline from a lease), prints, and answers with the ticket. */
  issueTicket(request: IssueRequest): Promise<IssueResult>;
  /** Checks an appointment in by its code (typed or scanned) and prints its ticket. */
  checkIn(code: string): Promise<IssueResult>;
  /** The people ahead and the wait for a ticket number issued today. */
  lookupTicket(number: string): Promise<TicketLookup>;
  /** Drops everything held for the current visitor (the swiped card). */
  forgetVisitor(): Promise<void>;
  staffLogin(pin: string): Promise<boolean>;
  /** Staff only (after staffLogin): reprint the last ticket after a jam. */
  reprintLast(): Promise<IssueResult>;
  testPrint(): Promise<void>;
  exitKiosk(): Promise<void>;
  on<E extends keyof KioskEvents>(event: E, listener: (payload: KioskEvents[E]) => void): () => void;
}

/** The methods a carrier may forward: anything else is dropped. */
export const KIOSK_METHODS = [
  'info',
  'services',
  'devices',
  'hall',
  'issueTicket',
  'checkIn',
  'lookupTicket',
  'forgetVisitor',
  'staffLogin',
  'reprintLast',
  'testPrint',
  'exitKiosk',
] as const satisfies readonly (keyof KioskApi)[];
export type KioskMethod = (typeof KIOSK_METHODS)[number];

export const KIOSK_EVENTS = ['card', 'card:error', 'scan', 'devices', 'hall', 'services'] as const satisfies readonly (keyof KioskEvents)[];
