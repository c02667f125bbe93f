/**
 * Every failure a driver reports is a subclass of DriverError with a boolean
 * marker, so callers can branch on `err.disconnected` or `err.timeout`
 * without importing the class (as node-serialport does). Bad arguments are
 * plain TypeErrors.
 *
 * A kind is declared in one way: `class X extends marked(Base, 'marker')`,
 * with a constructor only where it builds its code and message from what it
 * was given. What a caller may read off the error besides its code (the
 * checksum expected, the bytes skipped) is passed up as `details` and typed
 * with `declare readonly`: a plain field declaration would reset it to
 * undefined once the base constructor had set it.
 */
export class DriverError extends Error {
  /** A stable, machine-readable code, e.g. `GA467_NO_CARD`. */
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown; details?: object }) {
    super(message, options);
    // The class's own name, said once where the class is declared.
    this.name = new.target.name;
    this.code = code;
    if (options?.details) Object.assign(this, options.details);
  }
}

type ErrorClass = new (...args: never[]) => DriverError;

/** The instances of a kind: its base's, with each of its markers set. */
export type Marked<E, M extends string> = E & { readonly [K in M]: true };

/**
 * The base of a kind of error that is `Base` with `markers` set to true on
 * every instance (`err.noCard`, `err.paperOut`); it takes Base's arguments.
 */
export function marked<B extends ErrorClass, M extends string>(
  Base: B,
  ...markers: M[]
): new (
  ...args: ConstructorParameters<B>
) => Marked<InstanceType<B>, M> {
  const set = Object.fromEntries(markers.map((m) => [m, true]));
  const Kind = class extends (Base as unknown as typeof DriverError) {
    constructor(...args: ConstructorParameters<typeof DriverError>) {
      super(...args);
      Object.assign(this, set);
    }
  };
  return Kind as unknown as new (
    ...args: ConstructorParameters<B>
  ) => Marked<InstanceType<B>, M>;
}

/**
 * A failure to put in front of people: `messageZh` for the kiosk screen,
 * `messageEn` for the technician, both ready to show.
 */
export class BilingualError extends DriverError {
  readonly messageZh: string;
  readonly messageEn: string;
  constructor(code: string, zh: string, en: string, options: { message?: string; details?: object } = {}) {
    super(code, options.message ?? `${en} (${zh})`, { details: options.details });
    this.messageZh = zh;
    this.messageEn = en;
  }
}

export class DisconnectedError extends marked(DriverError, 'disconnected') {
  constructor(message = 'device disconnected', options?: { cause?: unknown }) {
    super('DISCONNECTED', message, options);
  }
}

export class TimeoutError extends marked(DriverError, 'timeout') {
  constructor(message: string) {
    super('TIMEOUT', message);
  }
}

export class NotOpenError extends marked(DriverError, 'notOpen') {
  constructor(message = 'transport is not open') {
    super('NOT_OPEN', message);
  }
}
