import { settlesWithin } from './durations.ts';
import { SERVICES, shutdownWaves } from './services.ts';
import type { SupervisedService } from './supervised-service.ts';

/** Services get SIGTERM, and SIGKILL if still alive this long after the stop request. */
export const SERVICES_STOP_BUDGET_MS = 8_000;
/** A shutdown wave that is slow to exit holds back the next wave's SIGTERM at most this long. */
const WAVE_PATIENCE_MS = 2_000;

/**
 * SIGTERM wave by wave (gateway, workers, domain services), each once the previous wave has
 * exited or has had WAVE_PATIENCE_MS, so one hung service still leaves the others time to
 * finish; whatever is alive SERVICES_STOP_BUDGET_MS after `requestedAt` gets SIGKILL.
 */
export async function stopInReverseOrder(services: ReadonlyMap<string, SupervisedService>, requestedAt: number): Promise<void> {
  const killAt = requestedAt + SERVICES_STOP_BUDGET_MS;
  const waves: Promise<unknown>[] = [];
  for (const [index, wave] of shutdownWaves(SERVICES).entries()) {
    await settlesWithin(waves.at(-1) ?? Promise.resolve(), requestedAt + index * WAVE_PATIENCE_MS - Date.now());
    waves.push(Promise.all(wave.map((definition) => services.get(definition.name)?.stop(killAt))));
  }
  await Promise.all(waves);
}
