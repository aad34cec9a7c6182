// The one place the rules and the CLI load TypeScript at run time, as CommonJS. Importing its 9 MB
// CommonJS bundle from an ES module makes Node first scan the whole file for module syntax and for
// named exports, about a quarter of a second at every start; require() does neither. Modules import
// this file (`import ts from './engine/typescript.cjs'`) and get the same `ts` namespace, types included.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the CommonJS form is the point of this file
import ts = require('typescript');

export = ts;
