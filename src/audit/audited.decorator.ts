import { SetMetadata } from '@nestjs/common';

export const AUDITED_ACTION = 'kefu:audited-action';

/**
 * The route's successful calls go to the audit log as `action`, with the signed-in agent, the route's `:id` (or
 * the query's selector) as the target, the names of the body's fields (never their values: passwords, customers'
 * words) and the client's address.
 */
export const Audited = (action: string) => SetMetadata(AUDITED_ACTION, action);
