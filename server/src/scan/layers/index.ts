// The layer reader: an image's layers → its final file system (ImageFiles).
export { DEFAULT_READ_LIMITS, readImageFiles, type ReadImageFilesOptions } from './read-image-files';
