// Quick fixes that need a registry: "Pin to digest" for `image-digest`, and version tags for
// `image-tag-latest`. Listing them never waits for the network: the pin is resolved through
// `codeAction/resolve` when the user picks it; tags fetched in the background show up as "Use tag …"
// actions from then on, and until they have arrived a "Choose a tag…" action fetches them when picked.
import { CodeActionKind, MessageType, ShowMessageNotification, TextDocumentEdit, type CancellationToken, type CodeAction, type Connection, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { displayName, familiarName, referenceParts } from '../engine/image-reference';
import { referenceOffset } from '../engine/image-edits';
import type { ImageUse } from '../engine/image-use';
import type { Edit } from '../engine/types';
import type { DiagnosticData } from '../protocol';
import { listTags, resolveDigest, type RegistryOptions } from '../scan/registry';
import { isShipshapeDiagnostic, toTextEdit } from './diagnostics';
import { scannableUses } from './image-references';
import { suggestTags } from './tag-suggestions';
import { displayText } from '../engine/display-text';

type ScannableUse = ReturnType<typeof scannableUses>[number];

/** What a listed-but-unresolved action carries to `codeAction/resolve`. */
export interface RegistryActionData {
  registryAction: 'pin-digest' | 'choose-tag';
  uri: string;
  version: number;
  /** Offsets of the image reference the diagnostic is on. */
  start: number;
  end: number;
  image: string;
}

/** Registry access as the workspace allows it right now; undefined when it allows none. */
export type RegistryAccess = (uri: string) => Promise<Omit<RegistryOptions, 'signal'> | undefined>;

export interface RegistryActionDeps {
  connection: Connection;
  document: (uri: string) => TextDocument | undefined;
  access: RegistryAccess;
  now?: () => number;
}

const TAG_SUGGESTIONS = 5;
/** Tags fetched are reused this long; a failed fetch is retried sooner. */
const TAGS_FRESH_MS = 10 * 60_000;
const FAILURE_FRESH_MS = 60_000;
const TAG_FETCH_TIMEOUT_MS = 20_000;
const MAX_CACHED_REPOSITORIES = 200;

interface TagsEntry {
  at: number;
  result: Promise<{ tags: string[] } | { error: string }>;
  settled?: { tags: string[] } | { error: string };
}

export class RegistryActions {
  private readonly tags = new Map<string, TagsEntry>();
  private readonly now: () => number;

  constructor(private readonly deps: RegistryActionDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** The actions for the `image-digest` and `image-tag-latest` diagnostics in the request; no network wait. */
  async list(document: TextDocument, diagnostics: readonly Diagnostic[], canResolveEdits: boolean): Promise<CodeAction[]> {
    const wanted = diagnostics.filter((diagnostic) => {
      if (!isShipshapeDiagnostic(diagnostic)) return false;
      const data = diagnostic.data as DiagnosticData;
      return data.version === document.version && (data.ruleId === 'image-digest' || data.ruleId === 'image-tag-latest');
    });
    if (wanted.length === 0) return [];
    const access = await this.deps.access(document.uri);
    if (!access) return [];
    const text = document.getText();
    const uses = scannableUses(document);
    const actions: CodeAction[] = [];
    for (const diagnostic of wanted) {
      const start = document.offsetAt(diagnostic.range.start);
      const end = document.offsetAt(diagnostic.range.end);
      const use = uses.find((candidate) => candidate.range.start === start && candidate.range.end === end);
      if (!use || referenceOffset(text, use) === undefined) continue;
      const data: RegistryActionData = { registryAction: 'pin-digest', uri: document.uri, version: document.version, start, end, image: use.resolved };
      const pin: CodeAction = { title: `Pin ${displayName(use.reference)} to its current digest`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], data };
      const diagnosticData = diagnostic.data as DiagnosticData;
      if (diagnosticData.ruleId === 'image-digest') {
        if (canResolveEdits) actions.push(pin);
        continue;
      }
      // image-digest's finding folded into this one: its pin is on offer beside the tag choices.
      if (canResolveEdits && diagnosticData.foldedRuleIds?.includes('image-digest')) actions.push(pin);
      const cached = this.cachedTags(use);
      if (cached && 'tags' in cached) {
        for (const tag of suggestTags(cached.tags, TAG_SUGGESTIONS)) {
          const edit = tagEdit(text, use, tag);
          if (edit) actions.push({ title: `Use tag ${tag}`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: versionedEdit(document, edit) });
        }
        continue;
      }
      this.fetchTags(use, access);
      if (canResolveEdits) actions.push({ title: `Choose a tag for ${familiarName(use.reference)}…`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], data: { ...data, registryAction: 'choose-tag' } });
    }
    return actions;
  }

  /** Fills in the edit of an action `list` returned; other actions come back as they are. */
  async resolve(action: CodeAction, token: CancellationToken): Promise<CodeAction> {
    const data = readData(action.data);
    if (!data) return action;
    const document = this.deps.document(data.uri);
    const use = document && document.version === data.version ? scannableUses(document).find((candidate) => candidate.range.start === data.start && candidate.range.end === data.end) : undefined;
    if (!document || !use) {
      this.showError(`The image reference ${data.image} changed before the quick fix ran; ask for quick fixes again.`);
      return action;
    }
    const access = await this.deps.access(data.uri);
    if (!access) {
      this.showError(`Shipshape did not contact the registry of ${data.image}: the workspace is not trusted, or the setting shipshape.scan.allowNetwork is off.`);
      return action;
    }
    if (data.registryAction === 'pin-digest') return this.resolvePin(action, document, use, access, token);
    return this.resolveTagChoice(action, document, use, access);
  }

  private async resolvePin(action: CodeAction, document: TextDocument, use: ScannableUse, access: Omit<RegistryOptions, 'signal'>, token: CancellationToken): Promise<CodeAction> {
    const controller = new AbortController();
    const listener = token.onCancellationRequested(() => controller.abort());
    try {
      const digest = await resolveDigest(use.resolved, { ...access, signal: controller.signal });
      const current = this.deps.document(document.uri);
      if (current?.version !== document.version) {
        this.showError(`The document changed while Shipshape looked up the digest of ${use.resolved}; ask for the quick fix again.`);
        return action;
      }
      const edit = pinEdit(document.getText(), use, digest);
      if (edit) action.edit = versionedEdit(document, edit);
    } catch (error) {
      if (!controller.signal.aborted) this.showError(`Shipshape could not pin ${use.resolved} to a digest: ${describe(error)}`);
    } finally {
      listener.dispose();
    }
    return action;
  }

  private async resolveTagChoice(action: CodeAction, document: TextDocument, use: ScannableUse, access: Omit<RegistryOptions, 'signal'>): Promise<CodeAction> {
    const outcome = await this.fetchTags(use, access).result;
    const name = familiarName(use.reference);
    if ('error' in outcome) {
      this.showError(`Shipshape could not list the tags of ${name}: ${outcome.error}`);
      return action;
    }
    const suggestions = suggestTags(outcome.tags, TAG_SUGGESTIONS);
    if (suggestions.length === 0) {
      this.show(MessageType.Warning, `${name} has no version tags Shipshape can suggest (${outcome.tags.length} tag${outcome.tags.length === 1 ? '' : 's'} found). Look up the tag you want in its registry and write it in.`);
      return action;
    }
    const choice = await this.deps.connection.window.showInformationMessage(`Which tag should ${name} use? Newest releases first.`, ...suggestions.map((title) => ({ title })));
    if (!choice) return action;
    const current = this.deps.document(document.uri);
    if (current?.version !== document.version) {
      this.showError(`The document changed before the tag ${choice.title} could be written; ask for the quick fix again.`);
      return action;
    }
    const edit = tagEdit(document.getText(), use, choice.title);
    if (edit) action.edit = versionedEdit(document, edit);
    return action;
  }

  private cachedTags(use: ScannableUse): TagsEntry['settled'] {
    const entry = this.tags.get(repositoryKey(use));
    return entry && this.isFresh(entry) ? entry.settled : undefined;
  }

  /** The tags of the use's repository: a fresh cached fetch, the one in flight, or a new one. */
  private fetchTags(use: ScannableUse, access: Omit<RegistryOptions, 'signal'>): TagsEntry {
    const key = repositoryKey(use);
    const existing = this.tags.get(key);
    if (existing && (existing.settled === undefined || this.isFresh(existing))) return existing;
    const entry: TagsEntry = {
      at: this.now(),
      result: listTags(familiarName(use.reference), { ...access, signal: AbortSignal.timeout(TAG_FETCH_TIMEOUT_MS) }).then(
        (tags) => ({ tags }),
        (error: unknown) => ({ error: describe(error) }),
      ),
    };
    void entry.result.then((settled) => {
      entry.settled = settled;
      entry.at = this.now();
    });
    this.tags.delete(key);
    this.tags.set(key, entry);
    while (this.tags.size > MAX_CACHED_REPOSITORIES) {
      const oldest = this.tags.keys().next().value;
      if (oldest === undefined) break;
      this.tags.delete(oldest);
    }
    return entry;
  }

  private isFresh(entry: TagsEntry): boolean {
    if (!entry.settled) return true;
    return this.now() - entry.at < ('tags' in entry.settled ? TAGS_FRESH_MS : FAILURE_FRESH_MS);
  }

  private showError(message: string): void {
    this.show(MessageType.Error, message);
  }

  private show(type: MessageType, message: string): void {
    void this.deps.connection.sendNotification(ShowMessageNotification.type, { type, message: displayText(message) });
  }
}

/** `@sha256:…` after the reference where it literally stands, keeping its tag. */
export function pinEdit(documentText: string, use: Pick<ImageUse, 'literalRange' | 'resolved' | 'reference'>, digest: string): Edit | undefined {
  const offset = referenceOffset(documentText, use);
  if (offset === undefined || use.reference?.digest !== undefined) return undefined;
  const at = offset + use.resolved.length;
  return { start: at, end: at, text: `@${digest}` };
}

/** The reference's tag replaced by `tag`, or `:tag` added when it has none. */
export function tagEdit(documentText: string, use: Pick<ImageUse, 'literalRange' | 'resolved' | 'reference'>, tag: string): Edit | undefined {
  const offset = referenceOffset(documentText, use);
  if (offset === undefined || !use.reference) return undefined;
  const parts = referenceParts(use.reference);
  if (parts.tag) return { start: offset + parts.tag.start, end: offset + parts.tag.end, text: tag };
  return { start: offset + parts.nameEnd, end: offset + parts.nameEnd, text: `:${tag}` };
}

function versionedEdit(document: TextDocument, edit: Edit): NonNullable<CodeAction['edit']> {
  return { documentChanges: [TextDocumentEdit.create({ uri: document.uri, version: document.version }, [toTextEdit(document, edit)])] };
}

function repositoryKey(use: ScannableUse): string {
  return `${use.reference.registry}/${use.reference.repository}`;
}

function readData(raw: unknown): RegistryActionData | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const data = raw as Partial<RegistryActionData>;
  if (data.registryAction !== 'pin-digest' && data.registryAction !== 'choose-tag') return undefined;
  if (typeof data.uri !== 'string' || typeof data.version !== 'number' || typeof data.start !== 'number' || typeof data.end !== 'number' || typeof data.image !== 'string') return undefined;
  return data as RegistryActionData;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
