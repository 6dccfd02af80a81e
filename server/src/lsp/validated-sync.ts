// Document-sync notifications arrive from a client that may be buggy or hostile. The document store keeps what
// they carry and uses it later, outside any handler (a `didOpen` whose text is a number only fails when a
// timer lints it, and an exception there ends the process), so every such message is checked on arrival and
// dropped, with a log line, when it does not have the shape the protocol defines.
import type {
  Connection,
  DidChangeTextDocumentParams,
  DidCloseTextDocumentParams,
  DidOpenTextDocumentParams,
  DidSaveTextDocumentParams,
  NotificationHandler,
  WillSaveTextDocumentParams,
} from 'vscode-languageserver';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === 'string';
const isInteger = (value: unknown): value is number => Number.isSafeInteger(value);

function isPosition(value: unknown): boolean {
  return isRecord(value) && isInteger(value.line) && isInteger(value.character) && (value.line as number) >= 0 && (value.character as number) >= 0;
}

function isDocumentIdentifier(value: unknown): value is { uri: string } {
  return isRecord(value) && isString(value.uri);
}

export function isDidOpenParams(params: unknown): params is DidOpenTextDocumentParams {
  if (!isRecord(params) || !isRecord(params.textDocument)) return false;
  const document = params.textDocument;
  return isString(document.uri) && isString(document.languageId) && isInteger(document.version) && isString(document.text);
}

export function isDidChangeParams(params: unknown): params is DidChangeTextDocumentParams {
  if (!isRecord(params) || !isRecord(params.textDocument) || !Array.isArray(params.contentChanges)) return false;
  if (!isString(params.textDocument.uri) || !isInteger(params.textDocument.version)) return false;
  return params.contentChanges.every((change: unknown) => {
    if (!isRecord(change) || !isString(change.text)) return false;
    if (change.range === undefined) return true;
    return isRecord(change.range) && isPosition(change.range.start) && isPosition(change.range.end);
  });
}

export function isDocumentParams(params: unknown): params is DidCloseTextDocumentParams {
  return isRecord(params) && isDocumentIdentifier(params.textDocument);
}

/**
 * The connection as the document store should see it: its document-sync handlers run only for well-formed
 * messages. Everything else is the connection itself.
 */
export function validatedSyncConnection(connection: Connection, log: (message: string) => void): Connection {
  const guard =
    <P>(method: string, valid: (params: unknown) => params is P) =>
    (handler: NotificationHandler<P>) =>
      (params: unknown) => {
        if (valid(params)) {
          handler(params);
          return;
        }
        log(`Ignored a malformed ${method} notification: its parameters do not have the shape the protocol defines.`);
      };
  const overrides: Partial<Connection> = {
    onDidOpenTextDocument: (handler) => connection.onDidOpenTextDocument(guard('textDocument/didOpen', isDidOpenParams)(handler)),
    onDidChangeTextDocument: (handler) => connection.onDidChangeTextDocument(guard('textDocument/didChange', isDidChangeParams)(handler)),
    onDidCloseTextDocument: (handler) => connection.onDidCloseTextDocument(guard('textDocument/didClose', isDocumentParams)(handler)),
    onWillSaveTextDocument: (handler) =>
      connection.onWillSaveTextDocument(guard('textDocument/willSave', (params): params is WillSaveTextDocumentParams => isDocumentParams(params))(handler)),
    onDidSaveTextDocument: (handler) =>
      connection.onDidSaveTextDocument(guard('textDocument/didSave', (params): params is DidSaveTextDocumentParams => isDocumentParams(params))(handler)),
  };
  return new Proxy(connection, {
    get(target, property, receiver) {
      if (typeof property === 'string' && property in overrides) return overrides[property as keyof Connection];
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}
