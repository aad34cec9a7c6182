import type { Finding, Notification, TriageAction } from '../findings/finding.js';
import type { ModelAnswer } from './answer-schema.js';
import type { RegionContext } from './context.js';
import { escapeModelText } from './escape.js';
import type { AnalysisSession } from './host.js';
import { triageFromAnswer } from './triage.js';
import { verifyFix } from './verify-fix.js';

/** Where an answer's line numbers point: the line of the finding it was written for, and the lines it may edit. */
export interface AnsweredRegion {
  line: number;
  editable: RegionContext['editable'];
}

/** What applying an answer needs besides the answer: the session, the report's notifications, the files' findings before a fix. */
export interface ApplyContext {
  host: AnalysisSession;
  notifications: Notification[];
  baseline: (file: string, text: string) => Finding[];
}

/** The finding with the model's explanation, verdict and triage, and its fix when one passes verification. */
export function applyAnswer(
  finding: Finding,
  answer: ModelAnswer,
  region: AnsweredRegion,
  model: string,
  triageAction: TriageAction,
  context: ApplyContext,
): Finding {
  const triage = triageFromAnswer(answer, model, triageAction);
  const explained: Finding = {
    ...finding,
    explanation: {
      source: 'model',
      text: escapeModelText(answer.explanation),
      verdict: answer.verdict,
      confidence: answer.confidence,
      model,
    },
    ...(triage && { triage }),
  };
  return answer.fix ? withFix(explained, answer.fix, region, context) : explained;
}

/** The finding with the model's fix when it passes verification; otherwise unchanged, with a notification. */
export function withFix(
  finding: Finding,
  fix: NonNullable<ModelAnswer['fix']>,
  region: AnsweredRegion,
  { host, notifications, baseline }: ApplyContext,
): Finding {
  if (fix.edits.length === 0 || finding.fix) return finding;
  // The answer was written for the region at `region.line`; `editable` is already in this finding's lines.
  const delta = finding.line - region.line;
  const verification = verifyFix(host, finding, fix, delta, baseline, region.editable);
  if (verification.ok) return { ...finding, fix: verification.fix };
  notifications.push({
    level: 'note',
    kind: 'llm-fix-unverified',
    message: `${finding.ruleId}: the model's fix was dropped: ${verification.reason}.`,
    file: finding.file,
    line: finding.line,
  });
  return finding;
}
