import { isMap, isScalar } from 'yaml';
import { composeEditor } from '../engine/languages/compose/edits';
import { itemsOf, placeValue, textSetting } from '../engine/languages/compose/model';
import { isAllInterfaces, portMapping, type PortMapping } from '../engine/languages/compose/service-settings';
import { defineRule } from '../engine/rule';
import type { Edit } from '../engine/types';

/** Ports of databases, caches, search engines and the Docker API, which should never face the network unguarded. */
const SENSITIVE_PORTS: Record<number, string> = {
  2375: 'the unencrypted Docker API',
  2376: 'the Docker API',
  3306: 'MySQL/MariaDB',
  5432: 'PostgreSQL',
  6379: 'Redis',
  9200: 'Elasticsearch',
  27017: 'MongoDB',
  5984: 'CouchDB',
  11211: 'Memcached',
};

const LOOPBACK = '127.0.0.1';

/** The ports a `3306`, `3306-3308` or `${PORT:-3306}` range covers (at most the first 1000). */
function portsIn(range: string | undefined): number[] {
  const match = range === undefined ? null : /^(\d+)(?:-(\d+))?$/.exec(range.trim());
  if (!match) return [];
  const first = Number(match[1]);
  const last = Math.min(Number(match[2] ?? match[1]), first + 1000);
  const ports: number[] = [];
  for (let port = first; port <= last; port++) ports.push(port);
  return ports;
}

export default defineRule({
  meta: {
    id: 'port-all-interfaces',
    title: 'Publish ports on a chosen host address, not on every interface',
    appliesTo: ['compose'],
    category: 'hardening',
    // Warning is for the sensitive ports; the others are capped at info where they are reported.
    defaultSeverity: 'warning',
    securitySeverity: 'medium',
    fix: 'unsafe',
    cwe: ['CWE-668'],
    peers: ['Docker Bench 5.14'],
    docs: {
      rationale:
        'A published port without a host address (`"5432:5432"`, or long syntax without `host_ip`) listens on every interface of the host, and Docker opens it in its own iptables chains, ahead of host firewalls such as ufw or firewalld: a database meant for the app next to it is reachable from the whole network, or the internet. Ports of databases, caches, search engines and the Docker API (2375/2376, 3306, 5432, 6379, 9200, 27017, 5984, 11211) are reported as warnings; other ports at `info`.',
      remediation:
        'Publish on loopback (`"127.0.0.1:5432:5432"`, long syntax `host_ip: 127.0.0.1`) when only the host needs the port, or do not publish it at all when only other services of the project use it — they reach it by service name on the project network. The quick fix prefixes `127.0.0.1:`; it is unsafe because clients on other machines can no longer connect.',
      examples: [
        {
          kind: 'compose',
          bad: 'services:\n  db:\n    image: postgres:17\n    ports:\n      - "5432:5432"\n',
          good: 'services:\n  db:\n    image: postgres:17\n    ports:\n      - "127.0.0.1:5432:5432"\n',
        },
      ],
      references: [
        { title: 'Compose file reference: ports', url: 'https://docs.docker.com/reference/compose-file/services/#ports' },
        { title: 'Docker: packet filtering and firewalls (Docker and ufw)', url: 'https://docs.docker.com/engine/network/packet-filtering-firewalls/' },
      ],
    },
  },
  create(context) {
    return {
      compose: {
        service(service) {
          const model = context.compose;
          if (!model) return;
          // With the host's network the container binds its ports itself; `ports:` is ignored.
          if (textSetting(model, service.settings.get('network_mode'))?.trim() === 'host') return;
          for (const item of itemsOf(service.settings.get('ports'))) {
            const mapping = portMapping(model, item);
            if (!mapping || !isAllInterfaces(mapping.hostIp)) continue;
            const place = placeValue(model, item, 'value');
            if (!place) continue;
            const ports = [...portsIn(mapping.published), ...portsIn(mapping.target)];
            const sensitive = ports.map((port) => SENSITIVE_PORTS[port]).find((name) => name !== undefined);
            const shown = mapping.published ?? 'a random host port';
            const edits = place.editable ? loopbackEdits(model.text, mapping, composeEditor(model)) : [];
            context.report({
              message: `${service.label} publishes ${shown === 'a random host port' ? shown : `port ${shown}`}${sensitive ? ` (${sensitive})` : ''} on every interface of the host, and Docker opens it ahead of host firewalls such as ufw. Bind it to ${LOOPBACK} if only this host needs it, or leave it unpublished if only other services use it.`,
              range: place.range,
              related: place.related,
              fixes: edits.length > 0 ? [{ title: `Publish on ${LOOPBACK} only`, safety: 'unsafe', edits }] : [],
              ...(sensitive ? {} : { severityCap: 'info' as const }),
            });
          }
        },
      },
    };
  },
});

/** `"5432:5432"` → `"127.0.0.1:5432:5432"`; long syntax gains `host_ip: 127.0.0.1`. */
function loopbackEdits(text: string, mapping: PortMapping, editor: ReturnType<typeof composeEditor>): Edit[] {
  const node = mapping.item.node;
  if (isMap(node)) return editor.ensure(node, { host_ip: LOOPBACK });
  if (!isScalar(node) || !node.range || !mapping.item.source.linted) return [];
  const written = String(node.value).trim();
  if (written.includes('$')) return [];
  const withoutIp = mapping.hostIp !== undefined ? written.slice(written.indexOf(mapping.hostIp) + mapping.hostIp.length).replace(/^\]?:/, '') : written;
  const body = mapping.published === undefined && !withoutIp.includes(':') ? `:${withoutIp}` : withoutIp;
  const [start, end] = node.range;
  const quote = text[start] === "'" ? "'" : '"';
  return [{ start, end, text: `${quote}${LOOPBACK}:${body}${quote}` }];
}
