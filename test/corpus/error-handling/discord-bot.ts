import { Client, Events, GatewayIntentBits, type Message } from 'discord.js';
import pino from 'pino';
import WebSocket from 'ws';

import { lookupPrice, recordCommand } from './price-service';

// Price-lookup bot: listens on a guild channel and answers `!price <symbol>` commands.
const logger = pino({ name: 'price-bot' });
const client = new Client({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent] });

interface BotSettings {
  prefix: string;
  quietChannels: string[];
}

async function reply(message: Message, text: string): Promise<void> {
  await message.reply(text.slice(0, 1900));
}

async function handlePrice(message: Message, symbol: string): Promise<void> {
  const quote = await lookupPrice(symbol);
  await reply(message, `${symbol}: ${quote.price} ${quote.currency}`);
}

client.on(Events.MessageCreate, async (message) => { // expect: no-unsafe-async-callback
  if (message.author.bot) return;
  const [command, symbol] = message.content.trim().split(/\s+/u);
  if (command === '!price' && symbol) {
    await handlePrice(message, symbol);
  }
});

client.on(Events.InteractionCreate, async (interaction) => { // ok: no-unsafe-async-callback
  if (!interaction.isChatInputCommand()) return;
  try {
    const symbol = interaction.options.getString('symbol', true);
    const quote = await lookupPrice(symbol);
    await interaction.reply(`${symbol}: ${quote.price}`);
  } catch (error) {
    logger.error({ err: error }, 'interaction failed');
  }
});

client.on(Events.MessageUpdate, (_before, after) => { // ok: no-unsafe-async-callback
  logger.debug({ id: after.id }, 'message edited');
});

client.on(Events.GuildCreate, async (guild) => { // ok: no-unsafe-async-callback
  try {
    await recordCommand('join', guild.id);
  } catch (error) {
    logger.warn({ err: error }, 'join not recorded');
  }
});

export function loadSettings(message: Message): BotSettings {
  try {
    const settings = JSON.parse(message.content.slice(9)); // ok: require-json-parse-guard
    return settings as BotSettings;
  } catch (error) {
    throw new Error('settings message is not valid JSON', { cause: error });
  }
}

export function applySettingsMessage(message: Message): BotSettings {
  return JSON.parse(message.content); // expect: require-json-parse-guard
}

export async function announce(message: Message, text: string): Promise<void> {
  try {
    reply(message, text); // expect: no-unhandled-rejection
  } catch (error) {
    logger.error({ err: error }, 'announce failed');
  }
}

export async function acknowledge(message: Message): Promise<void> {
  recordCommand('ack', message.id).catch((error: unknown) => logger.warn({ err: error }, 'ack not recorded')); // ok: no-unhandled-rejection, no-swallowed-error
  await message.react('👍');
}

setInterval(async () => { // expect: no-unsafe-async-callback
  await client.user?.setActivity(`prices at ${new Date().toISOString()}`);
}, 60_000);

setInterval(() => { // ok: no-unsafe-async-callback
  void recordCommand('heartbeat', 'bot').catch((error: unknown) => logger.warn({ err: error }, 'heartbeat lost')); // ok: no-unhandled-rejection
}, 30_000);

process.on('SIGTERM', async () => { // expect: no-unsafe-async-callback
  await client.destroy();
  process.exit(0);
});

// Without discord.js installed, `send` and `pin` are known by the receiver's package: the thread is the
// argument of a discord.js client's handler, the message a parameter typed with a discord.js type.
client.on(Events.ThreadCreate, async (thread) => { // ok: no-unsafe-async-callback
  try {
    thread.send('Welcome! Ask with `!price <symbol>`.'); // expect: no-unhandled-rejection
  } catch (error) {
    logger.warn({ err: error }, 'welcome not sent');
  }
});

export function highlight(message: Message): void {
  message.pin(); // expect: no-unhandled-rejection
}

// `send` on a ws socket is no promise: same method name, another package.
const priceFeed = new WebSocket('wss://prices.example.com/stream');

export function subscribe(symbol: string): void {
  priceFeed.send(JSON.stringify({ subscribe: symbol })); // ok: no-unhandled-rejection
}

export function trackStartup(): void {
  recordCommand('startup', 'bot'); // expect: no-unhandled-rejection
}

client.login(process.env.DISCORD_TOKEN).catch((error: unknown) => { // ok: no-unhandled-rejection, no-swallowed-error
  logger.fatal({ err: error }, 'login failed');
  process.exit(1);
});
