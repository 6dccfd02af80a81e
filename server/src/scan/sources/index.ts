// The local image sources: a docker save tarball, an OCI image layout folder, the Docker engine's socket.
export { openDockerArchive, type DockerArchiveOptions } from './docker-archive';
export { dockerSocketPath, openDockerEngineImage, type DockerEngineOptions, type EngineImage } from './docker-engine';
export { openOciLayout, type OciLayoutOptions } from './oci-layout';
export { choosePlatform, formatPlatform, hostPlatform, platformMatches } from '../platform';
