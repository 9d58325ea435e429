export const HELP = `prompt-bench — benchmark a prompt over a CSV with local LLMs (node-llama-cpp)

Usage:
  prompt-bench run --prompt FILE --csv FILE [options]
  prompt-bench score --csv RESULTS.csv [--metrics OUT.csv] [--bertscore-model DIR] [--plots-dir DIR]
                     [--no-escape-formulas] [--no-ci] [--targets a,b]
  prompt-bench score --hyp FILE --ref FILE [--ref FILE ...] [score options] [--json]
  prompt-bench models [--json] [--models-dir DIR] [--models-file FILE]
  prompt-bench serve --model M [--port 8080] [--host 127.0.0.1] [--threads N] [--gpu auto|off]
                     [--api-key-env NAME] [--prompt FILE]   one local model behind an OpenAI-compatible
                     API (/v1); --prompt keeps the template's text before {source} evaluated between requests
  prompt-bench history [--json] [--history FILE] [--limit N]    recorded runs, newest first, with prompt,
                     dataset, models and headline metrics (chrF++ and exact match over fields, valid rate)
  prompt-bench history show RUN [--json] [--history FILE]       one run's record (RUN: an id, its start, latest)
  prompt-bench history plots --plots-dir DIR [--run RUN] [--history FILE]   the plots (model-size view
                     included) over every model run with RUN's prompt and dataset, each from its newest run
  prompt-bench rerun RUN [--history FILE] [--out FILE] [--allow-changed-dataset] [--models-file FILE]
                     [--models-dir DIR] [--no-download]
                     repeat a recorded run: its recorded prompt text, dataset, model files and parameters, into
                     a new results file (default: <name>.rerun-<new id>.results.csv beside the original's; an
                     existing --out is refused). Refused, with nothing run, when a model file or LoRA adapter is
                     missing or its SHA-256 changed, or the dataset's changed (unless --allow-changed-dataset).
                     Recorded with a link to the run it repeats; prints per model how many rows' predictions
                     are identical and the first that differs. --models-file: endpoint entries' API keys/limits
  prompt-bench audit [--history FILE] [--json] [--strict] [--max-latency-p95 S] [--max-error-rate PCT]
                     [--max-invalid-rate PCT]
                     check every recorded run: missing token counts, latency p95 above S (default 30 s),
                     generation errors above PCT of rows (default 5), invalid outputs above PCT (default 20),
                     metrics that disagree with the recorded rows (recomputed, tolerance 1e-6), duplicate runs
                     of one configuration. Exit 0 even with findings; --strict: 3 when there are findings
  prompt-bench compare A B [--json | --markdown] [--history FILE] [--resamples N] [--seed N] [--rows N]
                     [--model M] [--field F]      B against A (also --baseline A --current B): per model x
                     field every metric with A, B, the difference B - A, its 95% paired bootstrap interval
                     and p-value; validity, latency p50/p95, tokens/s and cost; the changed rows, worst
                     first. A and B: a run id (or its start), latest, a tag, or a results CSV (a path that
                     exists wins). Defaults: 1000 resamples, seed 12345, 10 changed rows per model
                     [--fail-on "GATES"] [--significant-only] [--config FILE]   gates for CI: exit 3 when
                     one fails, e.g. --fail-on "chrf++<-1,validity<-2%,latency_p95>+20%,cost>+10%": a gate
                     fails on any model x field whose change B - A crosses it ([MODEL:[FIELD:]]NAME < or >
                     NUMBER; % = relative to A, for validity and exact_match points); --significant-only:
                     only when the change is significant too. The config file's gates.failOn and
                     gates.significantOnly apply unless the flags are given (docs/CI.md)
  prompt-bench tag RUN NAME [--history FILE]      name a run (e.g. baseline); an existing tag moves to RUN
  prompt-bench tag --list [--json] | tag --delete NAME [--history FILE]
  prompt-bench --help
  Every command takes --verbose: on a failure, also print the stack trace (otherwise only with --log)

Options for run:
  --prompt FILE          prompt template: {column} puts a CSV column in, e.g. {source} or {question} and
                         {context}; {{ and }} write literal braces (not needed with --skip-inference)
  --csv FILE             dataset: the columns the prompt reads plus one column per target field
  --targets a,b          the target columns (default: every column except source, pred_*, raw_* and the
                         prompt's own columns); re-scoring uses the targets the run recorded
  --output FILE          results CSV (default: <csv>.<prompt>.results.csv beside the CSV); reruns resume it
  --metrics FILE         metrics CSV (default: <csv>.<prompt>.metrics.csv beside the CSV)
  --log FILE             append a plain-text log of the run: its progress and log lines, and a failure's
                         stack trace. None of --output, --metrics, --log may be the input CSV
  --model SPEC           all | a tier (3b, 7b, 30b, 70b, thinking, custom) | a short name | a .gguf path,
                         or a comma list of those (default: all)
  --models-file FILE     JSON array of extra models: [{"name": "...", "tier"?: "...", "path" | "uri": "..."}]
                         plus optional LoRA adapters on that base: "lora": [{"path": "a.gguf", "scale"?: 1}],
                         or an OpenAI-compatible server: {"name", "endpoint": "http://host:8000/v1", "model",
                         "apiKeyEnv"?, "concurrency"?, "requestsPerMinute"?, "timeoutSeconds"?, "maxRetries"?,
                         "pricePer1kInput"?, "pricePer1kOutput"?, "structuredOutput"?}
  --models-dir DIR       where hf: models are stored/downloaded (default: $PROMPT_BENCH_MODELS_DIR or
                         ~/.cache/prompt-bench/models)
  --max-new-tokens N     output token limit per row (default: 1024)
  --max-reasoning-tokens N
                         cap on a thinking model's reasoning (<think>) tokens per row, after which it must
                         answer; they count against --max-new-tokens too (default: no separate cap)
  --threads N            CPU threads for inference (default: chosen from the machine's cores)
  --parallel N           rows decoded at once as sequences of one context (default: 1 on the CPU, where it
                         measured no faster; on a GPU as many as memory allows, at most 8)
  --gpu auto|off         use the GPU when there is one (default: auto)
  --gpu-devices 0,1      only these GPUs (CUDA_VISIBLE_DEVICES / GGML_VK_VISIBLE_DEVICES); default: all,
                         llama.cpp splits the layers over them
  --vram-cap GB, --ram-cap GB
                         most VRAM / RAM a model may use (e.g. to leave room for other work); a model that
                         needs more at its context size is skipped with the reason, and a rerun without the
                         cap resumes it (default: the free memory)
  --constrained          constrain decoding to the target fields' JSON schema (default: off, so that
                         format-following is measured)
  --temperature T        sample at temperature T (0–2); with --top-p P (0–1), --top-k K and --seed S (whole
                         number). Default: greedy (temperature 0). Both engines; top_k goes to OpenAI-compatible
                         servers as \`top_k\` (vLLM, llama.cpp's server and Ollama take it, OpenAI itself does not)
  --repeat N             N rounds with seeds S, S+1, … (S = --seed, default 1): round 1 writes the usual results,
                         round r writes <name>.r<r>.results.csv / .metrics.csv and resumes on its own; then
                         <name>.rounds.csv (each metric's _mean and _sd over rounds, agreement_mean) and
                         <name>.agreement.csv (per row, model and field: the share of rounds giving the modal answer)
  --ensemble majority|first_non_blank
                         add the virtual model ensemble-<strategy>, combining the run's models (or, with one model
                         and --repeat, its rounds) field by field; scored like any model. majority: the most
                         frequent non-blank answer, a tie to model order; first_non_blank: in model order.
                         confidence is refused: neither engine exposes token probabilities yet
  --schema FILE          typed fields: a JSON Schema declaring each target field's type (string, number,
                         integer, boolean, enum, array of strings, nullable); default: <prompt name>.schema.json
                         beside the prompt (extract.prompt.txt -> extract.prompt.schema.json) when it exists
  --skip-inference       only recompute metrics from the pred_* columns already in the results CSV
  --skip-metrics         run inference only
  --plots-dir DIR        write report.html (metrics table + plots, opens offline) and the seed's PNGs:
                         quality_/heatmap_/validation_rate_/radar_<field>.png, runtime/tokens/throughput.png.
                         PNGs need a Chromium (/usr/bin/chromium or $PROMPT_BENCH_CHROMIUM); without one they
                         are skipped with a note and report.html is still written
  --no-download          never download a model; fail with the path to place the file at instead.
                         Downloads show a progress bar, check the free disk first, and resume after an
                         interruption; gated repositories (Llama) need $HF_TOKEN (or $HUGGING_FACE_HUB_TOKEN)
  --bertscore-model DIR  local ONNX export of deepset/gbert-base (9 layers) for bertscore_f1; also
                         $PROMPT_BENCH_BERTSCORE_MODEL. Without it the column stays empty and a note says why.
  --rouge-tokenizer default|unicode   ROUGE tokenizer for the metrics CSV: default = rouge_score's, which drops
                         umlauts and ß (comparable with published numbers); unicode keeps letters of every script
  --no-escape-formulas   write model outputs verbatim. By default a pred_*/raw_* cell that starts with = + - @,
                         a tab or a CR (and is not a plain number like -3) gets a ' in front, so a spreadsheet
                         does not run it as a formula (CSV injection); Prompt Bench removes it when reading back
  --history FILE         record the run in this SQLite history (default: .prompt-bench/history.sqlite in the
                         results file's folder; \`history\` reads .prompt-bench/history.sqlite in the current folder)
  --no-history           do not record the run. A run that cannot be recorded warns and keeps its exit status
  --no-ci                no bootstrap confidence intervals or rank: the metrics CSV leaves out its
                         <metric>_ci_low/_ci_high and rank columns (faster on very large datasets; also score)
  --min "GATES"          requirements on every model × field of the run, checked after its results are saved,
                         e.g. "exact_match>=80,chrf++>=50,validity>=95,latency_p95<=2" ([MODEL:[FIELD:]]NAME
                         >= or <= NUMBER); one failing exits 3 and prints a line per failure (docs/CI.md)
  --config FILE          gates from a config file (default: prompt-bench.config.json in the current folder,
                         when there is one): { "gates": { "min": "...", "failOn": "...", "significantOnly": true } };
                         flags override it

Options for score --hyp/--ref (one segment per line; one --ref file per reference stream, as sacrebleu):
  --metrics LIST         comma list of bleu,chrf,chrf++,rouge1,rouge2,rougeL,rougeLsum,wer,cer,mer,wil,
                         exact_match (default: all)
  --tokenize 13a|intl|char|none      BLEU tokenizer (default 13a)
  --lowercase                        lowercase for BLEU and chrF
  --smooth-method exp|floor|add-k|none, --smooth-value X             BLEU smoothing
  --use-stemmer                      Porter stemmer for ROUGE (rouge_score's use_stemmer)
  --rouge-tokenizer default|unicode  default = rouge_score's (drops umlauts); unicode keeps every script
  --chrf-eps-smoothing, --chrf-whitespace, --chrf-beta N              chrF options
  --per-segment                      also print each line's score
  --json                             one JSON object: {metric: {score, signature?, ..., segments?}}
  Scales as the reference tools: BLEU/chrF 0-100 (sacrebleu), ROUGE 0-1 (rouge-score, mean over lines),
  WER/CER/MER/WIL 0-1 (jiwer), exact_match 0-100.

Exit status: 0 success, 1 failure (the message says what to fix), 2 bad usage, 3 a gate failed (--min,
--fail-on; the results are saved, each failed gate is printed on stderr with its numbers) or audit --strict
found problems, 130 cancelled (Ctrl-C;
finished rows are saved and a rerun resumes). A model whose file cannot be loaded (not a GGUF, cut short,
corrupted, an architecture or tensor type llama.cpp does not support) is skipped with the reason, like one that
does not fit, and the run goes on: the exit status is then 0 if some selected model ran, and 1 if every selected
model was skipped and at least one of them for a file that cannot load.

Environment: PROMPT_BENCH_TEMPLATE_CHECK=off renders a model's chat template without first trying it in a
worker with a time and memory budget (see docs/SECURITY.md).
`;
