// Text that came from a file, an image or a server, made safe to show. Names in manifests, an image's
// os-release and config, OSV summaries: any of them can hold terminal escape sequences that clear the screen,
// move the cursor or rewrite a line to hide findings, a carriage return that overwrites one, or bidirectional
// overrides that reorder what a reader sees. Every human-readable output (the CLI's stylish reports and status
// lines, the language server's messages) passes such text through displayText; JSON outputs use jsonSafe.

/** C0 controls but tab, DEL and C1 controls, line and paragraph separators, bidirectional embeddings,
 * overrides and isolates. */
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function escape(character: string): string {
  const code = character.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** One line of text with every unsafe character written as a visible escape (`\x1b`, `\u202e`). */
export function displayText(text: string): string {
  return text.replace(UNSAFE, escape);
}

/** Every string in a JSON-like value (a report) through displayText; other values as they are. */
export function displayStrings<T>(value: T): T {
  if (typeof value === 'string') return displayText(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => displayStrings(item)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, displayStrings(item)])) as T;
  }
  return value;
}

/** JSON text with the characters JSON.stringify leaves raw but terminals act on (C1 controls, separators,
 * bidirectional controls) written as \u escapes: the same JSON value, safe to print. */
export function jsonSafe(json: string): string {
  return json.replace(/[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
