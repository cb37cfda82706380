// Program arguments typed in one input box, split like a POSIX shell would (quotes and
// backslashes), so `--input "a b"` reaches the job as two arguments. Pure.

export function splitArgs(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inToken = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line.charAt(i);
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"' && i + 1 < line.length && '"\\$`'.includes(line.charAt(i + 1)))
        cur += line[++i];
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inToken = true;
    } else if (ch === '\\' && i + 1 < line.length) {
      cur += line[++i];
      inToken = true;
    } else if (/\s/.test(ch)) {
      if (inToken) out.push(cur);
      cur = '';
      inToken = false;
    } else {
      cur += ch;
      inToken = true;
    }
  }
  if (quote) throw new Error(`Unclosed ${quote} quote in the program arguments.`);
  if (inToken) out.push(cur);
  return out;
}

/** Web UI route of a job (Flink 1.16+ splits running and completed jobs). */
export function jobWebUiUrl(baseUrl: string, jobId: string, terminal: boolean): string {
  return `${baseUrl.replace(/\/+$/, '')}/#/job/${terminal ? 'completed' : 'running'}/${jobId}/overview`;
}
