export const HELP = `prompt-bench — benchmark a prompt over a CSV with local LLMs (node-llama-cpp)

Usage:
  prompt-bench run --prompt FILE --csv FILE [options]
  prompt-bench --help

Options for run:
  --prompt FILE          prompt template containing {source} (not needed with --skip-inference)
  --csv FILE             dataset: a "source" column plus one column per target field
  --output FILE          results CSV (default: <csv>.<prompt>.results.csv beside the CSV); reruns resume it
  --metrics FILE         metrics CSV (default: <csv>.<prompt>.metrics.csv beside the CSV)
  --model SPEC           all | a tier (3b, 7b, 30b, 70b, thinking, custom) | a short name | a .gguf path,
                         or a comma list of those (default: all)
  --models-file FILE     JSON array of extra models: [{"name": "...", "tier"?: "...", "path" | "uri": "..."}]
  --models-dir DIR       where hf: models are stored/downloaded (default: $PROMPT_BENCH_MODELS_DIR or
                         ~/.cache/prompt-bench/models)
  --max-new-tokens N     output token limit per row (default: 1024)
  --threads N            CPU threads for inference (default: chosen from the machine's cores)
  --gpu auto|off         use the GPU when there is one (default: auto)
  --constrained          constrain decoding to the target fields' JSON schema (default: off, so that
                         format-following is measured)
  --skip-inference       only recompute metrics from the pred_* columns already in the results CSV
  --skip-metrics         run inference only
  --plots-dir DIR        accepted for compatibility; plots are not written yet
  --no-download          never download a model; fail with the path to place the file at instead

Exit status: 0 success, 1 failure (the message says what to fix), 2 bad usage, 130 cancelled (Ctrl-C;
finished rows are saved and a rerun resumes).
`;
