/**
 * Acknowledging a QoS 1 message only once it is stored, with mqtt.js 5.
 *
 * What mqtt.js does (build/lib/client.js and handlers/publish.js, 5.16):
 * incoming packets go through one queue, one at a time; the next packet is
 * handled only after the current one's `done`. For a QoS 1 PUBLISH it calls
 * `handleMessage(packet, callback)`, and the callback sends the PUBACK and
 * then calls `done`. So holding the callback until a database commit would
 * hold every packet behind it (the next messages, and PINGRESP, so the
 * keepalive would end the connection): batches of one.
 *
 * Calling the callback with an error skips the PUBACK and calls `done` at
 * once (handlers/publish.js: `if (err) return done(err)`, and `done` ignores
 * its argument), so the next message is read. The PUBACK is then sent later
 * through the client's own packet writer, the same call mqtt.js uses for
 * its own PUBACKs. `_sendPacket` is private to mqtt.js: the consumer tests
 * (a batch acknowledged is not redelivered; a batch not acknowledged is)
 * fail if a new mqtt.js changes either half.
 */
import type { MqttClient } from 'mqtt';

/** Passed to `handleMessage`'s callback to mean "PUBACK later, read on". Never emitted as an error. */
export const ACK_LATER = new Error('PUBACK deferred until the message is stored');

/** Sends the PUBACK for a message; only for a message received on the client's current connection. */
export function sendPuback(client: MqttClient, messageId: number): void {
  // biome-ignore lint/complexity/useLiteralKeys: private to mqtt.js; TypeScript lets only bracket access reach it
  client['_sendPacket']({ cmd: 'puback', messageId, reasonCode: 0 });
}
