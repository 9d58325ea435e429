// node-llama-cpp is ESM-only and this project compiles to CommonJS: load it with a dynamic import (kept as
// import() under module node16 and by esbuild) and take its types from `typeof import(...)`.
export type NLC = typeof import("node-llama-cpp", { with: { "resolution-mode": "import" } });
export type Llama = Awaited<ReturnType<NLC["getLlama"]>>;
export type LlamaModel = Awaited<ReturnType<Llama["loadModel"]>>;
export type LlamaContext = Awaited<ReturnType<LlamaModel["createContext"]>>;
export type LlamaGrammar = Awaited<ReturnType<Llama["createGrammarForJsonSchema"]>>;
export type LlamaChatSession = InstanceType<NLC["LlamaChatSession"]>;
export type Token = import("node-llama-cpp", { with: { "resolution-mode": "import" } }).Token;
export type ChatResponseItem = Awaited<ReturnType<LlamaChatSession["promptWithMeta"]>>["response"][number];

let loading: Promise<NLC> | undefined;

/** The node-llama-cpp module, imported once per process. */
export function loadNodeLlamaCpp(): Promise<NLC> {
  loading ??= import("node-llama-cpp");
  return loading;
}
