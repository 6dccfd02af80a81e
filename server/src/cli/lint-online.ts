// `shipshape lint --online`: ask the registries about the images the files name (tags, and the current
// digest of digest-pinned tags), then lint with those facts, so `image-outdated` can report base images
// that went stale. The engine itself never touches the network; this is the only place the CLI's lint does.
import { readFileSync, statSync } from 'node:fs';
import nodePath from 'node:path';
import { configFromLayers } from '../analysis';
import { imageUsesOfFile } from '../engine/file-images';
import type { ImageReference } from '../engine/image-reference';
import { ConfigFileFinder, type ConfigFile } from '../host/config-files';
import { discoverFiles } from '../host/discover';
import { ruleIds } from '../rules';
import { RegistryFactsCache } from '../scan/registry/registry-facts';
import type { LintArgs } from './args';
import { createStatusLine, printNote, type CliIo } from './io';
import { commandLineLayer, configLayers, runLint } from './lint-command';

const ONLINE_RULE = 'image-outdated';
/** Larger files are data, not Dockerfiles or manifests; the lint reports them as it always does. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;
const REGISTRY_TIMEOUT_MS = 20_000;

export async function runLintOnline(args: LintArgs, io: CliIo): Promise<number> {
  const cwd = nodePath.resolve(io.cwd);
  const finder = new ConfigFileFinder({ knownRuleIds: ruleIds });
  const explicit = args.config === undefined ? undefined : finder.load(nodePath.resolve(cwd, args.config));
  const configFor = (folder: string): ConfigFile | null => explicit ?? finder.nearest(folder);
  const commandLine = commandLineLayer(args);
  // A broken configuration, missing paths and the like are reported by the lint itself, without a network call.
  if (finder.loaded().some((config) => config.problems.length > 0)) return runLint(args, io);

  const discovered = discoverFiles(args.paths, { cwd, excludesFor: () => null });
  const references: ImageReference[] = [];
  let insecureRegistries: string[] = [];
  for (const entry of discovered.files) {
    let text: string;
    try {
      if (statSync(entry.path).size > MAX_FILE_BYTES) continue;
      text = readFileSync(entry.path, 'utf8');
    } catch {
      continue; // the lint reports unreadable files
    }
    const config = configFromLayers(configLayers(configFor(nodePath.dirname(entry.path)), commandLine));
    if ((config.severities.get(ONLINE_RULE) ?? 'off') === 'off') continue;
    insecureRegistries = [...new Set([...insecureRegistries, ...config.scan.insecureRegistries])];
    for (const use of imageUsesOfFile({ path: entry.path, text })) {
      if (use.reference && use.unresolvedVariables.length === 0) references.push(use.reference);
    }
  }
  if (references.length === 0) return runLint(args, io);

  const line = createStatusLine(io);
  line.show(`asking registries about ${new Set(references.map((reference) => `${reference.registry}/${reference.repository}`)).size} repositories`, true);
  const { facts, problems } = await new RegistryFactsCache().fetch(references, {
    insecureRegistries,
    allowCredentialHelpers: true,
    timeoutMs: REGISTRY_TIMEOUT_MS,
    retries: 1,
  });
  line.clear();
  for (const problem of problems) printNote(io, `warning: ${ONLINE_RULE} ${problem}`);
  return runLint(args, io, undefined, facts);
}
