// An image in the local Docker engine, read through its API socket: the engine exports it in the
// `docker save` format to a temporary file, which is then read like any docker save archive.
//
// The temporary file lives until the caller calls `dispose()` on the returned image, after the layers
// were read (or the scan failed); the layers are streamed from it, so it cannot go earlier.
import { createWriteStream, existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { request, type IncomingMessage } from 'node:http';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { formatPlatform, platformMatches } from '../platform';
import { ScanError, type Platform, type ResolvedImage } from '../types';
import { openDockerArchive } from './docker-archive';

export interface DockerEngineOptions {
  /** The engine's socket (unix socket path, or Windows named pipe). Default: from DOCKER_HOST, else the usual places. */
  socketPath?: string;
  platform?: Platform;
  signal?: AbortSignal;
}

/** A ResolvedImage backed by a temporary export; `dispose()` deletes it. */
export interface EngineImage extends ResolvedImage {
  dispose(): Promise<void>;
}

const WINDOWS_PIPE = '\\\\.\\pipe\\docker_engine';
const MAX_INSPECT_BYTES = 4 * 1024 * 1024;

/**
 * The socket to talk to: DOCKER_HOST when it names a unix socket or named pipe; otherwise the Windows
 * pipe, or the first of /var/run/docker.sock, the rootless socket and Docker Desktop's per-user socket
 * that exists. A DOCKER_HOST over TCP or SSH is refused: the scan reads local images only.
 */
export function dockerSocketPath(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  exists: (path: string) => boolean = existsSync,
): string | { error: string } {
  const host = env.DOCKER_HOST?.trim();
  if (host) {
    if (host.startsWith('unix://')) return host.slice('unix://'.length);
    if (host.startsWith('npipe://')) return host.slice('npipe://'.length).replace(/\//g, '\\');
    return { error: `DOCKER_HOST is ${host}; Shipshape reads local images only through a unix socket or Windows named pipe. Unset DOCKER_HOST, or scan the image from its registry.` };
  }
  if (platform === 'win32') return WINDOWS_PIPE;
  const candidates = ['/var/run/docker.sock'];
  if (env.XDG_RUNTIME_DIR) candidates.push(join(env.XDG_RUNTIME_DIR, 'docker.sock'));
  candidates.push(join(homedir(), '.docker', 'run', 'docker.sock'));
  return candidates.find((candidate) => exists(candidate)) ?? '/var/run/docker.sock';
}

function imagePath(name: string, action: 'json' | 'get'): string {
  return `/images/${name.split('/').map(encodeURIComponent).join('/')}/${action}`;
}

function get(socketPath: string, path: string, signal: AbortSignal | undefined): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path, method: 'GET', headers: { Host: 'docker' }, signal }, resolve);
    req.on('error', reject);
    req.end();
  });
}

async function readBody(response: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of response) {
    length += (chunk as Buffer).length;
    if (length > limit) {
      response.destroy();
      throw new Error(`the engine sent more than ${limit} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function engineMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    if (typeof parsed.message === 'string') return parsed.message;
  } catch {
    // Not JSON: the body itself is the best description there is.
  }
  return body.trim().slice(0, 300);
}

function connectionError(error: unknown, socketPath: string, name: string): ScanError {
  const code = (error as { code?: unknown }).code;
  const where = `the Docker engine socket ${socketPath}`;
  if (code === 'ENOENT' || code === 'ECONNREFUSED') {
    return new ScanError('resolve', name, `${where} does not answer: is Docker running? Start it, or scan the image from its registry or a docker save tarball.`, { cause: error });
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new ScanError('resolve', name, `permission denied on ${where}: add your user to the docker group (then log in again), or scan a docker save tarball.`, { cause: error });
  }
  return new ScanError('resolve', name, `${where} could not be reached: ${(error as Error).message ?? String(error)}.`, { cause: error });
}

async function call(socketPath: string, path: string, name: string, signal: AbortSignal | undefined): Promise<IncomingMessage> {
  try {
    return await get(socketPath, path, signal);
  } catch (error) {
    if (signal?.aborted) throw error;
    throw connectionError(error, socketPath, name);
  }
}

export async function openDockerEngineImage(name: string, options: DockerEngineOptions = {}): Promise<EngineImage> {
  const { signal } = options;
  signal?.throwIfAborted();
  const socket = options.socketPath ?? dockerSocketPath();
  if (typeof socket !== 'string') throw new ScanError('resolve', name, socket.error);

  const inspect = await call(socket, imagePath(name, 'json'), name, signal);
  const inspectBody = await readBody(inspect, MAX_INSPECT_BYTES);
  if (inspect.statusCode === 404) {
    throw new ScanError('resolve', name, `the local Docker engine has no image ${name}. Pull it first (docker pull ${name}), or scan it from its registry.`);
  }
  if (inspect.statusCode !== 200) {
    throw new ScanError('resolve', name, `the Docker engine could not inspect ${name} (HTTP ${inspect.statusCode}): ${engineMessage(inspectBody)}`);
  }
  let details: { Os?: unknown; Architecture?: unknown; Variant?: unknown };
  try {
    details = JSON.parse(inspectBody) as typeof details;
  } catch {
    throw new ScanError('resolve', name, `the Docker engine answered the inspection of ${name} with something other than JSON.`);
  }
  if (options.platform && typeof details.Os === 'string' && typeof details.Architecture === 'string') {
    const local: Platform = { os: details.Os, architecture: details.Architecture, ...(typeof details.Variant === 'string' && details.Variant ? { variant: details.Variant } : {}) };
    if (!platformMatches(options.platform, local)) {
      throw new ScanError('resolve', name, `the local image ${name} is ${formatPlatform(local)}, not ${formatPlatform(options.platform)}. Pull that platform (docker pull --platform ${formatPlatform(options.platform)} ${name}) or scan it from its registry.`);
    }
  }

  const folder = await mkdtemp(join(tmpdir(), 'shipshape-image-'));
  const dispose = () => rm(folder, { recursive: true, force: true });
  try {
    const archivePath = join(folder, 'image.tar');
    const exported = await call(socket, imagePath(name, 'get'), name, signal);
    if (exported.statusCode !== 200) {
      const body = await readBody(exported, MAX_INSPECT_BYTES);
      throw new ScanError('resolve', name, `the Docker engine could not export ${name} (HTTP ${exported.statusCode}): ${engineMessage(body)}`);
    }
    try {
      await pipeline(exported, createWriteStream(archivePath), { signal });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new ScanError('resolve', name, `exporting ${name} from the Docker engine failed: ${(error as Error).message}. Check the free space in ${tmpdir()}.`, { cause: error });
    }
    const image = await openDockerArchive(archivePath, { name, ...(options.platform ? { platform: options.platform } : {}), ...(signal ? { signal } : {}) });
    return { ...image, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}
