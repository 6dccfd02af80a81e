// VS Code's proxy settings (`http.proxy`, `http.noProxy`) as environment variables for the language server,
// whose image scans reach registries and OSV through the proxy named in HTTP(S)_PROXY. A proxy already set
// in the environment wins: it is what the user's other tools use too.

export function proxyEnvironment(
  httpProxy: unknown,
  noProxy: unknown,
  env: Record<string, string | undefined>,
): Record<string, string> {
  const proxy = typeof httpProxy === 'string' ? httpProxy.trim() : '';
  const alreadySet = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'].some((name) => (env[name] ?? '').trim() !== '');
  if (proxy === '' || alreadySet) return {};
  const result: Record<string, string> = { HTTPS_PROXY: proxy, HTTP_PROXY: proxy };
  const hosts = Array.isArray(noProxy) ? noProxy.filter((host): host is string => typeof host === 'string' && host.trim() !== '') : [];
  if (hosts.length > 0 && (env.NO_PROXY ?? env.no_proxy ?? '').trim() === '') result.NO_PROXY = hosts.map((host) => host.trim()).join(',');
  return result;
}
