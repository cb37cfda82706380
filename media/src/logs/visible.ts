// The line text rules live with the host (the whole-log search applies the same ones).
export { visibleText } from '../../../src/features/logs/line-text';
