// Runs the built flink-lint (dist/cli.js, the package's bin) with the given arguments and, on exit,
// writes its own CPU time and peak RSS to stderr: `STAT <cpu ms> <peak rss MB>`.
const { writeSync } = require('node:fs');
const { join } = require('node:path');
const cli = join(__dirname, '..', '..', 'dist', 'cli.js');
process.argv = [process.argv[0], cli, ...process.argv.slice(2)];
process.on('exit', () => {
  const c = process.cpuUsage();
  writeSync(
    2,
    `\nSTAT ${Math.round((c.user + c.system) / 1000)} ${Math.round(process.resourceUsage().maxRSS / 1024)}\n`,
  );
});
require(cli);
