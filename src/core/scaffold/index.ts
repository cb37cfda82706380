// Scaffold: options in, files out ({path, text}). Pure: the feature layer writes them.
import { checkOptions, isApplication, isOperator, type ScaffoldFile, type ScaffoldOptions } from './options';
import { operatorDocs } from './operator';
import { dockerfile, secretDoc } from './parts';
import { renderYaml } from './render';
import { standaloneDocs } from './standalone';

export * from './options';
export * from './versions';
export { parseMemoryMiB, checkProcessMemory, MIN_JOBMANAGER_MIB, MIN_TASKMANAGER_MIB } from './memory';

export class ScaffoldOptionsError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Cannot generate the manifests: ${problems.join(' ')}`);
    this.name = 'ScaffoldOptionsError';
  }
}

/** The main manifest file (opened after writing). */
export function mainFileName(o: Pick<ScaffoldOptions, 'name'>): string {
  return `${o.name}.yaml`;
}

/** Generates the files for the options; throws ScaffoldOptionsError when they are invalid. */
export function scaffold(o: ScaffoldOptions): ScaffoldFile[] {
  const problems = checkOptions(o);
  if (problems.length) throw new ScaffoldOptionsError(problems);
  const docs = isOperator(o.kind) ? operatorDocs(o) : standaloneDocs(o);
  const files: ScaffoldFile[] = [{ path: mainFileName(o), text: renderYaml(docs) }];
  if (o.kind !== 'operator-session-job' && o.credentials?.length) {
    files.push({ path: `${o.name}-secret.yaml`, text: renderYaml([secretDoc(o)]) });
  }
  if (isApplication(o.kind)) files.push({ path: 'Dockerfile', text: dockerfile(o) });
  return files;
}
