// What packages' objects return from some methods, for when types are missing (dependencies not installed):
// data, one row per package and set of methods. A row names no rule; a later catalogue (issue 12, point 4)
// can take these rows as they are. The receiver's package is found by `getValueOrigin`: the import it was
// made from, or, for a handler's parameter, the package of the object the handler was registered on.
//
//   promise:     the method returns a promise: discord.js `message.reply(...)`, a mongoose document's `save()`.
//   not-promise: the method is named like a promise's (`then`, `catch`, `finally`) but belongs to a builder
//                or registers a handler: `z.string().catch('x')`, grammY's `bot.catch(handler)`.

export interface PromiseMethodModel {
  /** The package the receiver (or the chain's root) was made from: `zod`, or a scope prefix ending in `/`. */
  package: string;
  methods: readonly string[];
  returns: 'promise' | 'not-promise';
}

const CHAT_REPLIES = [
  'reply',
  'replyWithPhoto',
  'replyWithDocument',
  'replyWithMarkdown',
  'replyWithMarkdownV2',
  'replyWithHTML',
  'replyWithSticker',
  'replyWithAnimation',
  'replyWithVideo',
  'replyWithAudio',
  'replyWithVoice',
  'replyWithChatAction',
  'answerCbQuery',
  'answerCallbackQuery',
  'answerInlineQuery',
  'editMessageText',
  'editMessageReplyMarkup',
  'deleteMessage',
  'sendMessage',
  'sendPhoto',
  'sendDocument',
  'pinChatMessage',
  'banChatMember',
  'leaveChat',
] as const;

export const PROMISE_METHOD_MODELS: readonly PromiseMethodModel[] = [
  // schema builders: `.catch(fallback)` gives a schema with a fallback value
  { package: 'zod', methods: ['catch'], returns: 'not-promise' },
  // bot frameworks: `.catch(handler)` registers the error handler of the middleware chain
  { package: 'telegraf', methods: ['catch'], returns: 'not-promise' },
  { package: 'grammy', methods: ['catch'], returns: 'not-promise' },
  { package: '@grammyjs/', methods: ['catch'], returns: 'not-promise' },
  // discord.js: messages, channels and interactions talk to the Discord API
  {
    package: 'discord.js',
    methods: [
      'reply',
      'send',
      'edit',
      'delete',
      'react',
      'pin',
      'unpin',
      'crosspost',
      'deferReply',
      'editReply',
      'deleteReply',
      'followUp',
      'deferUpdate',
      'update',
      'showModal',
      'awaitMessages',
      'awaitMessageComponent',
      'awaitModalSubmit',
      'login',
      'bulkDelete',
      'setNickname',
      'kick',
      'ban',
      'timeout',
    ],
    returns: 'promise',
  },
  // telegraf and grammY contexts: every reply is an API call
  { package: 'telegraf', methods: CHAT_REPLIES, returns: 'promise' },
  { package: 'grammy', methods: CHAT_REPLIES, returns: 'promise' },
  // mongoose documents and models
  { package: 'mongoose', methods: ['save', 'validate', 'create', 'insertMany', 'bulkWrite', 'connect', 'disconnect'], returns: 'promise' },
  // pg pools and clients (without a callback)
  { package: 'pg', methods: ['query', 'connect', 'end'], returns: 'promise' },
];
