import { PROMISE_METHOD_MODELS } from '../models/promise-methods.js';
import type { PromiseMethodModel } from '../models/promise-methods.js';
import { isModuleOfPackage } from './is-module-of-package.js';

// The row of models/promise-methods.ts for a method of an object made by `module`:
//   ('discord.js', 'reply') -> returns promise      ('zod', 'catch') -> returns not-promise      ('pg', 'release') -> undefined
export function findPromiseMethodModel(module: string, method: string): PromiseMethodModel | undefined {
  return PROMISE_METHOD_MODELS.find((row) => row.methods.includes(method) && isModuleOfPackage(module, row.package));
}
