import rule from '../../rules/require-json-parse-guard.js';
import { createTypedRuleTester, createUntypedRuleTester } from './rule-tester.js';

const cases = {
  valid: [
    // guarded by try/catch in the same function
    'export function f(req: { body: string }) { try { return JSON.parse(req.body); } catch { return undefined; } }',
    'import fs from "node:fs";\nexport function f(p: string) { try { return JSON.parse(fs.readFileSync(p, "utf8")); } catch (error) { throw new Error(`bad ${p}`, { cause: error }); } }',
    // trusted: literals, our own JSON.stringify output, values without evidence of outside origin
    'export const a = JSON.parse(\'{"retries": 3}\');',
    'export function f(o: object) { return JSON.parse(JSON.stringify(o)); }',
    'export function f(o: object) { const copy = JSON.stringify(o); return JSON.parse(copy); }',
    'export function f(text: string) { return JSON.parse(text); }',
    // a promise chain that ends in a rejection handler catches the throw
    'export function f(url: string) { return fetch(url, { signal: AbortSignal.timeout(1000) }).then((r) => r.text()).then((t) => JSON.parse(t)).catch(() => undefined); }',
    // startup configuration at module level fails fast
    'import fs from "node:fs";\nexport const config = JSON.parse(fs.readFileSync("config.json", "utf8"));',
    'export const flags = JSON.parse(process.env.FLAGS ?? "{}");',
    // the program's own files, at paths fixed at build time
    'import fs from "node:fs";\nimport path from "node:path";\nexport function version() { return JSON.parse(fs.readFileSync(path.join(__dirname, "../package.json"), "utf8")).version; }',
    'import { readFileSync } from "node:fs";\nimport { fileURLToPath } from "node:url";\nexport function schema() { return JSON.parse(readFileSync(fileURLToPath(new URL("./schema.json", import.meta.url)), "utf8")); }',
    // typeorm's InitCommand: the same in TypeScript's CommonJS output, through another module's readFile
    'const node_path_1 = require("node:path");\nconst CommandUtils_1 = require("./CommandUtils");\nexport async function ours() { return JSON.parse(await CommandUtils_1.CommandUtils.readFile(node_path_1.default.resolve(__dirname, "..", "package.json"))); }',
    // a string built from literals
    'export function f(parts: string[]) { let json = "["; json += parts.length; json += "]"; return JSON.parse(json); }',
    // the parse is inside a function defined in the try: the try does not guard it, but the name is not external
    'export function f(items: string[]) { return items.map((item) => JSON.stringify(item)); }',
  ],
  invalid: [
    {
      // a path joined from the caller's argument is not the program's own file
      code: 'const node_path_1 = require("node:path");\nexport function load(dir: string) {\n  return JSON.parse(require("node:fs").readFileSync(node_path_1.default.join(dir, "settings.json"), "utf8"));\n}',
      errors: [{ messageId: 'unguardedParse' as const, line: 3, column: 10, data: { origin: 'a file' } }],
    },
    {
      code: 'export function f(req: { body: string }) {\n  return JSON.parse(req.body);\n}',
      errors: [{ messageId: 'unguardedParse' as const, line: 2, column: 10, endColumn: 30, data: { origin: 'a request' } }],
    },
    {
      code: 'export function f(req: { body: string }) {\n  const { body } = req;\n  return JSON.parse(body);\n}',
      errors: [{ messageId: 'unguardedParse' as const, line: 3, column: 10, data: { origin: 'a request' } }],
    },
    {
      code: 'export function f(req: { headers: Record<string, string> }) {\n  return JSON.parse(req.headers["x-meta"]!);\n}',
      errors: [{ messageId: 'unguardedParse' as const, line: 2, column: 10, data: { origin: 'a request' } }],
    },
    {
      code: 'export async function f(res: Response) {\n  const text = await res.text();\n  return JSON.parse(text);\n}',
      errors: [{ messageId: 'unguardedParse' as const, line: 3, column: 10, data: { origin: 'an HTTP response' } }],
    },
    {
      code: 'import fs from "node:fs";\nexport function load(p: string) {\n  return JSON.parse(fs.readFileSync(p, "utf8"));\n}',
      errors: [{ messageId: 'unguardedParse' as const, line: 3, column: 10, data: { origin: 'a file' } }],
    },
    {
      // a path that depends on input is not the program's own file
      code: 'import fs from "node:fs";\nimport path from "node:path";\nexport function load(dir: string) {\n  return JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8"));\n}',
      errors: [{ messageId: 'unguardedParse' as const, line: 4, column: 10, data: { origin: 'a file' } }],
    },
    {
      code: 'import { readFile } from "node:fs/promises";\nexport async function load(p: string) {\n  return JSON.parse(await readFile(p, "utf8"));\n}',
      errors: [{ messageId: 'unguardedParse' as const, line: 3, column: 10, data: { origin: 'a file' } }],
    },
    {
      code: 'export function flags() {\n  return JSON.parse(process.env.FLAGS ?? "{}");\n}',
      errors: [{ messageId: 'unguardedParse' as const, line: 2, column: 10, data: { origin: 'an environment variable' } }],
    },
    {
      code: 'declare const channel: { consume(q: string, fn: (msg: { content: Buffer }) => void): void };\nchannel.consume("jobs", (msg) => {\n  const job = JSON.parse(msg.content.toString());\n  return job;\n});',
      errors: [{ messageId: 'unguardedParse' as const, line: 3, column: 15, data: { origin: 'a message' } }],
    },
    {
      code: 'declare const socket: { on(event: string, fn: (data: string) => void): void };\nsocket.on("message", (data) => {\n  JSON.parse(data);\n});',
      errors: [{ messageId: 'unguardedParse' as const, line: 3, column: 3, data: { origin: 'a message' } }],
    },
    {
      // the raw node body accumulated from request chunks
      code: 'import http from "node:http";\nhttp.createServer((req, res) => {\n  let body = "";\n  req.on("data", (chunk) => {\n    body += chunk;\n  });\n  req.on("end", () => {\n    res.end(JSON.stringify(JSON.parse(body)));\n  });\n});',
      errors: [{ messageId: 'unguardedParse' as const, line: 8, column: 28, data: { origin: 'a request' } }],
    },
    {
      // a try around the function definition does not guard the callback that runs later
      code: 'declare const socket: { on(event: string, fn: (data: string) => void): void };\ntry {\n  socket.on("message", (data) => JSON.parse(data));\n} catch {\n  /* setup failed */\n}',
      errors: [{ messageId: 'unguardedParse' as const, line: 3, column: 34, data: { origin: 'a message' } }],
    },
    {
      // then(onFulfilled, onRejected): onRejected does not see onFulfilled's throw
      code: 'export function f(r: Response) {\n  return r.text().then((t) => JSON.parse(t), () => null);\n}',
      errors: [{ messageId: 'unguardedParse' as const, line: 2, column: 31, data: { origin: 'an HTTP response' } }],
    },
    {
      code: 'declare const redis: { get(key: string): Promise<string> };\nexport async function f(key: string) {\n  const cached = await redis.get(key);\n  return JSON.parse(cached);\n}',
      errors: [{ messageId: 'unguardedParse' as const, line: 4, column: 10, data: { origin: 'a cache or store' } }],
    },
  ],
};

createTypedRuleTester().run('require-json-parse-guard (typed)', rule, cases);
createUntypedRuleTester().run('require-json-parse-guard (untyped)', rule, cases);
