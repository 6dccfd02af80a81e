// Parses WWW-Authenticate headers (RFC 7235): `Bearer realm="https://auth.docker.io/token",service="…",
// scope="repository:library/nginx:pull"`, `Basic realm="Registry"`, or several challenges in one header.

export interface AuthChallenge {
  /** Lower-cased: "bearer", "basic". */
  scheme: string;
  /** Parameter names lower-cased, values unquoted. */
  params: Record<string, string>;
}

const TOKEN_END = /[\s,=]/;

export function parseWwwAuthenticate(header: string): AuthChallenge[] {
  const challenges: AuthChallenge[] = [];
  let current: AuthChallenge | undefined;
  let i = 0;

  const skip = (pattern: RegExp): void => {
    while (i < header.length && pattern.test(header.charAt(i))) i++;
  };
  const readToken = (): string => {
    const start = i;
    while (i < header.length && !TOKEN_END.test(header.charAt(i))) i++;
    return header.slice(start, i);
  };
  const readQuoted = (): string => {
    let value = '';
    i++;
    while (i < header.length && header.charAt(i) !== '"') {
      if (header.charAt(i) === '\\' && i + 1 < header.length) i++;
      value += header.charAt(i);
      i++;
    }
    i++;
    return value;
  };
  const readValue = (): string => {
    const start = i;
    while (i < header.length && !/[\s,]/.test(header.charAt(i))) i++;
    return header.slice(start, i);
  };

  while (i < header.length) {
    skip(/[\s,]/);
    if (i >= header.length) break;
    const token = readToken();
    if (token === '') {
      i++;
      continue;
    }
    skip(/\s/);
    if (header.charAt(i) === '=' && current !== undefined) {
      i++;
      skip(/\s/);
      current.params[token.toLowerCase()] = header.charAt(i) === '"' ? readQuoted() : readValue();
    } else if (header.charAt(i) !== '=') {
      current = { scheme: token.toLowerCase(), params: {} };
      challenges.push(current);
    } else {
      i++;
      skip(/\s/);
      if (header.charAt(i) === '"') readQuoted();
      else readValue();
    }
  }
  return challenges;
}
