// The one place the rules and the CLI load TypeScript at run time, as CommonJS. Importing its 9 MB
// CommonJS bundle from an ES module makes Node first scan the whole file for module syntax and for
// named exports, about a quarter of a second at every start; require() does neither. Modules import
// this file (`import ts from './engine/typescript.cjs'`) and get the same `ts` namespace, types included.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the CommonJS form is the point of this file
import ts = require('typescript');

// TypeScript 7 (the native compiler) ships a package with no JavaScript API: `createProgram` and the
// syntax kinds are not there, and every rule would fail on its first node with a TypeError.
if (typeof ts.createProgram !== 'function') {
  throw new Error(
    `resilint's rules need TypeScript's JavaScript API (TypeScript >=4.8.4 <6.1.0, as typescript-eslint 8), but the \`typescript\` package found here is ${String((ts as { version?: unknown }).version)}, which has none. ` +
      'Keep TypeScript 6.0 as `typescript` for linting (TypeScript 7 can live beside it under an npm alias), or run `npx resilint analyze`, which brings its own compiler.',
  );
}

export = ts;
