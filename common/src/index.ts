/** Small pieces every package shares, so each rule is written once. */
export { citizenCheckChar, hasCitizenCheckChar, usccCheckChar, USCC_ALPHABET, hasUsccCheckChar, maskIdNumber, maskName, maskAddress } from './identity.ts';
export { TICKET_NUMBER } from './ticket-number.ts';
export { serialQueue, type Serial } from './serial.ts';
export { backoffDelay, Backoff, type BackoffOptions } from './backoff.ts';
export { isLoopbackHost } from './loopback.ts';
