import { ConfigurationError } from '../../errors.js';
import { applyGitHubLimits, compareResults } from './build-run.js';
import { SARIF_SCHEMA_URI, type SarifLog, type SarifNotification, type SarifReportingDescriptor, type SarifResult, type SarifRun } from './types.js';

/**
 * Merges the SARIF logs of shards (`resilint analyze --shard i/n`) into one log with one run, as
 * GitHub wants a single run per tool and category. Results come out in the same order an unsharded
 * run writes them, with `ruleIndex` pointing into the merged rules; a result present in several
 * shards is kept once; notifications are kept in shard order, each distinct one once; the run succeeded only if every
 * shard did. Logs of another tool or category are refused.
 */
export function mergeSarif(logs: readonly SarifLog[]): SarifLog {
  const runs = logs.flatMap((log, index) => {
    if (log?.version !== '2.1.0' || !Array.isArray(log.runs)) {
      throw new ConfigurationError(`SARIF input ${index + 1} is not a SARIF 2.1.0 log (no "version": "2.1.0" with "runs").`);
    }
    return log.runs;
  });
  const first = runs[0];
  if (!first) {
    throw new ConfigurationError('Nothing to merge: the SARIF inputs hold no runs.');
  }
  for (const run of runs) {
    if (run.tool.driver.name !== first.tool.driver.name) {
      throw new ConfigurationError(
        `Cannot merge runs of "${run.tool.driver.name}" into runs of "${first.tool.driver.name}": merge one tool's shards at a time.`,
      );
    }
    if (run.automationDetails?.id !== first.automationDetails?.id) {
      throw new ConfigurationError(
        `Cannot merge category "${run.automationDetails?.id ?? '(none)'}" into "${first.automationDetails?.id ?? '(none)'}": shards of one analysis share one --sarif-category.`,
      );
    }
  }

  const rules: SarifReportingDescriptor[] = [];
  const ruleIndex = new Map<string, number>();
  for (const run of runs) {
    for (const rule of run.tool.driver.rules ?? []) {
      if (!ruleIndex.has(rule.id)) ruleIndex.set(rule.id, rules.push(rule) - 1);
    }
  }

  const seen = new Set<string>();
  const results: SarifResult[] = [];
  for (const run of runs) {
    for (const result of run.results ?? []) {
      const key = identity(result);
      if (seen.has(key)) continue;
      seen.add(key);
      let index = ruleIndex.get(result.ruleId);
      if (index === undefined) {
        // A result whose rule its shard did not describe: describe it by id so ruleIndex stays valid.
        index = rules.push({ id: result.ruleId }) - 1;
        ruleIndex.set(result.ruleId, index);
      }
      results.push({ ...result, ruleIndex: index });
    }
  }
  results.sort(compareResults);

  // Notices about the run as a whole (tests skipped, no API key) come from every shard: kept once.
  const notifications: SarifNotification[] = [
    ...new Map(
      runs
        .flatMap((run) => run.invocations?.flatMap((invocation) => invocation.toolExecutionNotifications ?? []) ?? [])
        .map((notification) => [JSON.stringify(notification), notification]),
    ).values(),
  ];
  const merged: SarifRun = {
    ...first,
    tool: { driver: { ...first.tool.driver, rules } },
    invocations: [
      {
        executionSuccessful: runs.every((run) => (run.invocations ?? []).every((invocation) => invocation.executionSuccessful)),
        toolExecutionNotifications: notifications,
      },
    ],
    results,
  };
  return applyGitHubLimits({ $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [merged] });
}

function identity(result: SarifResult): string {
  const location = result.locations[0]?.physicalLocation;
  const region = location?.region;
  return JSON.stringify([
    result.ruleId,
    location?.artifactLocation.uri,
    region?.startLine,
    region?.startColumn,
    region?.endLine,
    region?.endColumn,
    result.message.text,
  ]);
}
