import type ts from 'typescript';

import type { TextEdit } from '../engine/types.js';

// The edit that appends `property` to an object literal, keeping its layout:
//   {}                          -> { signal: x }
//   { method: 'POST' }          -> { method: 'POST', signal: x }
//   {\n  method: 'POST',\n}     -> {\n  method: 'POST',\n  signal: x,\n}
export function insertObjectProperty(object: ts.ObjectLiteralExpression, property: string, sourceFile: ts.SourceFile): TextEdit[] {
  const properties = object.properties;
  const last = properties[properties.length - 1];
  if (!last) return [{ range: [object.getStart(sourceFile), object.getEnd()], text: `{ ${property} }` }];
  const multiline = sourceFile.text.slice(object.getStart(sourceFile), object.getEnd()).includes('\n');
  const afterLast = last.getEnd();
  // The trailing comma, if any, sits between the last property and the closing brace.
  const comma = properties.hasTrailingComma ? sourceFile.text.indexOf(',', afterLast) + 1 : afterLast;
  if (!multiline) {
    return [{ range: [comma, comma], text: properties.hasTrailingComma ? ` ${property},` : `, ${property}` }];
  }
  const lineStart = sourceFile.text.lastIndexOf('\n', last.getStart(sourceFile)) + 1;
  const indent = /^[ \t]*/u.exec(sourceFile.text.slice(lineStart))?.[0] ?? '';
  return [{ range: [comma, comma], text: properties.hasTrailingComma ? `\n${indent}${property},` : `,\n${indent}${property}` }];
}
