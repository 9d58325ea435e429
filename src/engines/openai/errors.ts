/** One failed request to an endpoint: whether another attempt may succeed, and when the server asked us to retry. */
export class EndpointRequestError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A row that still failed after its retries; `retries` goes into the row's `retries` cell. */
export class RowRequestError extends Error {
  constructor(
    message: string,
    readonly retries: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The retry count carried by an error thrown from generate(), when it has one. */
export function retriesOf(error: unknown): number | undefined {
  const retries = (error as { retries?: unknown } | null)?.retries;
  return typeof retries === "number" ? retries : undefined;
}
