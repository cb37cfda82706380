// Registers the validate feature. Placeholder until its issue lands.
import type { Services } from '../log';

export function registerValidate(_services: Services): void {
  // Filled in by the validate feature.
}
