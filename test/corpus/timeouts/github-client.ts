import axios, { type AxiosInstance } from 'axios';

export interface Repo {
  full_name: string;
  stargazers_count: number;
}

export interface Issue {
  number: number;
  title: string;
}

// The REST client: every call inherits the instance timeout.
const github = axios.create({
  baseURL: 'https://api.github.com',
  timeout: 8_000,
  headers: { accept: 'application/vnd.github+json' },
});

// The uploads host was added later and nobody copied the timeout over.
const uploads = axios.create({ baseURL: 'https://uploads.github.com' });

export async function getRepo(name: string): Promise<Repo> {
  const { data } = await github.get<Repo>(`/repos/${name}`); // ok: require-request-timeout
  return data;
}

export async function listIssues(name: string, page = 1): Promise<Issue[]> {
  const { data } = await github.get<Issue[]>(`/repos/${name}/issues`, { params: { page } }); // ok: require-request-timeout
  return data;
}

export async function uploadAsset(uploadUrl: string, body: Buffer): Promise<void> {
  await uploads.post(uploadUrl, body, { headers: { 'content-type': 'application/octet-stream' } }); // expect: require-request-timeout
}

export async function downloadArchive(name: string): Promise<Buffer> {
  // Archives are large: a longer, explicit timeout.
  const { data } = await uploads.get<ArrayBuffer>(`/repos/${name}/tarball`, { responseType: 'arraybuffer', timeout: 60_000 }); // ok: require-request-timeout
  return Buffer.from(data);
}

export async function fetchRawFile(url: string): Promise<string> {
  const { data } = await axios.get<string>(url, { responseType: 'text' }); // expect: require-request-timeout
  return data;
}

export async function postStatus(url: string, state: 'success' | 'failure'): Promise<void> {
  await axios.post(url, { state }, { timeout: 5_000 }); // ok: require-request-timeout
}

export async function triggerWorkflow(url: string, token: string): Promise<void> {
  await axios({ // expect: require-request-timeout
    method: 'post',
    url,
    headers: { authorization: `Bearer ${token}` },
  });
}

export async function searchCode(query: string, signal: AbortSignal): Promise<unknown> {
  // The caller owns the deadline and must pass one.
  const { data } = await github.get('/search/code', { params: { q: query }, signal }); // ok: require-request-timeout
  return data;
}

export async function rateLimit(): Promise<number> {
  // "Disable the timeout for the rate-limit endpoint, it is sometimes slow."
  const { data } = await github.get<{ rate: { remaining: number } }>('/rate_limit', { timeout: 0 }); // expect: require-request-timeout
  return data.rate.remaining;
}

export class GistClient {
  private readonly http: AxiosInstance;

  constructor(token: string) {
    this.http = axios.create({ baseURL: 'https://api.github.com/gists', headers: { authorization: `token ${token}` } });
  }

  async create(files: Record<string, { content: string }>): Promise<string> {
    const { data } = await this.http.post<{ id: string }>('', { files, public: false }); // expect: require-request-timeout
    return data.id;
  }

  async remove(id: string): Promise<void> {
    await this.http.delete(`/${id}`, { timeout: 5_000 }); // ok: require-request-timeout
  }
}

export class CheckRunsClient {
  // Built by the composition root with its own timeout: this file cannot see it.
  constructor(private readonly http: AxiosInstance) {}

  async complete(url: string, conclusion: string): Promise<void> {
    await this.http.patch(url, { status: 'completed', conclusion }); // ok: require-request-timeout
  }
}
