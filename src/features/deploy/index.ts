// Registers the deploy feature. Placeholder until its issue lands.
import type { Services } from '../log';

export function registerDeploy(_services: Services): void {
  // Filled in by the deploy feature.
}
