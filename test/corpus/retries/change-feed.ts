import { logger } from './logger.js';

// A change feed over a database cursor that resumes after a network error, as a driver's change stream does.

interface Cursor {
  next(): Promise<unknown>;
  close(): Promise<void>;
  resumeToken: string | undefined;
}

declare function selectServer(): Promise<void>;
declare function openCursor(resumeAfter: string | undefined): Cursor;
declare function isResumable(error: unknown): boolean;

export class ChangeFeed {
  private closed = false;

  constructor(private cursor: Cursor) {}

  // A resumable error opens a new cursor on a newly selected server; anything else, or a failed resume, ends the feed.
  async next(): Promise<unknown> {
    while (true) { // ok: no-unbounded-retry, require-retry-backoff
      try {
        return await this.cursor.next();
      } catch (error) {
        try {
          await this.processError(error);
        } catch (fatal) {
          await this.close();
          throw fatal;
        }
      }
    }
  }

  // The same feed with a resume that logs its own failure: the dead cursor is asked again at once, forever.
  async nextLoosely(): Promise<unknown> {
    while (true) { // expect: no-unbounded-retry, require-retry-backoff
      try {
        return await this.cursor.next();
      } catch (error) {
        logger.warn({ error }, 'change feed interrupted');
        await this.resumeQuietly();
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.cursor.close();
  }

  private async processError(error: unknown): Promise<void> {
    if (this.closed || !isResumable(error)) throw error;
    await this.resume();
  }

  private async resume(): Promise<void> {
    await selectServer();
    this.cursor = openCursor(this.cursor.resumeToken);
  }

  private async resumeQuietly(): Promise<void> {
    try {
      await selectServer();
      this.cursor = openCursor(this.cursor.resumeToken);
    } catch (error) {
      logger.error({ error }, 'resume failed');
    }
  }
}
