import type { Formatter } from '../types.js';

/** The versioned JSON report (docs/report.schema.json). */
export const jsonFormatter: Formatter = (report) =>
  `${JSON.stringify(
    {
      version: report.version,
      tool: report.tool,
      findings: report.findings.map(({ messageId: _messageId, suppression: _suppression, ...finding }) => finding),
      notifications: report.notifications,
      stats: report.stats,
    },
    null,
    2,
  )}\n`;
