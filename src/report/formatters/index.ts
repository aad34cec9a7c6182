import type { Formatter } from '../types.js';
import { jsonFormatter } from './json.js';
import { markdownFormatter } from './markdown.js';
import { textFormatter } from './text.js';

export type FormatName = 'text' | 'json' | 'markdown' | 'sarif';

export const FORMAT_NAMES: readonly FormatName[] = ['text', 'json', 'markdown', 'sarif'];

export const staticFormatters: Readonly<Record<Exclude<FormatName, 'sarif'>, Formatter>> = {
  text: textFormatter,
  json: jsonFormatter,
  markdown: markdownFormatter,
};
