/** An account whose name is taken: a hall id, or an MQTT username, already in use. */
export class DuplicateAccountError extends Error {
  readonly duplicate = true;
  readonly username: string;

  constructor(what: string, username: string) {
    super(`${what} "${username}" already exists`);
    this.name = 'DuplicateAccountError';
    this.username = username;
  }
}
