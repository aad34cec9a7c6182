import { WebClient } from '@slack/web-api';

// Incident bot: posts alerts to Slack and waits for on-call acknowledgements over a socket.
const slack = new WebClient(process.env.SLACK_TOKEN, { timeout: 10_000 });

interface Command {
  name: string;
  args: string[];
}

class AlertDeliveryError extends Error {}

function isSlackPlatformError(value: unknown): value is { data: { error: string } } {
  return typeof value === 'object' && value !== null && 'data' in value;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error); // ok: no-unsafe-error-access
}

export async function postAlert(channel: string, text: string): Promise<void> {
  try {
    await slack.chat.postMessage({ channel, text });
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error; // expect: no-unsafe-error-access
    if (code === 'channel_not_found') {
      throw new AlertDeliveryError(`channel ${channel} does not exist`); // ok: require-error-cause
    }
    throw error; // ok: no-throw-non-error, require-error-cause
  }
}

export async function resolveChannel(name: string): Promise<string> {
  try {
    const result = await slack.conversations.list({ limit: 200 });
    const channel = result.channels?.find((candidate) => candidate.name === name);
    if (!channel?.id) throw new AlertDeliveryError(`channel #${name} not found`); // ok: require-error-cause, no-throw-non-error
    return channel.id;
  } catch (error) {
    if (error instanceof AlertDeliveryError) throw error; // ok: require-error-cause
    throw new AlertDeliveryError(`listing channels failed while resolving #${name}`); // expect: require-error-cause
  }
}

export function notifyAll(channels: string[], text: string): Promise<unknown> {
  return Promise.all(channels.map((channel) => postAlert(channel, text))).catch((error) => {
    if (isSlackPlatformError(error)) {
      console.warn(`slack refused the alert: ${error.data.error}`); // ok: no-unsafe-error-access
      return [];
    }
    return Promise.reject(error); // ok: no-throw-non-error
  });
}

export async function fetchStatusPage(url: string): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) {
    throw new Error(`status page returned ${response.status}`); // ok: no-throw-non-error, require-error-cause
  }
  return response.text();
}

export async function postDigest(channel: string, url: string): Promise<void> {
  try {
    const page = await fetchStatusPage(url);
    await postAlert(channel, page.slice(0, 3_000));
  } catch (error) {
    console.error(`digest failed: ${describeError(error)}`); // ok: no-unsafe-error-access
    throw new AlertDeliveryError('digest not delivered', { cause: error }); // ok: require-error-cause
  }
}

export function waitForAck(socket: WebSocket, alertId: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ack for ${alertId} timed out`)), 60_000); // ok: no-throw-non-error
    socket.addEventListener('message', (event) => {
      if (event.data === `ack:${alertId}`) {
        clearTimeout(timer);
        resolve();
      } else if (event.data === `nack:${alertId}`) {
        clearTimeout(timer);
        reject(`alert ${alertId} was declined`); // expect: no-throw-non-error
      }
    });
  });
}

export function parseCommand(text: string): Promise<Command> {
  const [name, ...args] = text.trim().split(/\s+/u);
  if (!name) return Promise.reject({ reason: 'empty command' }); // expect: no-throw-non-error
  return Promise.resolve({ name, args });
}

export async function escalate(alertId: string, socket: WebSocket): Promise<void> {
  try {
    await waitForAck(socket, alertId);
  } catch (e: any) {
    if (e.message.includes('timed out')) { // expect: no-unsafe-error-access
      await postAlert('#oncall-managers', `alert ${alertId} was not acknowledged`);
      return;
    }
    throw new AlertDeliveryError(`escalation of ${alertId} failed: ${String(e)}`); // expect: require-error-cause
  }
}

export function runCommand(command: Command): Promise<void> {
  return postAlert('#bot-log', `${command.name} ${command.args.join(' ')}`).catch((failure: unknown) => {
    const err = failure instanceof Error ? failure : new Error(String(failure));
    throw new AlertDeliveryError(`command ${command.name} failed: ${err.message}`, { cause: err }); // ok: no-unsafe-error-access, require-error-cause
  });
}
