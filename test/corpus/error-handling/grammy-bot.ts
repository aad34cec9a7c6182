import { EventEmitter } from 'node:events';

import { Bot, type Context } from 'grammy';
import { Telegraf } from 'telegraf';

import { fetchForecast, saveSubscription } from './forecast-service';
import { logger } from './logger';

// Weather bot: grammY for the chat, a legacy telegraf instance for an old channel, an in-process bus
// for subscription events. grammY and telegraf await middleware and route rejections to `bot.catch`.
const bot = new Bot<Context>(process.env.BOT_TOKEN ?? '');

bot.on('message:text', async (ctx) => { // ok: no-unsafe-async-callback
  const forecast = await fetchForecast(ctx.message.text);
  await ctx.reply(forecast.summary);
});

// grammY's `bot.catch` registers the chain's error handler: its argument is a BotError, not a caught value.
bot.catch((error) => { // ok: no-unsafe-error-access
  logger.error({ err: error.error, update: error.ctx.update.update_id }, 'update failed'); // ok: no-unsafe-error-access
});

// The bot arrives as a typed parameter: its type's import still says grammY.
export function registerSubscriptions(chat: Bot) {
  chat.on('message:location', async (ctx) => { // ok: no-unsafe-async-callback
    await saveSubscription(ctx.chat.id, ctx.message.location);
    await ctx.reply('subscribed');
  });
}

export class LegacyChannel {
  constructor(private readonly legacy: Telegraf) {}

  start() {
    this.legacy.on('text', async (ctx) => { // ok: no-unsafe-async-callback
      await ctx.reply((await fetchForecast(ctx.message.text)).summary);
    });
  }
}

// An EventEmitter subclass: its listeners' promises are dropped, whatever else the file imports.
class SubscriptionEvents extends EventEmitter {}
const events = new SubscriptionEvents();

events.on('subscribed', async (chatId: number) => { // expect: no-unsafe-async-callback
  const forecast = await fetchForecast(String(chatId));
  await bot.api.sendMessage(chatId, forecast.summary);
});

// `.on` on process in a file that imports two bot frameworks is still a plain listener.
process.on('SIGTERM', async () => { // expect: no-unsafe-async-callback
  await bot.stop();
  process.exit(0);
});

void bot.start();
