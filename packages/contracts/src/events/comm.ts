import { z } from 'zod';

/** Events consumed by comm-svc: a request to tell someone something, on a channel. */

export const notificationRequested = z.object({
  channel: z.enum(['email', 'telegram', 'webhook']),
  /** The user to notify; comm-svc resolves the address from the user's channel settings. */
  userId: z.uuid(),
  template: z.string().min(1),
  params: z.record(z.string(), z.string()),
  priority: z.enum(['low', 'normal', 'high']),
});
