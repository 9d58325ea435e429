import { quoted } from "../../core/text/untrustedText";

const ENTRY = "point the entry at the .gguf model file, or download it again";

/** Why a file that does not start with "GGUF" is not a model, from its first bytes; names the file and what to do. */
export function describeNotGguf(file: string, head: Buffer): string {
  const text = head.toString("utf8").replace(/^\uFEFF/, "");
  if (text.startsWith("version https://git-lfs")) {
    return `${file} is a Git LFS pointer, not the model itself: run "git lfs pull" in its repository, or download the .gguf from the model's page.`;
  }
  if (/^\s*<(!doctype html|html|\?xml|head|body)/i.test(text)) {
    return `${file} is a web page, not a GGUF model (a download that got an error or login page instead of the file): ` +
      `download the .gguf again (a gated model needs a Hugging Face token), or ${ENTRY}.`;
  }
  const isText = looksLikeText(head);
  const what = isText ? "a text file, not a GGUF model" : "not a GGUF model file";
  const start = isText ? `it starts with ${quoted(text.slice(0, 40).trimEnd(), 40)}` : `it starts with the bytes ${hex(head.subarray(0, 8))}`;
  const short = head.length < 4 ? ` and is only ${head.length} byte${head.length === 1 ? "" : "s"} long` : "";
  return `${file} is ${what} (${start}${short}; a GGUF starts with "GGUF"): ${ENTRY}.`;
}

/** Mostly printable UTF-8 (a README, JSON, a script saved as .gguf). */
function looksLikeText(head: Buffer): boolean {
  if (head.length === 0 || head.includes(0)) return false;
  const text = head.toString("utf8");
  const odd = [...text].filter((c) => c === "\uFFFD" || (c < " " && c !== "\n" && c !== "\r" && c !== "\t")).length;
  return odd <= text.length / 20;
}

function hex(bytes: Buffer): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join(" ");
}
