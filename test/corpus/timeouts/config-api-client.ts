import https from 'node:https';

// An SDK's own HTTP layer: the socket timeout exists only when a request config carries `timeout`.
interface RequestConfig {
  method: 'GET' | 'PUT';
  url: string;
  headers?: Record<string, string>;
  data?: unknown;
  timeout?: number;
}

class HttpClient {
  send(config: RequestConfig): Promise<string> {
    return new Promise((resolve, reject) => {
      const req = https.request(config.url, { method: config.method, headers: config.headers }, (res) => {
        let body = '';
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve(body));
      });
      req.on('error', reject);
      const timeout = config.timeout;
      if (timeout) {
        req.setTimeout(timeout, () => req.destroy(new Error(`timeout of ${timeout}ms exceeded`)));
      }
      req.end(config.data === undefined ? undefined : JSON.stringify(config.data));
    });
  }
}

const API = 'https://config.example.com/v1';

export class ConfigApiClient {
  private readonly httpClient = new HttpClient();

  // The template every server instance loads at start-up: no timeout, so a stalled endpoint hangs the start.
  getTemplate(project: string): Promise<string> {
    const request: RequestConfig = { method: 'GET', url: `${API}/projects/${project}/template`, headers: { Accept: 'application/json' } };
    return this.httpClient.send(request); // expect: require-request-timeout
  }

  // Publishing carries its own deadline.
  publish(project: string, template: unknown): Promise<string> {
    const request: RequestConfig = { method: 'PUT', url: `${API}/projects/${project}/template`, data: template, timeout: 10_000 };
    return this.httpClient.send(request); // ok: require-request-timeout
  }
}
