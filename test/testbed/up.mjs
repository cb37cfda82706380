// npm run testbed:up [-- --flink 2]  (or FLINK_VERSION=2): start the test bed and leave it running.
import { up } from './index.mjs';

const i = process.argv.indexOf('--flink');
const flinkVersion = i > 0 ? process.argv[i + 1] : process.env.FLINK_VERSION;
up({ flinkVersion }).then(
  (state) =>
    console.log(
      `state: ${state.statePath}\nKUBECONFIG=${state.kubeconfig} (contexts ${state.context}, ${state.limitedContext}); Flink ${state.flinkVersion} at ${state.flinkRestUrl}\nstop it with: npm run testbed:down`,
    ),
  (e) => {
    console.error(`testbed up failed: ${e.message}`);
    process.exit(1);
  },
);
