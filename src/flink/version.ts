// Flink version parsing and what the REST API can do at that version (docs/reference/flink.md §1.4–1.5).

export interface FlinkVersion {
  major: number;
  minor: number;
  patch: number;
  raw: string;
}

export function parseFlinkVersion(raw: string | undefined): FlinkVersion | undefined {
  if (!raw) return undefined;
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(raw.trim());
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0), raw: raw.trim() };
}

export function atLeast(v: FlinkVersion | undefined, major: number, minor: number): boolean {
  if (!v) return false;
  return v.major > major || (v.major === major && v.minor >= minor);
}

/** What differs between versions, in terms the client acts on. */
export interface FlinkCapabilities {
  /** 1.16+: GET /jobs/:id/status. */
  jobStatusEndpoint: boolean;
  /** 1.15+: triggerId and formatType in savepoint/stop bodies. */
  savepointFormatType: boolean;
  /** <= 1.19 rejects unknown body fields with HTTP 400; 1.20+ ignores them. */
  strictRequestBodies: boolean;
  /** 2.0 removed `programArgs` (string) from the jar run body; programArgsList exists since 1.x. */
  programArgsStringRemoved: boolean;
  /** 2.0 removed the legacy root-exception fields of /exceptions. */
  legacyRootExceptions: boolean;
  /** 1.17+: manual checkpoint trigger. */
  checkpointTrigger: boolean;
  /** Config key for the default savepoint dir in the error message and defaults. */
  savepointDirKey: string;
}

export function capabilities(v: FlinkVersion | undefined): FlinkCapabilities {
  // Unknown version: assume the newest behaviour but keep request bodies minimal.
  const unknown = v === undefined;
  return {
    jobStatusEndpoint: unknown || atLeast(v, 1, 16),
    savepointFormatType: unknown || atLeast(v, 1, 15),
    strictRequestBodies: unknown || !atLeast(v, 1, 20),
    programArgsStringRemoved: unknown || atLeast(v, 2, 0),
    legacyRootExceptions: !unknown && !atLeast(v, 2, 0),
    checkpointTrigger: unknown || atLeast(v, 1, 17),
    savepointDirKey: atLeast(v, 1, 20) || unknown ? 'execution.checkpointing.savepoint-dir' : 'state.savepoints.dir',
  };
}
