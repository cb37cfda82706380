// Runs the built flink-lint (dist/cli.js, the package's bin) with the given arguments and, on exit,
// writes its own CPU time and peak RSS to stderr: `STAT <cpu ms> <peak rss MB>`.
import { writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'cli.js');
process.argv = [process.argv[0], cli, ...process.argv.slice(2)];
process.on('exit', () => {
  const c = process.cpuUsage();
  writeSync(
    2,
    `\nSTAT ${Math.round((c.user + c.system) / 1000)} ${Math.round(process.resourceUsage().maxRSS / 1024)}\n`,
  );
});
await import(pathToFileURL(cli).href);
