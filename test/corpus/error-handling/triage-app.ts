import { EventEmitter } from 'node:events';

import { Octokit } from '@octokit/rest';
import type { Probot } from 'probot';

import { logger } from './logger';

// A GitHub App that labels new issues and closes stale ones.
const metrics = new EventEmitter();
const octokit = new Octokit({ auth: process.env.GITHUB_TOKEN });

async function classify(title: string): Promise<string[]> {
  return title.toLowerCase().includes('crash') ? ['bug', 'p1'] : ['triage'];
}

export default (app: Probot) => {
  // Probot awaits its handlers and reports their rejections through onError.
  app.on('issues.opened', async (context) => { // ok: no-unsafe-async-callback
    const labels = await classify(context.payload.issue.title);
    await context.octokit.rest.issues.addLabels(context.issue({ labels }));
  });

  app.onError(async (error) => { // ok: no-unsafe-async-callback
    logger.error({ err: error }, 'webhook handler failed');
  });

  // A plain EventEmitter drops the listener's promise.
  metrics.on('stale', async (issue: number) => { // expect: no-unsafe-async-callback
    await octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', { owner: 'acme', repo: 'api', issue_number: issue, state: 'closed' });
  });
};

export function closeStale(issue: number): void {
  octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', { owner: 'acme', repo: 'api', issue_number: issue, state: 'closed' }); // expect: no-unhandled-rejection
}
