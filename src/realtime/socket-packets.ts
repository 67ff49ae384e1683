import type { Socket } from 'socket.io';
import { SOCKET_MAX_EVENT_BYTES, WireError } from './socket-events';

/**
 * Screens every event a client sends, before any handler sees it: an event the namespace does not know is answered
 * with UNKNOWN_EVENT, one over SOCKET_MAX_EVENT_BYTES with PAYLOAD_TOO_LARGE (on its ack when it asked for one, else
 * as an `error` event), and the socket stays connected. Events that arrive before `ready` (the socket's session) wait
 * for it and then go on in the order they came; when the session fails the socket is closed and they are dropped.
 */
export function screenPackets(socket: Socket, knownEvents: Readonly<Record<string, true>>, ready?: Promise<unknown>): void {
  let bound = !ready;
  void ready?.then(
    () => (bound = true),
    () => undefined,
  );
  socket.use((packet, next) => {
    const [event, ...args] = packet as unknown[];
    const ack = typeof args.at(-1) === 'function' ? (args.pop() as (response: unknown) => void) : undefined;
    const refuse = (error: WireError) => (ack ? ack({ error }) : socket.emit('error', error));
    if (typeof event !== 'string' || !Object.hasOwn(knownEvents, event)) return refuse({ code: 'UNKNOWN_EVENT', message: `No event named ${JSON.stringify(String(event)).slice(0, 80)} on ${socket.nsp.name}` });
    if (payloadBytes(args) > SOCKET_MAX_EVENT_BYTES) return refuse({ code: 'PAYLOAD_TOO_LARGE', message: `An event may carry at most ${SOCKET_MAX_EVENT_BYTES} bytes` });
    if (bound) return next();
    void ready!.then(
      () => next(),
      () => undefined,
    );
  });
}

/** The payload's size as JSON; binary attachments count by their length. */
function payloadBytes(args: unknown[]): number {
  let bytes = 0;
  // `this[key]` is the value before its toJSON (a Buffer would otherwise arrive as an array of numbers)
  const text = JSON.stringify(args, function (this: Record<string, unknown>, key: string, value: unknown) {
    const original = this[key];
    if (original instanceof ArrayBuffer || ArrayBuffer.isView(original)) {
      bytes += original.byteLength;
      return null;
    }
    return value;
  });
  return bytes + Buffer.byteLength(text ?? '');
}
