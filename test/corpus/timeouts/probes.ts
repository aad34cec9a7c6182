import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';

export interface ProbeResult {
  target: string;
  ok: boolean;
  latencyMs: number;
}

// TCP reachability check for the status page.
export function probeTcp(host: string, port: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect({ host, port, timeout: 3_000 }); // ok: require-client-timeout
    socket.once('connect', () => {
      socket.end();
      resolve({ target: `${host}:${port}`, ok: true, latencyMs: Date.now() - started });
    });
    socket.once('timeout', () => socket.destroy(new Error(`connect to ${host}:${port} timed out`)));
    socket.once('error', () => resolve({ target: `${host}:${port}`, ok: false, latencyMs: Date.now() - started }));
  });
}

// SMTP banner check: waits for the greeting line.
export function smtpBanner(host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(25, host); // expect: require-client-timeout
    socket.once('data', (chunk) => {
      socket.end();
      resolve(chunk.toString('utf8').trim());
    });
    socket.once('error', reject);
  });
}

export function redisPing(host: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(6379, host); // ok: require-client-timeout
    socket.setTimeout(2_000, () => socket.destroy(new Error('redis ping timed out')));
    socket.once('data', (chunk) => {
      socket.end();
      resolve(chunk.toString('utf8').startsWith('+PONG'));
    });
    socket.once('error', reject);
    socket.write('PING\r\n');
  });
}

export function certificateExpiry(host: string): Promise<Date> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host, port: 443, servername: host }, () => { // expect: require-client-timeout
      const certificate = socket.getPeerCertificate();
      socket.end();
      resolve(new Date(certificate.valid_to));
    });
    socket.once('error', reject);
  });
}

export function httpStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = https.get(url, (res) => { // ok: require-request-timeout
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.setTimeout(5_000, () => req.destroy(new Error(`GET ${url} timed out`)));
    req.once('error', reject);
  });
}

export function internalHealth(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: 'localhost', port: 8080, path, method: 'GET' }, (res) => { // expect: require-request-timeout
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.once('error', reject);
    req.end();
  });
}

export function metricsScrape(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { timeout: 4_000 }, (res) => { // ok: require-request-timeout
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve(body));
      })
      .on('timeout', function (this: http.ClientRequest) {
        this.destroy(new Error(`scrape of ${url} timed out`));
      })
      .once('error', reject);
  });
}

export function openRawSocket(port: number): net.Socket {
  // The caller sets its own timeout on the socket it receives.
  return net.connect(port, 'localhost'); // ok: require-client-timeout
}

export function legacyEndpoint(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    https.get(url, (res) => { // expect: require-request-timeout
      res.resume();
      resolve(res.statusCode ?? 0);
    }).once('error', reject);
  });
}
