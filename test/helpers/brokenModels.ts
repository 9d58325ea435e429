import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ModelLoadProblem } from "../../src/core/errors/modelLoadError";
import { loadMakeTestModel } from "./testModel";

type BuildTestModel = (options?: Record<string, unknown>) => Buffer;

/** A broken model file made from the project's test-model generator, and what Prompt Bench must say it is. */
export interface BrokenModel {
  bytes: Buffer;
  problem: ModelLoadProblem;
  /** What the reason must say (beyond naming the file). */
  says: RegExp;
}

export async function buildTestModelBytes(options: Record<string, unknown> = {}): Promise<Buffer> {
  const { buildTestModel } = (await loadMakeTestModel()) as unknown as { buildTestModel: BuildTestModel };
  return buildTestModel(options);
}

/** A GGUF header alone: magic, version 3, tensor and metadata counts, then `rest`. */
function header(tensors: bigint, keys: bigint, rest: Buffer = Buffer.alloc(0)): Buffer {
  const head = Buffer.alloc(24);
  head.write("GGUF", 0, "latin1");
  head.writeUInt32LE(3, 4);
  head.writeBigUInt64LE(tensors, 8);
  head.writeBigUInt64LE(keys, 16);
  return Buffer.concat([head, rest]);
}

/** One metadata entry "abc" of type string whose length claims 16 GiB. */
function hugeString(): Buffer {
  const entry = Buffer.alloc(8 + 3 + 4 + 8);
  entry.writeBigUInt64LE(3n, 0);
  entry.write("abc", 8, "latin1");
  entry.writeUInt32LE(8, 11);
  entry.writeBigUInt64LE(1n << 34n, 15);
  return entry;
}

/** Every kind of broken model file the issue names, and a few more seen in the wild. */
export async function brokenModels(): Promise<Record<string, BrokenModel>> {
  const good = await buildTestModelBytes();
  const withVersion = Buffer.from(good);
  withVersion.writeUInt32LE(9, 4);
  const notGguf = /is (not a GGUF model file|a text file, not a GGUF model) \(it starts with .*; a GGUF starts with "GGUF"\): point the entry at the \.gguf model file, or download it again/;
  return {
    "empty": { bytes: Buffer.alloc(0), problem: "empty", says: /is empty \(0 bytes\), not a GGUF model/ },
    "text": { bytes: Buffer.from("These are my notes about the model.\n"), problem: "not-gguf", says: /is a text file, not a GGUF model \(it starts with "These are my notes about the model\."/ },
    "wrong-magic": { bytes: Buffer.concat([Buffer.from("XXXX"), good.subarray(4)]), problem: "not-gguf", says: /it starts with the bytes 58 58 58 58 03 00 00 00/ },
    "elf-binary": { bytes: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]), problem: "not-gguf", says: notGguf },
    "one-byte": { bytes: Buffer.from([0x47]), problem: "not-gguf", says: /is only 1 byte long/ },
    "html-page": { bytes: Buffer.from("<!DOCTYPE html><html><body>Access denied</body></html>"), problem: "not-gguf", says: /is a web page, not a GGUF model/ },
    "git-lfs-pointer": { bytes: Buffer.from("version https://git-lfs.github.com/spec/v1\noid sha256:0\nsize 4683073952\n"), problem: "not-gguf", says: /is a Git LFS pointer, not the model itself: run "git lfs pull"/ },
    "version-9": { bytes: withVersion, problem: "unsupported-version", says: /says it is GGUF version 9; node-llama-cpp reads versions 2 and 3/ },
    "truncated-header": { bytes: good.subarray(0, 5000), problem: "truncated", says: /is cut short: it ends after 5000 bytes, in the middle of its header \(metadata "tokenizer\.ggml\.\w+"\)/ },
    "truncated-data": { bytes: good.subarray(0, good.length - 1000), problem: "truncated", says: /is cut short or corrupted: the data of its tensor "blk\.1\.ffn_down\.weight" lies past the end of the file/ },
    "offset-past-end": { bytes: await buildTestModelBytes({ tensorOffsetShift: 1 << 20 }), problem: "truncated", says: /its tensor "blk\.1\.ffn_down\.weight" starts at byte \d+, but the file has only \d+ bytes/ },
    "offset-inconsistent": { bytes: await buildTestModelBytes({ tensorOffsetShift: 32 }), problem: "corrupt", says: /is corrupted: its tensor table does not add up \(tensor "blk\.1\.ffn_down\.weight" has data offset \d+, llama\.cpp expects \d+\)/ },
    "metadata-count-bomb": { bytes: header(0n, 1n << 40n), problem: "corrupt", says: /claims 1099511627776 metadata entries and 0 tensors, more than its 24 bytes can hold/ },
    "string-length-bomb": { bytes: header(0n, 1n, hugeString()), problem: "corrupt", says: /metadata "abc" has a text of 17179869184 bytes, more than the whole file's 47/ },
    "unknown-architecture": { bytes: await buildTestModelBytes({ architecture: "notamodel" }), problem: "unsupported-architecture", says: /is a model of architecture "notamodel", which the llama\.cpp built into node-llama-cpp cannot run/ },
    "unknown-tensor-type": { bytes: await buildTestModelBytes({ tensorType: 77 }), problem: "unsupported-tensor-type", says: /stores its tensor "token_embd\.weight" as type 77, which the llama\.cpp built into node-llama-cpp does not know/ },
    "removed-tensor-type": { bytes: await buildTestModelBytes({ tensorType: 4 }), problem: "unsupported-tensor-type", says: /stores its tensor "token_embd\.weight" as type Q4_2 \(4\), which llama\.cpp no longer supports/ },
  };
}

/** Writes each broken model as `<dir>/<name>.gguf`; returns the paths by name. */
export function writeBrokenModels(dir: string, models: Record<string, BrokenModel>): Record<string, string> {
  return Object.fromEntries(Object.entries(models).map(([name, model]) => {
    const path = join(dir, `${name}.gguf`);
    writeFileSync(path, model.bytes);
    return [name, path];
  }));
}
