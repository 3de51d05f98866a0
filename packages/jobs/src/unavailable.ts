import { JobsError } from './errors.ts';
import type { JobHandler } from './run-job.ts';

/**
 * The handler of a job whose domain logic has not been built yet. It fails at once with a reason
 * that names what will provide it; being permanent, the job goes straight to the dead letter,
 * where an operator sees it (and can retry it once the handler exists) instead of a fake success.
 */
export function unavailableHandler(name: string, providedBy: string): JobHandler {
  return async () => {
    throw new JobsError('handler_unavailable', `${name} is not available until ${providedBy}`);
  };
}
