// Search and autocomplete against the internal search service. Both accept a timeout option; the signal only
// exists when that option is positive, so the option's default decides whether there is a deadline at all.
export interface SearchOptions {
  timeoutMs?: number;
}

export interface Hit {
  id: string;
  score: number;
}

export async function search(query: string, { timeoutMs = 0 }: SearchOptions = {}): Promise<Hit[]> {
  const signal = timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined;
  const response = await fetch(`https://search.internal/q?text=${encodeURIComponent(query)}`, { signal }); // expect: require-request-timeout
  if (!response.ok) throw new Error(`search answered ${response.status}`);
  return (await response.json()) as Hit[];
}

export async function suggest(prefix: string, { timeoutMs = 800 }: SearchOptions = {}): Promise<string[]> {
  const signal = timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined;
  const response = await fetch(`https://search.internal/suggest?prefix=${encodeURIComponent(prefix)}`, { signal }); // ok: require-request-timeout
  if (!response.ok) throw new Error(`suggest answered ${response.status}`);
  return (await response.json()) as string[];
}

export class SearchClient {
  private readonly timeoutMs = 0;

  async count(query: string): Promise<number> {
    const response = await fetch(`https://search.internal/count?text=${encodeURIComponent(query)}`, { // expect: require-request-timeout
      signal: this.timeoutMs ? AbortSignal.timeout(this.timeoutMs) : undefined,
    });
    return Number(await response.text());
  }
}
