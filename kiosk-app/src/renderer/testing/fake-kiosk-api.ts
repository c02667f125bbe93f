/**
 * An in-memory KioskApi for renderer tests: canned answers that a test can
 * change, every call recorded, and `emit` to play the devices and the hall.
 *
 * One object answers every role's methods, so a test of any app sets its
 * canned answers in one place. Each role's methods and fixtures are written
 * in their own file under fake-kiosk/, as kiosk-methods.ts groups them; the
 * classes there extend one another only to add up to that one object.
 */
import type { KioskApi } from '../../shared/kiosk-api.ts';
import { FakeCounterRole } from './fake-kiosk/counter.ts';

export { demoServices, devicesOk, info, maskedCard, service } from './fake-kiosk/common.ts';
export { counterFiling, counterState, counterTicket, PAGE_PNG_BASE64 } from './fake-kiosk/counter.ts';
export { COMPANY_USCC, filingGuideFor, filingLookup, filingServices, myMaterial, TRACKING_CODE, TRACKING_CODE_BAD } from './fake-kiosk/filing.ts';
export { ticketFor } from './fake-kiosk/ticket.ts';
export { FakeLink } from './fake-link.ts';

export class FakeKioskApi extends FakeCounterRole implements KioskApi {}

/** Lets pending promise callbacks run. */
export const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
