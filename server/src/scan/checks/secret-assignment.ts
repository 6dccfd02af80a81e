// Whether `NAME=value` (an Env entry, a build argument, a line of a .env file) sets a secret: a value in a
// known credential format whatever the name, or a real value of a name that says it is secret.
import { CREDENTIAL_DESCRIPTIONS, findCredentials, isNonSecretValue, isPlaceholderValue, isSecretLikeName } from '../../engine/secrets';

export interface SecretAssignment {
  /** 'credential': the value has a credential's format; 'secret-name': only the name says it is secret. */
  kind: 'credential' | 'secret-name';
  /** "an AWS secret access key", "a value its name marks as secret". */
  description: string;
  /** The secret itself, to be masked before it is shown. */
  secret: string;
}

export function secretAssignment(name: string, value: string): SecretAssignment | undefined {
  // Some formats are recognised by the name in front of them (`AWS_SECRET_ACCESS_KEY=…`).
  const prefix = `${name}=`;
  const text = prefix + value;
  const credential = findCredentials(text).find((match) => !match.placeholder && match.start >= prefix.length);
  if (credential) return { kind: 'credential', description: CREDENTIAL_DESCRIPTIONS[credential.kind], secret: text.slice(credential.start, credential.end) };
  if (isSecretLikeName(name) && !isPlaceholderValue(value) && !isNonSecretValue(value)) {
    return { kind: 'secret-name', description: 'a value its name marks as secret', secret: value };
  }
  return undefined;
}
