import ts from '../engine/typescript.cjs';

import type { OptionPlace } from '../models/library-model.js';
import { isUrlLike } from './is-url-like.js';
import { unwrapExpression } from './unwrap-expression.js';

export interface OptionsArgument {
  /** The options argument; undefined when the call does not pass one. */
  options: ts.Expression | undefined;
  /** Where it goes, for an edit that adds it. */
  index: number;
}

// The options argument of a call, at the place its catalogue row gives (library-model.ts, OptionPlace):
//   got(url, options) / got(options)                    `url`              -> options
//   request(url, document) / request({ url, signal })   `object-not-url`   -> undefined / the object
//   net.connect(port, host) / net.connect({ port })     `object-not-port`  -> undefined / the object
//   new Redis(6379, host, { connectTimeout })           `any-object`       -> the object
// A function is a callback, never the options: http.get(url, (res) => ...) passes none.
export function getOptionsArgument(args: readonly ts.Expression[], place: OptionPlace, checker: ts.TypeChecker | undefined): OptionsArgument {
  if (place.kind !== 'argument') return { options: undefined, index: -1 };
  const first = args[0];
  const at = (index: number): OptionsArgument => {
    const value = args[index] && unwrapExpression(args[index]);
    return { options: value && !ts.isArrowFunction(value) && !ts.isFunctionExpression(value) ? args[index] : undefined, index };
  };
  switch (place.or) {
    case 'url':
      return first && !isUrlLike(first, checker) ? at(0) : at(place.argument);
    case 'object-not-url': {
      const value = first && unwrapExpression(first);
      const isOptions = value && (ts.isObjectLiteralExpression(value) || (ts.isIdentifier(value) && !isUrlLike(value, checker)));
      return { options: isOptions ? first : undefined, index: 0 };
    }
    case 'object-not-port': {
      const value = first && unwrapExpression(first);
      const isOptions = value && (ts.isObjectLiteralExpression(value) || (ts.isIdentifier(value) && !/port/iu.test(value.text)));
      return { options: isOptions ? first : undefined, index: 0 };
    }
    case 'any-object':
      return { options: args.find((arg) => ts.isObjectLiteralExpression(unwrapExpression(arg))), index: args.length };
    default:
      return at(place.argument);
  }
}
