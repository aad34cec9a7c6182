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
