import { MODELS_SCHEMA } from './models-schema.js';

/** The part of JSON schema that MODELS_SCHEMA uses. */
interface Schema {
  type?: 'array' | 'object' | 'string' | 'number' | 'integer' | 'boolean';
  minimum?: number;
  enum?: readonly string[];
  items?: Schema;
  minItems?: number;
  minLength?: number;
  properties?: Readonly<Record<string, Schema>>;
  required?: readonly string[];
  additionalProperties?: boolean;
}

// What is wrong with user models found at `at`, one line per problem in the words Ajv uses for
// resilint.config.json, so the ESLint plugin (which has no Ajv) and `analyze` say the same thing; empty
// when they are valid:
//   ([{ package: 'a', promiseMethods: [{ methods: ['x'], returns: 'yes' }] }], '/models')
//     -> ['/models/0/promiseMethods/0/returns must be equal to one of the allowed values (promise, not-promise)']
export function getModelProblems(value: unknown, at: string): string[] {
  const problems: string[] = [];
  check(value, MODELS_SCHEMA as Schema, at, problems);
  return problems;
}

function check(value: unknown, schema: Schema, at: string, problems: string[]): void {
  if (schema.enum && !schema.enum.includes(value as string)) {
    problems.push(`${at} must be equal to one of the allowed values (${schema.enum.join(', ')})`);
    return;
  }
  if (schema.type === 'number' || schema.type === 'integer') {
    // Ajv reports a number that is no integer and below the minimum twice, as here.
    if (typeof value !== 'number') {
      problems.push(`${at} must be ${schema.type}`);
      return;
    }
    if (schema.type === 'integer' && !Number.isInteger(value)) problems.push(`${at} must be integer`);
    if (schema.minimum !== undefined && value < schema.minimum) problems.push(`${at} must be >= ${schema.minimum}`);
  } else if (schema.type === 'boolean') {
    if (typeof value !== 'boolean') problems.push(`${at} must be boolean`);
  } else if (schema.type === 'string') {
    if (typeof value !== 'string') problems.push(`${at} must be string`);
    else if (schema.minLength !== undefined && value.length < schema.minLength) problems.push(`${at} must NOT have fewer than ${schema.minLength} characters`);
  } else if (schema.type === 'array') {
    if (!Array.isArray(value)) {
      problems.push(`${at} must be array`);
      return;
    }
    if (schema.minItems !== undefined && value.length < schema.minItems) problems.push(`${at} must NOT have fewer than ${schema.minItems} items`);
    if (schema.items) value.forEach((item, index) => check(item, schema.items!, `${at}/${index}`, problems));
  } else if (schema.type === 'object') {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push(`${at} must be object`);
      return;
    }
    const record = value as Record<string, unknown>;
    for (const name of schema.required ?? []) if (!(name in record)) problems.push(`${at} must have required property '${name}'`);
    for (const [name, property] of Object.entries(record)) {
      const propertySchema = schema.properties?.[name];
      if (propertySchema) check(property, propertySchema, `${at}/${name}`, problems);
      else if (schema.additionalProperties === false) problems.push(`${at} must NOT have additional properties "${name}"`);
    }
  }
}
