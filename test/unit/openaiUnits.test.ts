import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ModelSelectionError } from "../../src/core/errors/modelSelectionError";
import { parseUserEntries } from "../../src/core/registry/userEntries";
import { backoffMs, DEFAULT_BACKOFF, parseRetryAfter, retryDelayMs } from "../../src/engines/openai/backoff";
import { parseChatReply } from "../../src/engines/openai/chatReply";
import type { Clock } from "../../src/engines/openai/clock";
import { RateLimiter, Semaphore } from "../../src/engines/openai/limits";

describe("OpenAI engine parts", () => {
  test("backoff is min(300 s, 2^attempt + jitter); Retry-After (seconds or HTTP date) wins, capped", () => {
    const policy = { ...DEFAULT_BACKOFF, random: () => 0.5 };
    assert.equal(backoffMs(1, policy), 2500);
    assert.equal(backoffMs(3, policy), 8500);
    assert.equal(backoffMs(9, policy), 300_000, "2^9 s is past the cap");
    assert.equal(backoffMs(2, { ...policy, random: () => 0 }), 4000);
    const now = Date.parse("Mon, 23 Nov 2026 08:00:00 GMT");
    assert.equal(parseRetryAfter("7", now), 7000);
    assert.equal(parseRetryAfter("Mon, 23 Nov 2026 08:00:30 GMT", now), 30_000);
    assert.equal(parseRetryAfter("Mon, 23 Nov 2026 07:00:00 GMT", now), 0, "a date in the past: retry now");
    assert.equal(parseRetryAfter("soon", now), undefined);
    assert.equal(parseRetryAfter(null, now), undefined);
    assert.equal(retryDelayMs(1, 7000, policy), 7000);
    assert.equal(retryDelayMs(1, 3_600_000, policy), 300_000, "an hour's Retry-After is capped at 300 s");
    assert.equal(retryDelayMs(1, undefined, policy), 2500);
  });

  test("the rate limiter spaces starts 60/rpm s apart, also for concurrent callers", async () => {
    let now = 0;
    const starts: number[] = [];
    const clock: Clock = {
      now: () => now,
      sleep: async (ms) => {
        now += ms; // virtual time: one waiter at a time below
      },
    };
    const limiter = new RateLimiter(30, clock); // one start per 2 s
    for (let i = 0; i < 4; i++) {
      await limiter.wait();
      starts.push(now);
    }
    assert.deepEqual(starts, [0, 2000, 4000, 6000]);
    now = 20_000; // idle for a while: the next start is immediate, not a burst of saved-up slots
    await limiter.wait();
    await limiter.wait();
    assert.deepEqual([now], [22_000]);

    const reserved: number[] = [];
    const fixed: Clock = { now: () => 0, sleep: async (ms) => void reserved.push(ms) };
    const concurrent = new RateLimiter(120, fixed);
    await Promise.all([1, 2, 3, 4].map(() => concurrent.wait()));
    assert.deepEqual(reserved.sort((a, b) => a - b), [500, 1000, 1500], "the first starts at once, each other one slot later");
  });

  test("the semaphore holds at most its limit and stops waiting when aborted", async () => {
    const slots = new Semaphore(2);
    const a = await slots.acquire();
    const b = await slots.acquire();
    let third = false;
    const c = slots.acquire().then((release) => {
      third = true;
      return release;
    });
    const controller = new AbortController();
    const d = slots.acquire(controller.signal);
    await new Promise((r) => setImmediate(r));
    assert.equal(third, false);
    controller.abort(new Error("cancelled"));
    await assert.rejects(d, /cancelled/);
    a();
    (await c)();
    b();
    const again = await slots.acquire();
    again();
  });

  test("chat replies: usage, reasoning tokens, reasoning_content in <think>, malformed bodies", () => {
    const reply = parseChatReply(JSON.stringify({
      choices: [{ message: { content: '{"a": 1}', reasoning_content: "hmm" } }],
      usage: { prompt_tokens: 12, completion_tokens: 30, completion_tokens_details: { reasoning_tokens: 20 } },
    }));
    assert.deepEqual(reply, { text: '<think>hmm</think>{"a": 1}', promptTokens: 12, completionTokens: 30, reasoningTokens: 20 });
    const noUsage = parseChatReply(JSON.stringify({ choices: [{ message: { content: "x" } }] }));
    assert.deepEqual(noUsage, { text: "x", promptTokens: undefined, completionTokens: undefined, reasoningTokens: undefined });
    assert.equal(parseChatReply('{"choices": [{"message": {"content": "x'), undefined);
    assert.equal(parseChatReply('{"object": "error"}'), undefined);
  });

  test("endpoint entries: parsed into an endpoint source; keys in entries and misplaced fields are refused", () => {
    const [spec] = parseUserEntries(
      [{ name: "qwen72b-cluster", endpoint: "http://gpu-box:8000/v1/", model: "Qwen/Qwen2.5-72B-Instruct", apiKeyEnv: "VLLM_KEY", concurrency: 8, pricePer1kInput: 0.5 }],
      "models.json",
    );
    assert.deepEqual(spec, {
      name: "qwen72b-cluster",
      tier: "custom",
      source: { kind: "endpoint", endpoint: "http://gpu-box:8000/v1", model: "Qwen/Qwen2.5-72B-Instruct", apiKeyEnv: "VLLM_KEY", concurrency: 8, pricePer1kInput: 0.5 },
    });
    const secret = "sk-live-do-not-echo-123";
    const bad = (entries: unknown[]): string => {
      try {
        parseUserEntries(entries, "models.json");
      } catch (error) {
        assert.ok(error instanceof ModelSelectionError);
        return error.message;
      }
      throw new Error("expected a ModelSelectionError");
    };
    const withKey = bad([{ name: "x", endpoint: "http://h/v1", model: "m", apiKey: secret }]);
    assert.match(withKey, /apiKeyEnv/);
    assert.ok(!withKey.includes(secret), "the key is not echoed");
    assert.match(bad([{ name: "x", endpoint: "http://h/v1" }]), /needs "model"/);
    assert.match(bad([{ name: "x", path: "a.gguf", concurrency: 2 }]), /concurrency applies only to entries with an "endpoint"/);
    assert.match(bad([{ name: "x", endpoint: "http://h/v1", model: "m", lora: "a.gguf" }]), /"lora" applies only to local models/);
    assert.match(bad([{ name: "x", endpoint: "http://h/v1", model: "m", apiKeyEnv: "sk-abc def" }]), /NAME of an environment variable/);
    assert.match(bad([{ name: "x", endpoint: "gpu-box:8000", model: "m" }]), /endpoint must be a URL/);
    assert.match(bad([{ name: "x", path: "a.gguf", endpoint: "http://h/v1", model: "m" }]), /exactly one of "path".*"endpoint"/);
  });
});
