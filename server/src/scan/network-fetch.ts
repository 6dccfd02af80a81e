// The fetch the scan's registry and OSV clients use. Node's built-in fetch ignores HTTP(S)_PROXY, which
// leaves users behind a company proxy with no registry and no vulnerability data; when a proxy is set in
// the environment, requests go through undici's EnvHttpProxyAgent instead, which also honours NO_PROXY.
import { EnvHttpProxyAgent, fetch as undiciFetch } from 'undici';

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

export function proxyConfigured(env: Record<string, string | undefined> = process.env): boolean {
  return PROXY_VARIABLES.some((name) => (env[name] ?? '').trim() !== '');
}

let proxyAgent: EnvHttpProxyAgent | undefined;

export function networkFetch(input: URL | string, init: RequestInit): Promise<Response> {
  if (!proxyConfigured()) return fetch(input, init);
  proxyAgent ??= new EnvHttpProxyAgent();
  // undici's own Response type is the same class as the global one at run time; only its typings differ.
  return undiciFetch(input, { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher: proxyAgent }) as unknown as Promise<Response>;
}
