import type { NextFunction, Request, RequestHandler, Response } from 'express';

type AsyncRequestHandler = (request: Request, response: Response, next: NextFunction) => Promise<void>;

/**
 * Fine: Express 4 ignores the promise a handler returns, so this wrapper hands every rejection to
 * `next()`, where the error middleware answers 500 instead of the process dying.
 */
export function asyncHandler(handler: AsyncRequestHandler): RequestHandler {
  return (request, response, next) => {
    handler(request, response, next).catch(next);
  };
}
