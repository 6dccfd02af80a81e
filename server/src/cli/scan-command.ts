// `shipshape scan`: scan one image and print the report. The scan itself is server/src/scan; this file
// reads the configuration, shows progress on a terminal, formats and picks the exit code.
import os from 'node:os';
import nodePath from 'node:path';
import { configFromLayers } from '../analysis';
import { ConfigFileFinder, formatConfigProblem } from '../host/config-files';
import { parseImageReference } from '../engine/image-reference';
import { requiresSignature } from '../engine/signature-policy';
import { formatBytes, type ScanReport } from '../protocol';
import { ruleIds } from '../rules';
import { userCacheDir } from '../scan/cache-dir';
import { hostPlatform, parsePlatform } from '../scan/platform';
import { describeScanError, scanImage, targetName } from '../scan/scan-image';
import { loadTrustedKey, type TrustedKey } from '../scan/signatures/trusted-keys';
import { transferFromConfig } from '../scan/transfer-limits';
import type { ScanProgress } from '../scan/types';
import type { ScanArgs, ScanFailOn } from './args';
import { COLORS, PLAIN, useColor } from './color';
import { formatScanCycloneDx } from './formatters/scan-cyclonedx';
import { formatScanJson } from './formatters/scan-json';
import { formatScanSarif } from './formatters/scan-sarif';
import { formatScanSpdx } from './formatters/scan-spdx';
import { formatScanStylish } from './formatters/scan-stylish';
import { createStatusLine, printError, printNote, writeReport, type CliIo } from './io';

export async function runScan(args: ScanArgs, io: CliIo): Promise<number> {
  const cwd = nodePath.resolve(io.cwd);
  const finder = new ConfigFileFinder({ knownRuleIds: ruleIds });
  const configFile = args.config === undefined ? finder.nearest(cwd) : finder.load(nodePath.resolve(cwd, args.config));
  const problems = configFile?.problems ?? [];
  if (problems.length > 0) {
    for (const problem of problems) printError(io, formatConfigProblem(problem, (path) => nodePath.relative(cwd, path) || path));
    printNote(io, 'the configuration is invalid, so nothing was scanned; fix the problems above.');
    return 2;
  }
  const resolved = configFromLayers(configFile ? [configFile.layer] : []);
  const config = resolved.scan;
  const keys: TrustedKey[] = [];
  const keyProblems: string[] = [];
  const keyPaths = [...resolved.signatures.keys, ...args.keys.map((key) => nodePath.resolve(cwd, key))];
  for (const path of keyPaths) {
    const loaded = loadTrustedKey(path, nodePath.relative(cwd, path) || path);
    if (loaded.ok) keys.push(loaded.key);
    else keyProblems.push(loaded.message);
  }
  if (keyProblems.length > 0) {
    for (const problem of keyProblems) printError(io, problem);
    printNote(io, 'a trusted signature key could not be used, so nothing was scanned; fix the key files named above.');
    return 2;
  }
  const reference = args.target.kind === 'registry' ? parseImageReference(args.target.image) : undefined;
  const required = args.requireSignature || (reference?.ok === true ? requiresSignature(resolved.signatures, reference.reference) : resolved.signatures.require === true);
  const platformText = args.platform ?? config.platform;
  const target =
    args.target.kind === 'docker-archive' || args.target.kind === 'oci-layout'
      ? { ...args.target, path: nodePath.resolve(cwd, args.target.path) }
      : args.target;

  const progress = createProgress(io);
  let report: ScanReport;
  try {
    report = await scanImage(target, {
      platform: (platformText ? parsePlatform(platformText) : undefined) ?? hostPlatform(),
      osvUrl: args.osvUrl ?? config.osvUrl,
      allowNetwork: true,
      lookUpVulnerabilities: args.network,
      insecureRegistries: [...config.insecureRegistries, ...args.insecureRegistries],
      transfer: transferFromConfig({ ...config, ...args.limits }),
      allowCredentialHelpers: true,
      cacheDir: nodePath.join(userCacheDir(io.env, process.platform, os.homedir()), 'osv'),
      signatures: { keys, required },
      onProgress: progress.update,
    });
  } catch (error) {
    progress.done();
    printError(io, describeScanError(error, (example) => `Scan again with --platform, for example --platform ${example}.`) || `scanning ${targetName(args.target)} failed`);
    return 2;
  }
  progress.done();

  const output = format(args, io, report);
  for (const problem of report.problems) printNote(io, `warning: ${problem.message}`);
  if (report.integrity.status === 'failed') printError(io, report.integrity.note ?? `${report.image.name} could not be verified`);
  if (signatureFails(report)) printError(io, `signature ${report.signature.status}: ${report.signature.note}`);
  if (!writeReport(io, output, args.output)) return 2;
  return scanExitCode(args.failOn, report);
}

/** Exit code of a scan that produced a report. 2 stays for usage, configuration and images that could not be
 * opened; 3 means the image was opened but could not be verified, whatever --fail-on says. */
export const EXIT_UNVERIFIED = 3;

export function scanExitCode(failOn: ScanFailOn, report: ScanReport): number {
  if (report.integrity.status === 'failed') return EXIT_UNVERIFIED;
  return failsOn(failOn, report) || signatureFails(report) ? 1 : 0;
}

/** A signature the policy (or --require-signature) demands, and that is not verified. */
export function signatureFails(report: ScanReport): boolean {
  return report.signature.required && report.signature.status !== 'verified';
}

function format(args: ScanArgs, io: CliIo, report: ScanReport): string {
  if (args.format === 'json') return formatScanJson(report);
  if (args.format === 'sarif') return formatScanSarif(report);
  if (args.format === 'cyclonedx') return formatScanCycloneDx(report);
  if (args.format === 'spdx') return formatScanSpdx(report);
  const color = useColor({ flag: args.color, isTTY: args.output === undefined && io.stdout.isTTY === true, env: io.env });
  return formatScanStylish(report, color ? COLORS : PLAIN);
}

const RANK: Record<string, number> = { critical: 4, high: 3, medium: 2, low: 1, unknown: 0, info: 0 };

export function failsOn(failOn: ScanFailOn, report: ScanReport): boolean {
  if (failOn === 'never') return false;
  const threshold = RANK[failOn] ?? 0;
  return (
    report.vulnerabilities.some((vulnerability) => (RANK[vulnerability.severity] ?? 0) >= threshold) ||
    report.findings.some((finding) => (RANK[finding.severity] ?? 0) >= threshold)
  );
}

/**
 * One status line: the step, what it is doing, and layers and bytes while pulling. With a layer count the
 * counter stands for the detail (which names the same layer), so it is said once.
 */
export function progressText(progress: ScanProgress): string {
  const parts: string[] = [progress.step];
  if (progress.layersTotal !== undefined) parts.push(`layer ${Math.min((progress.layersDone ?? 0) + 1, progress.layersTotal)}/${progress.layersTotal}`);
  else if (progress.detail) parts.push(progress.detail);
  if (progress.bytesDone !== undefined) parts.push(progress.bytesTotal ? `${formatBytes(progress.bytesDone)}/${formatBytes(progress.bytesTotal)}` : formatBytes(progress.bytesDone));
  return parts.join(' · ');
}

function createProgress(io: CliIo): { update(progress: ScanProgress): void; done(): void } {
  const line = createStatusLine(io);
  let step = '';
  return {
    update(progress) {
      line.show(progressText(progress), progress.step !== step);
      step = progress.step;
    },
    done: () => line.clear(),
  };
}
