// npm run testbed:down: stop every test bed process and remove its temp dirs.
import { down } from './index.mjs';

down({ force: true }).catch((e) => {
  console.error(`testbed down failed: ${e.message}`);
  process.exit(1);
});
