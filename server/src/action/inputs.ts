// The GitHub Action's inputs (action.yml) as `shipshape lint` arguments. The runner passes each input as an
// environment variable INPUT_<NAME>, upper-cased with spaces turned into underscores and hyphens kept
// (`fail-on` → `INPUT_FAIL-ON`), empty when the workflow does not set it.

export interface ActionInputs {
  /** Paths and quoted globs to lint, relative to the workspace. */
  paths: string[];
  config: string | undefined;
  failOn: string;
  format: string;
  /** Where to write a SARIF report for code scanning, besides the report in the log. */
  sarifFile: string | undefined;
}

export function actionInput(env: Record<string, string | undefined>, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

export function readActionInputs(env: Record<string, string | undefined>): ActionInputs {
  const paths = actionInput(env, 'path').split(/\s+/).filter((path) => path !== '');
  return {
    paths: paths.length > 0 ? paths : ['.'],
    config: actionInput(env, 'config') || undefined,
    failOn: actionInput(env, 'fail-on') || 'error',
    format: actionInput(env, 'format') || 'stylish',
    sarifFile: actionInput(env, 'sarif-file') || undefined,
  };
}

/**
 * The lint runs the inputs ask for: the SARIF file first (it must be written even when the run fails, so code
 * scanning shows why), then the report in the log, whose exit code is the action's.
 */
export function lintRuns(inputs: ActionInputs): { sarif: string[] | undefined; log: string[] } {
  const common = [...inputs.paths, ...(inputs.config ? ['--config', inputs.config] : []), '--no-color'];
  return {
    sarif: inputs.sarifFile ? ['lint', ...common, '--format', 'sarif', '--output', inputs.sarifFile, '--fail-on', 'never'] : undefined,
    log: ['lint', ...common, '--format', inputs.format, '--fail-on', inputs.failOn],
  };
}
