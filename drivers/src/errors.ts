/**
 * Every failure a driver reports is a subclass of DriverError with a boolean
 * marker, so callers can branch on `err.disconnected` or `err.timeout`
 * without importing the class (as node-serialport does). Bad arguments are
 * plain TypeErrors.
 */
export class DriverError extends Error {
  override name = 'DriverError';
  /** A stable, machine-readable code, e.g. `GA467_NO_CARD`. */
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/**
 * A failure to put in front of people: `messageZh` for the kiosk screen,
 * `messageEn` for the technician, both ready to show.
 */
export class BilingualError extends DriverError {
  override name = 'BilingualError';
  readonly messageZh: string;
  readonly messageEn: string;
  constructor(code: string, zh: string, en: string, message = `${en} (${zh})`) {
    super(code, message);
    this.messageZh = zh;
    this.messageEn = en;
  }
}

export class DisconnectedError extends DriverError {
  override name = 'DisconnectedError';
  readonly disconnected = true;
  constructor(message = 'device disconnected', options?: { cause?: unknown }) {
    super('DISCONNECTED', message, options);
  }
}

export class TimeoutError extends DriverError {
  override name = 'TimeoutError';
  readonly timeout = true;
  constructor(message: string) {
    super('TIMEOUT', message);
  }
}

export class NotOpenError extends DriverError {
  override name = 'NotOpenError';
  readonly notOpen = true;
  constructor(message = 'transport is not open') {
    super('NOT_OPEN', message);
  }
}
