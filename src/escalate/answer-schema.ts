import { Ajv } from 'ajv';

/** What the model returns for one finding, after validation. */
export interface ModelAnswer {
  verdict: 'confirmed' | 'likely-false-positive' | 'uncertain';
  explanation: string;
  confidence: number;
  fix: { summary: string; edits: LineEdit[] } | null;
}

/** Replace lines `startLine`..`endLine` (1-based, inclusive) with `replacement`; `endLine = startLine - 1` inserts. */
export interface LineEdit {
  startLine: number;
  endLine: number;
  replacement: string;
}

/**
 * Sent as `output_config.format.schema`. Structured outputs accept a subset of JSON Schema (no numeric
 * bounds), so the bounds live in VALIDATION_SCHEMA below.
 */
export const ANSWER_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['verdict', 'explanation', 'confidence', 'fix'],
  properties: {
    verdict: { type: 'string', enum: ['confirmed', 'likely-false-positive', 'uncertain'] },
    explanation: { type: 'string', description: 'What fails in production and why; plain text.' },
    confidence: { type: 'number', description: 'From 0 to 1.' },
    fix: {
      anyOf: [
        { type: 'null' },
        {
          type: 'object',
          additionalProperties: false,
          required: ['summary', 'edits'],
          properties: {
            summary: { type: 'string', description: 'One line.' },
            edits: {
              type: 'array',
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['startLine', 'endLine', 'replacement'],
                properties: {
                  startLine: { type: 'integer' },
                  endLine: { type: 'integer' },
                  replacement: { type: 'string' },
                },
              },
            },
          },
        },
      ],
    },
  },
} as const;

/**
 * What a request's answer is: a list with one item per finding of the request, keyed by the finding's id
 * (`F1`, `F2`, ...), so several findings of one function share one request and one copy of their code.
 * Each item is validated on its own: a missing or broken item costs its finding only.
 */
export const ANSWER_LIST_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['answers'],
  properties: {
    answers: {
      type: 'array',
      items: {
        ...ANSWER_SCHEMA,
        required: ['id', ...ANSWER_SCHEMA.required],
        properties: { id: { type: 'string', description: 'The id of the finding this item answers.' }, ...ANSWER_SCHEMA.properties },
      },
    },
  },
} as const;

const VALIDATION_SCHEMA = {
  ...ANSWER_SCHEMA,
  properties: {
    ...ANSWER_SCHEMA.properties,
    explanation: { type: 'string', minLength: 1, maxLength: 4000 },
    confidence: { type: 'number', minimum: 0, maximum: 1 },
  },
};

const validate = new Ajv({ allErrors: true, strict: false }).compile<ModelAnswer>(VALIDATION_SCHEMA);

/** The answer, or the reasons it does not match the schema. */
export function validateAnswer(value: unknown): { answer: ModelAnswer } | { errors: string } {
  if (validate(value)) return { answer: value };
  const errors = (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`.trim());
  return { errors: errors.slice(0, 5).join('; ') };
}

/**
 * The items of an answer list by finding id, each still to validate with `validateAnswer` (the first item
 * of an id wins), or why the value is not a list.
 */
export function readAnswerList(value: unknown): { items: Map<string, unknown> } | { errors: string } {
  const answers = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as { answers?: unknown }).answers : undefined;
  if (!Array.isArray(answers)) return { errors: '/ must be an object with an `answers` array' };
  const items = new Map<string, unknown>();
  for (const item of answers) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) continue;
    const { id, ...answer } = item as { id?: unknown };
    if (typeof id === 'string' && !items.has(id)) items.set(id, answer);
  }
  return { items };
}
