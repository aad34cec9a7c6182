// The major version a package.json range pins, when it pins exactly one:
//   '^4.18.2' -> 4   '~5.0.0' -> 5   '4.x' -> 4   '4.21.1' -> 4
//   '>=4.17' / 'latest' / '*' / 'workspace:*' / '^4 || ^5' -> undefined (could be several majors)
export function getMajorVersion(range: string | undefined): number | undefined {
  if (range === undefined || range.includes('||')) return undefined;
  const match = /^\s*(?:[\^~=]|v)?\s*(\d+)(?:\.[\dx*]+)*\s*$/u.exec(range.replace(/-[\w.]+$/u, ''));
  return match ? Number(match[1]) : undefined;
}
