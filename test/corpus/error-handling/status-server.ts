import { execSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { WebSocketServer } from 'ws';

import { logger } from './logger';

// Small status service: HTTP health endpoint plus a websocket feed of deploy events.
interface ServiceConfig {
  port: number;
  services: string[];
}

// Startup configuration: a malformed file should stop the boot.
const config = JSON.parse(fs.readFileSync(process.env.STATUS_CONFIG ?? 'status.json', 'utf8')) as ServiceConfig; // ok: require-json-parse-guard
const DEFAULTS = JSON.parse('{"intervalMs": 15000}') as { intervalMs: number }; // ok: require-json-parse-guard

async function checkService(name: string): Promise<boolean> {
  const response = await fetch(`http://${name}.internal/healthz`, { signal: AbortSignal.timeout(2_000) });
  return response.ok;
}

function gitRevision(): { commit: string } {
  return JSON.parse(execSync('git log -1 --format={"commit":"%H"}').toString()); // expect: require-json-parse-guard
}

function featureFlags(): Record<string, boolean> {
  return JSON.parse(process.env.FEATURE_FLAGS ?? '{}'); // expect: require-json-parse-guard
}

const server = http.createServer(async (req, res) => { // expect: no-unsafe-async-callback
  const results = await Promise.all(config.services.map((name) => checkService(name)));
  res.writeHead(results.every(Boolean) ? 200 : 503, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ ...gitRevision(), flags: featureFlags() }));
});

const wss = new WebSocketServer({ server });

wss.on('connection', (socket) => { // ok: no-unsafe-async-callback
  socket.on('message', (data) => { // ok: no-unsafe-async-callback
    const event = JSON.parse(data.toString()) as { type: string }; // expect: require-json-parse-guard
    logger.info({ type: event.type }, 'deploy event');
  });
  socket.on('message', (data) => { // ok: no-unsafe-async-callback
    let event: { type: string };
    try {
      event = JSON.parse(String(data)) as { type: string }; // ok: require-json-parse-guard
    } catch {
      socket.send(JSON.stringify({ error: 'expected JSON' }));
      return;
    }
    for (const client of wss.clients) client.send(JSON.stringify(event));
  });
});

config.services.forEach(async (name) => { // expect: no-unsafe-async-callback
  const healthy = await checkService(name);
  logger.info({ name, healthy }, 'initial check');
});

config.services.forEach((name) => { // ok: no-unsafe-async-callback
  logger.info({ name }, 'watching');
});

const interval = setInterval(() => { // ok: no-unsafe-async-callback
  void Promise.allSettled(config.services.map((name) => checkService(name))).then((results) => { // ok: no-unhandled-rejection
    logger.debug({ up: results.filter((r) => r.status === 'fulfilled' && r.value).length }, 'sweep');
  });
}, DEFAULTS.intervalMs);

export function waitForDrain(): Promise<void> {
  return new Promise((resolve) => { // ok: no-unsafe-async-callback
    server.close(() => resolve());
  });
}

// every await sits in a try whose catch hands the failure to reject: nothing is lost
export function drainThenStop(): Promise<void> {
  return new Promise(async (resolve, reject) => { // ok: no-unsafe-async-callback
    try {
      await waitForDrain();
      resolve();
    } catch (error) {
      reject(error);
    }
  });
}

export function stopAll(): Promise<void> {
  return new Promise(async (resolve) => { // expect: no-unsafe-async-callback
    clearInterval(interval);
    await waitForDrain();
    resolve();
  });
}

process.on('SIGTERM', () => { // ok: no-unsafe-async-callback
  stopAll() // ok: no-unhandled-rejection
    .then(() => process.exit(0))
    .catch((error: unknown) => {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    });
});

server.listen(config.port);
