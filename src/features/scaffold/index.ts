// Registers the scaffold feature. Placeholder until its issue lands.
import type { Services } from '../log';

export function registerScaffold(_services: Services): void {
  // Filled in by the scaffold feature.
}
