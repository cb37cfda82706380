// The actions of a log session whose test does not look at copy, open or save.
import type { SessionActions } from '../../src/features/logs/session-options';

export const NO_ACTIONS: SessionActions = {
  copy: () => undefined,
  openInEditor: () => undefined,
  saveToFile: () => undefined,
};
