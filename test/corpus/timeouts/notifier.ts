import axios from 'axios';
import nodeFetch from 'node-fetch';
import pTimeout from 'p-timeout';

export interface Notification {
  channel: string;
  text: string;
}

type FetchFn = (input: string, init?: RequestInit) => Promise<Response>;

// Chat webhooks: each provider got its own helper over the years.
const discord = axios.create({ baseURL: 'https://discord.com/api/webhooks' });
discord.defaults.timeout = 7_000;

const teams = axios.create({ baseURL: 'https://outlook.office.com/webhook' });

export async function toDiscord(hookPath: string, note: Notification): Promise<void> {
  await discord.post(hookPath, { content: `[${note.channel}] ${note.text}` }); // ok: require-request-timeout
}

export async function toTeams(hookPath: string, note: Notification): Promise<void> {
  await teams.post(hookPath, { text: note.text }); // expect: require-request-timeout
}

export async function toSlack(url: string, note: Notification): Promise<number> {
  // node-fetch 2 honours `timeout`.
  const response = await nodeFetch(url, { method: 'POST', body: JSON.stringify(note), timeout: 5_000 }); // ok: require-request-timeout
  return response.status;
}

export async function toPagerDuty(routingKey: string, note: Notification): Promise<number> {
  const pending = fetch('https://events.pagerduty.com/v2/enqueue', { // ok: require-request-timeout
    method: 'POST',
    body: JSON.stringify({ routing_key: routingKey, event_action: 'trigger', payload: { summary: note.text } }),
  });
  const response = await pTimeout(pending, { milliseconds: 8_000 });
  return response.status;
}

export async function toOpsgenie(apiKey: string, note: Notification): Promise<number> {
  const response = await fetch('https://api.opsgenie.com/v2/alerts', { // expect: require-request-timeout
    method: 'POST',
    headers: { authorization: `GenieKey ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ message: note.text }),
  });
  return response.status;
}

// The mobile push service takes an injected fetch for tests.
export function createPushSender(fetchFn: FetchFn = fetch) {
  return async (token: string, note: Notification): Promise<boolean> => {
    const response = await fetchFn('https://push.example.com/v1/send', { // expect: require-request-timeout
      method: 'POST',
      body: JSON.stringify({ token, title: note.channel, body: note.text }),
    });
    return response.ok;
  };
}

export function createSmsSender(fetchFn: FetchFn = fetch, timeoutMs = 5_000) {
  return async (phone: string, text: string): Promise<boolean> => {
    const response = await fetchFn('https://sms.example.com/v1/messages', { // ok: require-request-timeout
      method: 'POST',
      body: JSON.stringify({ phone, text }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    return response.ok;
  };
}

export async function toStatusPage(pageId: string, note: Notification, shutdown?: AbortSignal): Promise<void> {
  await axios.post( // ok: require-request-timeout
    `https://api.statuspage.io/v1/pages/${pageId}/incidents`,
    { incident: { name: note.text } },
    { timeout: 10_000, signal: shutdown },
  );
}

export async function toEmailRelay(note: Notification, signal?: AbortSignal): Promise<void> {
  await axios.post('https://relay.example.com/send', note, { signal }); // expect: require-request-timeout
}

export async function broadcast(notes: Notification[], hookPath: string): Promise<void> {
  for (const note of notes) {
    await toDiscord(hookPath, note); // ok: require-request-timeout
  }
}
