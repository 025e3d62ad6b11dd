import { decompress } from 'fzstd';
import { SNAPSHOT_FILE } from './python-assets.ts';

/**
 * The snapshot's memory from the bytes of {@link SNAPSHOT_FILE} (or another zstd file of the
 * build, named by `file`: the wasm's data patch), for the browser's Python worker:
 * its DecompressionStream knows gzip and deflate only (Node, which has zstd, uses its own).
 * fzstd is plain JavaScript. In the worker, Python started as soon with it as with zstd's own
 * decoder compiled to wasm (zstddec), which would also have needed a way around the worker's
 * connect-src to fetch its wasm, and sooner than with the gzip snapshot and Chromium's gunzip.
 * It allocates the output once because the build writes the size in the frame's header.
 */
export function unpackSnapshot(packed: Uint8Array, file = SNAPSHOT_FILE): Uint8Array {
  // zstd's magic number, 0xFD2FB528 little-endian: anything else is not a file the build wrote.
  if (packed[0] !== 0x28 || packed[1] !== 0xb5 || packed[2] !== 0x2f || packed[3] !== 0xfd) throw new Error(`${file} is not a zstd file`);
  return decompress(packed);
}
