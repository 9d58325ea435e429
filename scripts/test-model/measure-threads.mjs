// Measures generation speed on the test model for a thread setting, in a fresh process per setting:
//   node scripts/test-model/measure-threads.mjs default|<n>|ctx:<n> [tokens=64] [repeats=3]
// "default" leaves getLlama's maxThreads and the context's threads to node-llama-cpp; <n> sets both to n;
// ctx:<n> sets only the context's threads.
import { getLlama, LlamaChatSession, LlamaLogLevel } from "node-llama-cpp";
import { availableParallelism } from "node:os";
import { ensureTestModel } from "../make-test-model.mjs";

const [setting = "default", tokensArg = "64", repeatsArg = "3"] = process.argv.slice(2);
const threads = setting === "default" ? undefined : Number(setting.replace("ctx:", ""));
const maxThreads = setting.startsWith("ctx:") ? undefined : threads;
const modelPath = ensureTestModel();
let started = performance.now();
const llama = await getLlama({ gpu: false, logLevel: LlamaLogLevel.error, ...(maxThreads ? { maxThreads } : {}) });
const model = await llama.loadModel({ modelPath });
const context = await model.createContext({ contextSize: 2048, ...(threads ? { threads } : {}) });
const loadMs = performance.now() - started;
const sequence = context.getSequence();
const session = new LlamaChatSession({ contextSequence: sequence });
const rates = [];
for (let i = 0; i < Number(repeatsArg); i++) {
  session.setChatHistory([]);
  await sequence.clearHistory();
  let tokens = 0;
  started = performance.now();
  await session.prompt(`Run ${i}: write anything at all.`, {
    maxTokens: Number(tokensArg), temperature: 0, onToken: (t) => (tokens += t.length),
  });
  rates.push(tokens / ((performance.now() - started) / 1000));
}
console.log(JSON.stringify({
  setting, cores: availableParallelism(), llamaMaxThreads: llama.maxThreads, contextThreads: context.idealThreads,
  loadMs: Math.round(loadMs), tokensPerSec: rates.map((r) => Math.round(r)),
}));
await llama.dispose();
