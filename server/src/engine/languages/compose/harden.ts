// "Harden this service": one code action that applies the hardening settings a Compose service lacks —
// a non-root user, no-new-privileges, cap_drop ALL, a read-only root filesystem with a tmpfs for /tmp — and
// turns privileged off. Settings the service already has (itself, through an anchor or what it extends) are
// left alone; nothing is edited outside the service's own map in the linted file.
import type { Edit, Fix } from '../../types';
import { mergeInsertions } from '../kubernetes/yaml-insert';
import { appendToServiceList, ensureInService, setValueEdits } from './edits';
import { booleanSetting, type ComposeModel, type ComposeService } from './model';
import { capabilityItems, securityOptions } from './service-settings';

export const HARDENED_USER = '10001:10001';

/** Unsafe: each setting can stop a service that relies on root, setuid programs, capabilities or a writable image. */
export function hardenService(model: ComposeModel, service: ComposeService): Fix | undefined {
  if (!service.source.linted || !service.editable) return undefined;
  const edits: Edit[] = [];
  const missing: Record<string, string | boolean | string[]> = {};
  const privileged = service.settings.get('privileged');
  if (privileged && booleanSetting(model, privileged) === true) edits.push(...setValueEdits(model, privileged.at, false));
  if (!service.settings.has('user')) missing.user = HARDENED_USER;
  const options = securityOptions(model, service);
  if (!options.some((option) => option.name === 'no-new-privileges' && (option.value === undefined || option.value.toLowerCase() === 'true'))) {
    edits.push(...appendToServiceList(model, service, 'security_opt', 'no-new-privileges:true', service.settings.get('security_opt')));
  }
  if (!capabilityItems(model, service.settings.get('cap_drop')).some((capability) => capability.name === 'ALL')) {
    edits.push(...appendToServiceList(model, service, 'cap_drop', 'ALL', service.settings.get('cap_drop')));
  }
  const readOnly = service.settings.get('read_only');
  if (readOnly && booleanSetting(model, readOnly) === false) edits.push(...setValueEdits(model, readOnly.at, true));
  else if (!readOnly) missing.read_only = true;
  if (booleanSetting(model, readOnly) !== true && !service.settings.has('tmpfs')) missing.tmpfs = ['/tmp'];
  if (Object.keys(missing).length > 0) edits.push(...ensureInService(model, service, missing));
  if (edits.length === 0) return undefined;
  return { title: `Harden service "${service.name}"`, safety: 'unsafe', edits: mergeInsertions(edits) };
}
