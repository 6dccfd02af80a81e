// The image config as the later stages read it, whichever source it came from: fields of the wrong type
// are dropped here, so a malformed config can never make a check crash on `config.Env.map`.
import { isRecord, stringList, stringRecord } from './json-value';
import type { ImageConfig, Platform } from './types';

/** Undefined when the JSON is not an object at all. */
export function parseImageConfig(value: unknown): ImageConfig | undefined {
  if (!isRecord(value)) return undefined;
  const result: ImageConfig = {};
  if (typeof value.architecture === 'string') result.architecture = value.architecture;
  if (typeof value.os === 'string') result.os = value.os;
  if (typeof value.variant === 'string' && value.variant !== '') result.variant = value.variant;
  if (typeof value.created === 'string') result.created = value.created;
  if (isRecord(value.config)) result.config = readRuntimeConfig(value.config);
  if (Array.isArray(value.history)) {
    result.history = value.history.filter(isRecord).map((entry) => {
      const step: NonNullable<ImageConfig['history']>[number] = {};
      if (typeof entry.created === 'string') step.created = entry.created;
      if (typeof entry.created_by === 'string') step.created_by = entry.created_by;
      if (typeof entry.comment === 'string') step.comment = entry.comment;
      if (entry.empty_layer === true) step.empty_layer = true;
      return step;
    });
  }
  // The diff_ids are what the sources check, one per layer; a missing `type` (always "layers") does not
  // make them unusable.
  if (isRecord(value.rootfs) && Array.isArray(value.rootfs.diff_ids)) {
    result.rootfs = { type: typeof value.rootfs.type === 'string' ? value.rootfs.type : '', diff_ids: stringList(value.rootfs.diff_ids) ?? [] };
  }
  return result;
}

function readRuntimeConfig(value: Record<string, unknown>): NonNullable<ImageConfig['config']> {
  const result: NonNullable<ImageConfig['config']> = {};
  if (typeof value.User === 'string') result.User = value.User;
  const env = stringList(value.Env);
  if (env !== undefined) result.Env = env;
  if (isRecord(value.ExposedPorts)) result.ExposedPorts = value.ExposedPorts;
  if (isRecord(value.Healthcheck)) {
    const test = stringList(value.Healthcheck.Test);
    result.Healthcheck = test === undefined ? {} : { Test: test };
  }
  if (value.Entrypoint === null || Array.isArray(value.Entrypoint)) result.Entrypoint = value.Entrypoint === null ? null : (stringList(value.Entrypoint) ?? null);
  if (value.Cmd === null || Array.isArray(value.Cmd)) result.Cmd = value.Cmd === null ? null : (stringList(value.Cmd) ?? null);
  if (typeof value.WorkingDir === 'string') result.WorkingDir = value.WorkingDir;
  if (value.Labels === null) result.Labels = null;
  else if (isRecord(value.Labels)) result.Labels = stringRecord(value.Labels);
  return result;
}

/** The platform a config records, when it names both OS and architecture. */
export function configPlatform(config: ImageConfig): Platform | undefined {
  if (config.os === undefined || config.architecture === undefined) return undefined;
  return { os: config.os, architecture: config.architecture, ...(config.variant ? { variant: config.variant } : {}) };
}
