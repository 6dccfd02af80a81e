// `shipshape.run` decides when the client asks the server for diagnostics: as the user types, or when the
// file is saved. Opening a file always pulls.

export type RunSetting = 'onType' | 'onSave';
export type PullTrigger = 'onType' | 'onSave' | 'onFocus';

/** True when a pull caused by `trigger` should be skipped under the `run` setting. */
export function skipPull(run: unknown, trigger: PullTrigger): boolean {
  const mode: RunSetting = run === 'onSave' ? 'onSave' : 'onType';
  if (trigger === 'onType') return mode !== 'onType';
  if (trigger === 'onSave') return mode !== 'onSave';
  return false;
}
