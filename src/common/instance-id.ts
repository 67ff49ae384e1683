import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

/** Injection token: this application among the instances of a deployment, the owner written on its leases. */
export const INSTANCE_ID = Symbol('INSTANCE_ID');

/** One per application, not per process: tests run two instances in one process. */
export function newInstanceId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}
