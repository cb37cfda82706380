// Registers the jobs feature. Placeholder until its issue lands.
import type { Services } from '../log';

export function registerJobs(_services: Services): void {
  // Filled in by the jobs feature.
}
