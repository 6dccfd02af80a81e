// Core types shared by every front. Positions are UTF-16 offsets into the document string.
import type { ComposeProjectInputs } from './languages/compose/model';

export type Severity = 'error' | 'warning' | 'info';
export type SeverityOrOff = Severity | 'off';
export type FileKind = 'dockerfile' | 'kubernetes' | 'compose';
export type FixSafety = 'safe' | 'unsafe';

export interface TextRange {
  start: number;
  end: number;
}

export interface Edit extends TextRange {
  text: string;
}

/** A file a fix creates beside the linted one (for example a `.dockerignore`). */
export interface FileCreation {
  /** Path relative to the linted file's folder, with `/` separators. */
  relativePath: string;
  text: string;
}

export interface Fix {
  title: string;
  safety: FixSafety;
  edits: Edit[];
  createFiles?: FileCreation[];
}

export interface RelatedLocation {
  range: TextRange;
  message: string;
  /**
   * Set when the location is in another file: a kustomize base a patch overrides (`range` is an offset range in
   * that file), a Dockerfile a Compose service builds or a file it extends (`position` then gives its zero-based
   * lines and columns too).
   */
  path?: string;
  position?: { start: { line: number; character: number }; end: { line: number; character: number } };
}

export interface Finding {
  ruleId: string;
  message: string;
  severity: Severity;
  range: TextRange;
  related: RelatedLocation[];
  fixes: Fix[];
  /** Rules whose finding on the same range was folded into this one (see fold-findings.ts). */
  foldedRuleIds?: string[];
}

export interface SuppressedFinding extends Finding {
  /** The reason written with the suppression (after `--`, or in the other tool's syntax), if any. */
  justification: string | undefined;
  suppressedBy: {
    /** `shipshape` (a comment or annotation), `config` (an `ignore:` entry of `.shipshape.yaml`), or the tool whose comment was honoured (`hadolint`, `trivy`, …). */
    tool: string;
    /** The comment, annotation or entry as written. */
    directive: string;
  };
}

/** An `ignore:` entry of `.shipshape.yaml` that matches the linted file (the host matches the paths). */
export interface ConfigIgnore {
  ruleId: string;
  reason: string | undefined;
  /** Where it is written, for reports: `.shipshape.yaml: ignore[2]`. */
  directive: string;
}

/** What the host knows about the folder a Dockerfile is built from. */
export interface BuildContextInfo {
  /** Text of `<context>/.dockerignore`, or null when the folder has none. */
  dockerignore: string | null;
  /**
   * Text of the build-context script the Dockerfile's ENTRYPOINT runs (see entrypointScriptPath), null when the
   * context has no such file; absent when not looked up.
   */
  entrypointScript?: string | null;
}

export interface SourceFile {
  /** File-system path or URI; used for detection by name and in messages. */
  path: string;
  text: string;
  /** Editor language id when known (`dockerfile`, `yaml`, …). */
  languageId?: string;
  /** Absent when the host cannot look at the build-context folder. */
  buildContext?: BuildContextInfo;
  /**
   * Pod Security enforce labels of Namespace manifests elsewhere in the linted set, by namespace name
   * (`pod-security.kubernetes.io/enforce` and `-version`). Namespaces in the file itself are read directly.
   */
  namespacePolicies?: Record<string, { level?: string; version?: string }>;
  /** The `.shipshape.yaml` `ignore:` entries whose paths match this file. */
  configIgnores?: ConfigIgnore[];
  /**
   * Image names that a build tool in the workspace builds and rewrites on deploy (skaffold.yaml artifacts, a
   * kustomization's `images:`, Tiltfile `docker_build`): in a manifest these are placeholders, not tags in use.
   */
  buildToolImages?: BuildToolImage[];
  /** What registries said about the repositories the file's images name, by `registry/repository`; only
   * present when the host may use the network (`lint --online`, a trusted editor). See registry-facts.ts. */
  registryFacts?: Record<string, RepositoryFacts>;
  /** For a Compose file: the project it belongs to (override files, `.env`, files it extends, Dockerfiles it builds). */
  compose?: ComposeProjectInputs;
}

export interface BuildToolImage {
  /** The image name as the tool's file writes it (`frontend`, `gcr.io/acme/api`). */
  name: string;
  /** The file that names it, relative to the linted file's folder when possible, for messages (`../skaffold.yaml`). */
  source: string;
  tool: 'Skaffold' | 'Kustomize' | 'Tilt';
}

/** A repository's registry state, fetched by the host before linting so the engine stays offline. */
export interface RepositoryFacts {
  /** Every tag listed (bounded); absent when the list could not be fetched. */
  tags?: string[];
  /** Tag → the digest it points at now (an index's digest for a multi-platform image) and, for an index,
   * the digests of the platform manifests it lists. Only tags that a reference pins by digest are looked up. */
  tagDigests?: Record<string, { digest: string; manifests: string[] }>;
}

export interface RuleFailure {
  ruleId: string;
  error: string;
}

export interface LintResult {
  kind: FileKind | null;
  findings: Finding[];
  suppressed: SuppressedFinding[];
  /** Rules that threw; the others still ran. Hosts log these. */
  ruleFailures: RuleFailure[];
  /**
   * Parse errors in the file (or 1 when it could not be analysed at all). While there are any, only the
   * syntax errors' own findings carry fixes: a fix computed from a misread file could damage it.
   */
  syntaxErrors: number;
}
