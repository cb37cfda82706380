// One exception list for 1.x and 2.x: 2.0 removed the legacy root fields of /jobs/:id/exceptions
// and only `exceptionHistory` remains; 1.x may have only the root fields filled.
import type { JobExceptions } from './types';

export interface JobException {
  name: string;
  /** First line of the stack trace, without the class prefix when it repeats the name. */
  message: string;
  stacktrace: string;
  timestamp: number;
  taskName?: string;
  endpoint?: string;
  taskManagerId?: string;
  concurrent: number;
}

export function normalizeExceptions(body: JobExceptions): { entries: JobException[]; truncated: boolean } {
  const history = body.exceptionHistory?.entries ?? [];
  if (history.length) {
    return {
      truncated: !!body.exceptionHistory?.truncated,
      entries: history.map((e) => ({
        name: e.exceptionName,
        message: firstLine(e.stacktrace, e.exceptionName),
        stacktrace: e.stacktrace,
        timestamp: e.timestamp,
        taskName: e.taskName ?? undefined,
        endpoint: e.endpoint ?? e.location ?? undefined,
        taskManagerId: e.taskManagerId ?? undefined,
        concurrent: e.concurrentExceptions?.length ?? 0,
      })),
    };
  }
  const root = body['root-exception'];
  if (root) {
    const name = /^([\w$.]+)/.exec(root)?.[1] ?? 'Exception';
    return {
      truncated: !!body.truncated,
      entries: [
        {
          name,
          message: firstLine(root, name),
          stacktrace: root,
          timestamp: body.timestamp ?? 0,
          concurrent: body['all-exceptions']?.length ?? 0,
        },
      ],
    };
  }
  return { entries: [], truncated: !!body.exceptionHistory?.truncated };
}

function firstLine(stack: string, name: string): string {
  const line = (stack ?? '').split('\n')[0]?.trim() ?? '';
  if (line.startsWith(`${name}: `)) return line.slice(name.length + 2);
  return line || name;
}
