import { statSync } from "node:fs";

// llama.cpp's split naming: model-00001-of-00003.gguf (node-llama-cpp resolves the parts the same way).
const SPLIT_PART = /-(\d{5})-of-(\d{5})\.gguf$/i;

/** The files of a GGUF model: every part of a split model, else the file itself. */
export function ggufParts(path: string): string[] {
  const match = SPLIT_PART.exec(path);
  if (!match) return [path];
  const parts = Number(match[2]);
  if (!(parts >= 1) || Number(match[1]) > parts) return [path];
  const stem = path.slice(0, match.index);
  const width = match[2]!.length;
  return Array.from({ length: parts }, (_, i) => `${stem}-${String(i + 1).padStart(width, "0")}-of-${match[2]}.gguf`);
}

/** Bytes on disk of a model, all split parts summed. Throws when a part is missing. */
export function modelFileBytes(path: string): number {
  return ggufParts(path).reduce((sum, part) => sum + statSync(part).size, 0);
}
