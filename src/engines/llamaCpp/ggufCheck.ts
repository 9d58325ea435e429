import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { ModelLoadError, type ModelLoadProblem } from "../../core/errors/modelLoadError";
import { quoted } from "../../core/text/untrustedText";
import { describeNotGguf } from "./notGguf";

/** Bytes of each fixed-size GGUF metadata value type (8 = string and 9 = array are read separately). */
const VALUE_BYTES: ReadonlyMap<number, number> = new Map([[0, 1], [1, 1], [2, 2], [3, 2], [4, 4], [5, 4], [6, 4], [7, 1], [10, 8], [11, 8], [12, 8]]);
const STRING = 8;
const ARRAY = 9;
const GGML_MAX_DIMS = 4;
const DEFAULT_ALIGNMENT = 32;
const AGAIN = "Download it again (or convert it again)";

/**
 * Walks a GGUF's header (metadata and tensor table) with every length and count checked against the file's real
 * size, before node-llama-cpp reads it. node-llama-cpp's own reader treats bytes past the end as zeros and trusts
 * the counts: a 24-byte file claiming 2^40 metadata entries keeps it reading (and allocating) without end, and a
 * text file or a cut-short download ends in "Invalid GGUF magic" or llama.cpp's "Failed to load model" without
 * the file's name. Throws ModelLoadError naming the file, what is wrong and what to do.
 */
export function checkGgufFile(model: string, file: string): void {
  const fd = openSync(file, "r");
  try {
    const size = fstatSync(fd).size;
    const fail = (problem: ModelLoadProblem, reason: string): never => {
      throw new ModelLoadError(model, file, problem, reason);
    };
    if (size === 0) fail("empty", `${file} is empty (0 bytes), not a GGUF model: a download or copy that did not finish. ${AGAIN}, or point the entry at the right .gguf file.`);
    const reader = new BoundedReader(fd, size);
    const head = reader.peek(Math.min(size, 256));
    if (size < 4 || head.subarray(0, 4).toString("latin1") !== "GGUF") fail("not-gguf", describeNotGguf(file, head));
    try {
      walkHeader(reader, file, fail);
    } catch (error) {
      if (!(error instanceof PastEnd)) throw error;
      fail("truncated", `${file} is cut short: it ends after ${size} bytes, in the middle of its header (${error.where}), so the download or copy did not finish. ${AGAIN}.`);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * The model's parameter count: the sum over the GGUF's tensor table of each tensor's element count (the product of
 * its dimensions), read from the header alone. Throws ModelLoadError on a file checkGgufFile would refuse.
 */
export function ggufParamCount(model: string, file: string): number {
  const fd = openSync(file, "r");
  try {
    const reader = new BoundedReader(fd, fstatSync(fd).size);
    const fail = (problem: ModelLoadProblem, reason: string): never => {
      throw new ModelLoadError(model, file, problem, reason);
    };
    try {
      return Number(walkHeader(reader, file, fail));
    } catch (error) {
      if (!(error instanceof PastEnd)) throw error;
      return fail("truncated", `${file} is cut short: it ends in the middle of its header (${error.where}). ${AGAIN}.`);
    }
  } finally {
    closeSync(fd);
  }
}

/** Checks the header and returns the total element count of its tensors. */
function walkHeader(reader: BoundedReader, file: string, fail: (problem: ModelLoadProblem, reason: string) => never): bigint {
  reader.skip(4, "the magic");
  const version = reader.u32("the version");
  if (version === 1) fail("unsupported-version", `${file} is a GGUF of version 1, which llama.cpp no longer reads. Download a current GGUF of the model (or convert it again with llama.cpp's convert_hf_to_gguf.py).`);
  if (version !== 2 && version !== 3) fail("unsupported-version", `${file} says it is GGUF version ${version}; node-llama-cpp reads versions 2 and 3. The file is corrupted or from a newer format: ${AGAIN} or update Prompt Bench.`);
  const tensorCount = reader.u64("the tensor count");
  const keyCount = reader.u64("the metadata count");
  const corrupt = (detail: string): never => fail("corrupt", `${file} is corrupted: ${detail}. ${AGAIN}.`);
  // The smallest metadata entry is 13 bytes (empty key, type, one-byte value); the smallest tensor entry 24.
  reader.room(keyCount * 13n + tensorCount * 24n, "the metadata", () => corrupt(`its header claims ${keyCount} metadata entries and ${tensorCount} tensors, more than its ${reader.size} bytes can hold`));
  let alignment = DEFAULT_ALIGNMENT;
  for (let i = 0n; i < keyCount; i++) {
    const key = reader.text(`metadata entry ${i + 1n} of ${keyCount}`, corrupt);
    const where = `metadata ${quoted(key)}`;
    const type = reader.u32(where);
    if (key === "general.alignment" && type === 4) {
      alignment = reader.u32(where);
      if (alignment === 0 || (alignment & (alignment - 1)) !== 0) corrupt(`${where} is ${alignment}, not a power of two`);
    } else {
      skipValue(reader, type, where, corrupt);
    }
  }
  const tensors: Array<{ name: string; offset: bigint }> = [];
  let elements = 0n;
  for (let i = 0n; i < tensorCount; i++) {
    const name = reader.text(`tensor entry ${i + 1n} of ${tensorCount}`, corrupt);
    const where = `tensor ${quoted(name)}`;
    const dims = reader.u32(where);
    if (dims > GGML_MAX_DIMS) corrupt(`${where} has ${dims} dimensions (llama.cpp allows at most ${GGML_MAX_DIMS})`);
    let count = 1n;
    for (let d = 0; d < dims; d++) count *= reader.u64(where);
    elements += count;
    reader.skip(4, where); // the element type
    tensors.push({ name, offset: reader.u64(where) });
  }
  const dataStart = BigInt(Math.ceil(reader.position / alignment) * alignment);
  for (const { name, offset } of tensors) {
    if (dataStart + offset < BigInt(reader.size)) continue;
    fail("truncated", `${file} is cut short or corrupted: its tensor ${quoted(name)} starts at byte ${dataStart + offset}, but the file has only ${reader.size} bytes. ${AGAIN}.`);
  }
  return elements;
}

function skipValue(reader: BoundedReader, type: number, where: string, corrupt: (detail: string) => never): void {
  const bytes = VALUE_BYTES.get(type);
  if (bytes !== undefined) return reader.skip(bytes, where);
  if (type === STRING) return reader.skipString(where, corrupt);
  if (type !== ARRAY) return corrupt(`${where} has value type ${type}, which GGUF does not define`);
  const itemType = reader.u32(where);
  const count = reader.u64(where);
  const itemBytes = VALUE_BYTES.get(itemType);
  // Strings take at least their 8-byte length, arrays their 12-byte type and count.
  const least = itemBytes ?? (itemType === STRING ? 8 : itemType === ARRAY ? 12 : corrupt(`${where} is an array of value type ${itemType}, which GGUF does not define`));
  reader.room(count * BigInt(least), where, () => corrupt(`${where} claims ${count} entries, more than the whole file can hold`));
  if (itemBytes !== undefined) return reader.skip(itemBytes * Number(count), where);
  for (let i = 0n; i < count; i++) skipValue(reader, itemType, where, corrupt);
}

/** Reading past the end of the file (the header is cut short). */
class PastEnd extends Error {
  constructor(readonly where: string) {
    super(`past the end of the file at ${where}`);
  }
}

/** Sequential reads from a file through a 1 MB window; nothing is read or allocated beyond the file's size. */
class BoundedReader {
  position = 0;
  private window = Buffer.alloc(0);
  private windowStart = 0;

  constructor(private readonly fd: number, readonly size: number) {}

  get remaining(): number {
    return this.size - this.position;
  }

  peek(length: number): Buffer {
    return Buffer.from(this.bytes(this.position, length));
  }

  /** Checks that `bytes` more can follow: more than the whole file is corruption, past the end a cut-short file. */
  room(bytes: bigint, where: string, corrupt: () => never): void {
    if (bytes > BigInt(this.size)) corrupt();
    if (bytes > BigInt(this.remaining)) throw new PastEnd(where);
  }

  skip(length: number, where: string): void {
    if (length > this.remaining) throw new PastEnd(where);
    this.position += length;
  }

  u32(where: string): number {
    return this.read(4, where).readUInt32LE(0);
  }

  u64(where: string): bigint {
    return this.read(8, where).readBigUInt64LE(0);
  }

  skipString(where: string, corrupt: (detail: string) => never): void {
    this.skip(this.stringLength(where, corrupt), where);
  }

  /** A key or tensor name: short in any real file, so a long one is cut to 256 bytes for messages. */
  text(where: string, corrupt: (detail: string) => never): string {
    const length = this.stringLength(where, corrupt);
    const shown = this.bytes(this.position, Math.min(length, 256)).toString("utf8");
    this.position += length;
    return shown;
  }

  /** A length past the end is a cut-short file; one longer than the whole file is corruption. */
  private stringLength(where: string, corrupt: (detail: string) => never): number {
    const length = this.u64(where);
    if (length <= BigInt(this.remaining)) return Number(length);
    if (length > BigInt(this.size)) corrupt(`${where} has a text of ${length} bytes, more than the whole file's ${this.size}`);
    throw new PastEnd(where);
  }

  private read(length: number, where: string): Buffer {
    if (length > this.remaining) throw new PastEnd(where);
    const out = this.bytes(this.position, length);
    this.position += length;
    return out;
  }

  private bytes(start: number, length: number): Buffer {
    const end = Math.min(start + length, this.size);
    if (start < this.windowStart || end > this.windowStart + this.window.length) {
      this.window = Buffer.alloc(Math.min(Math.max(end - start, 1 << 20), this.size - start));
      this.windowStart = start;
      readSync(this.fd, this.window, 0, this.window.length, start);
    }
    return this.window.subarray(start - this.windowStart, end - this.windowStart);
  }
}
