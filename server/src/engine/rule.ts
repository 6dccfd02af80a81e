// The shape of a rule module: metadata that feeds docs, settings and SARIF, and visitors the engine calls.
import type { ConfigLayer } from './config';
import type { ImageUse } from './image-use';
import type { DockerfileModel, DockerInstruction, Stage } from './languages/dockerfile/model';
import type { ComposeModel, ComposeService } from './languages/compose/model';
import type { Container, KubernetesModel, PodSpec, Resource } from './languages/kubernetes/model';
import type { FileKind, Fix, FixSafety, RelatedLocation, Severity, SeverityOrOff, SourceFile, TextRange } from './types';

export type RuleCategory =
  | 'images'
  | 'secrets'
  | 'user-and-privileges'
  | 'supply-chain'
  | 'pod-security'
  | 'hardening'
  | 'meta';

export type SecuritySeverity = 'critical' | 'high' | 'medium' | 'low';

export interface RuleExample {
  /** Which kind of file the snippets are. */
  kind: FileKind;
  bad: string;
  good: string;
  note?: string;
  /**
   * Project configuration both snippets are linted with (and the docs show), for rules that need a
   * setting to have anything to check, e.g. `{ images: { allowedRegistries: ['docker.io'] } }`.
   */
  config?: ConfigLayer;
  /** What the registry says, for rules that need the network (see SourceFile.registryFacts). */
  registryFacts?: SourceFile['registryFacts'];
}

export interface RuleMeta {
  /** Slug, equal to the file name: `image-tag-latest`. */
  id: string;
  /** Imperative, at most 70 characters. */
  title: string;
  appliesTo: FileKind[];
  category: RuleCategory;
  /** Severity in the `recommended` preset. */
  defaultSeverity: SeverityOrOff;
  /** Severity in the `strict` preset; by default `info` becomes `warning` and the rest stays. */
  strictSeverity?: SeverityOrOff;
  /** Rules that only have something to check once a list is configured; they become `error` then. */
  enabledBy?: 'images.allowedRegistries' | 'images.approved';
  securitySeverity: SecuritySeverity;
  /**
   * Whether the rule offers fixes, and whether those may run unattended: `mixed` when some of its fixes are
   * safe and others are not (the remediation text says which); every fix's own `safety` must agree with this.
   */
  fix?: FixSafety | 'mixed';
  cwe?: string[];
  /** Closest rules in other tools, for the docs' "also known as" line. */
  peers?: string[];
  docs: {
    /** Why it matters, a paragraph of Markdown. */
    rationale: string;
    /** What to do, Markdown. */
    remediation: string;
    examples: RuleExample[];
    references: Array<{ title: string; url: string }>;
  };
}

export interface Report {
  message: string;
  range: TextRange;
  related?: RelatedLocation[];
  fixes?: Fix[];
  /** Lowers the configured severity for this finding (for example a placeholder value). */
  severityCap?: Severity;
}

export interface RuleSettings {
  images: { allowedRegistries: string[]; approved: string[] };
  secrets: { allowNames: string[] };
  /** Pod Security Standards level and version (`latest` or `v1.N`) from configuration. */
  podSecurity: { level: 'baseline' | 'restricted'; version: string };
}

export interface RuleContext {
  file: SourceFile;
  settings: RuleSettings;
  /** The Dockerfile model, when the file is a Dockerfile. */
  dockerfile: DockerfileModel | undefined;
  /** The Kubernetes model, when the file is a manifest. */
  kubernetes: KubernetesModel | undefined;
  /** The Compose model, when the file is a Compose file. */
  compose: ComposeModel | undefined;
  report(report: Report): void;
}

export interface DockerfileVisitors {
  /** Every instruction, top-level ones and ONBUILD triggers (`instruction.onbuild` is set on those). */
  instruction?(instruction: DockerInstruction): void;
  stage?(stage: Stage): void;
  /** After everything else, for checks about the file as a whole. */
  end?(): void;
}

export interface KubernetesVisitors {
  /** Every object with `apiVersion` and `kind` (items of `kind: List` included). */
  resource?(resource: Resource): void;
  /** The pod spec of every workload kind. */
  podSpec?(podSpec: PodSpec): void;
  /** Every init, regular and ephemeral container. */
  container?(container: Container): void;
  end?(): void;
}

export interface ComposeVisitors {
  /** Every service the linted file defines or changes, with its effective (merged) settings. */
  service?(service: ComposeService): void;
  end?(): void;
}

export interface RuleVisitors {
  dockerfile?: DockerfileVisitors;
  kubernetes?: KubernetesVisitors;
  compose?: ComposeVisitors;
  /** Every external image reference, whatever the file kind. */
  image?(use: ImageUse): void;
}

export interface RuleDefinition {
  meta: RuleMeta;
  create(context: RuleContext): RuleVisitors;
}

export function defineRule(definition: RuleDefinition): RuleDefinition {
  return definition;
}
