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
  /** Set when the location is in another file (a Dockerfile a Compose service builds, a file it extends): `range` is then an offset range in that file and `position` its zero-based lines and columns. */
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
}

export interface SuppressedFinding extends Finding {
  /** The reason written after `--` in the suppression comment, if any. */
  justification: string | undefined;
}

/** What the host knows about the folder a Dockerfile is built from. */
export interface BuildContextInfo {
  /** Text of `<context>/.dockerignore`, or null when the folder has none. */
  dockerignore: string | null;
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
  /** For a Compose file: the project it belongs to (override files, `.env`, files it extends, Dockerfiles it builds). */
  compose?: ComposeProjectInputs;
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
}
