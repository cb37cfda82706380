// Registers the logs feature. Placeholder until its issue lands.
import type { Services } from '../log';

export function registerLogs(_services: Services): void {
  // Filled in by the logs feature.
}
