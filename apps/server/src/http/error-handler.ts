import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance } from 'fastify';
import { requestId } from '../lib/ids';
import { errors, PlaidError } from './errors';

interface AjvError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

/** Turns a JSON pointer (`/options/count`) into Plaid's dotted field path (`options.count`). */
function fieldPath(pointer: string, extra?: string): string {
  const parts = pointer.split('/').filter(Boolean);
  if (extra) parts.push(extra);
  return parts.join('.');
}

/** Maps schema validation failures to Plaid's MISSING_FIELDS / INVALID_FIELD errors. */
export function validationError(list: AjvError[]): PlaidError {
  const missing = list
    .filter((e) => e.keyword === 'required')
    .map((e) => fieldPath(e.instancePath, String(e.params.missingProperty)));
  if (missing.length > 0) return errors.missingFields([...new Set(missing)]);
  const unknown = list
    .filter((e) => e.keyword === 'additionalProperties')
    .map((e) => fieldPath(e.instancePath, String(e.params.additionalProperty)));
  if (unknown.length > 0)
    return new PlaidError(
      'UNKNOWN_FIELDS',
      `the following fields are not recognized by this endpoint: ${[...new Set(unknown)].join(', ')}`,
    );
  const first = list[0];
  if (!first) return errors.invalidField('request body is invalid');
  const field = fieldPath(first.instancePath) || 'body';
  switch (first.keyword) {
    case 'type':
      return errors.invalidField(`${field} must be of type ${String(first.params.type)}`);
    case 'minLength':
      return errors.invalidField(`${field} must be a non-empty string`);
    case 'enum':
      return errors.invalidField(
        `${field} must be one of: ${(first.params.allowedValues as unknown[]).join(', ')}`,
      );
    default:
      return errors.invalidField(`${field} ${first.message ?? 'is invalid'}`);
  }
}

/**
 * The one renderer of errors: every failure leaves as Plaid's error object with its status and
 * the request id. Unknown errors become INTERNAL_SERVER_ERROR and are logged; the request's logger
 * already carries its request_id (app.ts), so every error line names the id its response carries.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError & { validation?: AjvError[] }, request, reply) => {
    let error: PlaidError;
    if (err instanceof PlaidError) error = err;
    else if (err.validation) error = validationError(err.validation);
    else if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      error = new PlaidError('INVALID_BODY', 'request body is too large', { status: 413 });
    else if (
      err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ||
      err.code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH'
    )
      error = new PlaidError(
        'INVALID_HEADERS',
        'request must have a JSON body with Content-Type: application/json',
      );
    else if (
      err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
      err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
      err instanceof SyntaxError
    )
      error = errors.invalidBody();
    else if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500)
      error = new PlaidError('INVALID_REQUEST', err.message, {
        type: 'INVALID_REQUEST',
        status: err.statusCode,
      });
    else {
      request.log.error({ err }, 'unhandled error');
      error = errors.internal();
    }
    if (error.status >= 500 && err instanceof PlaidError) request.log.error({ err }, 'server error');
    void reply.code(error.status).headers(error.headers).send(error.toBody(request.id));
  });

  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0]!;
    const allowed = METHODS.filter((method) => method !== request.method && app.hasRoute({ method, url }));
    if (allowed.length > 0) {
      const error = new PlaidError('METHOD_NOT_ALLOWED', `${url} accepts ${allowed.join(', ')} only`);
      void reply.code(405).header('allow', allowed.join(', ')).send(error.toBody(request.id));
      return;
    }
    const error = new PlaidError('NOT_FOUND', `no endpoint ${request.method} ${url}`);
    void reply.code(404).send(error.toBody(request.id));
  });
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * Answers what Node's HTTP parser refuses before Fastify sees a request (headers over the limit,
 * a malformed request line, a slow client) in Plaid's envelope too, on the raw socket, since no
 * reply object exists yet. Passed to Fastify as its `clientErrorHandler`.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const error =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? new PlaidError('INVALID_HEADERS', 'request headers are too large', { status: 431 })
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? new PlaidError('INVALID_REQUEST', 'the request was not received in time', {
            type: 'INVALID_REQUEST',
            status: 408,
          })
        : new PlaidError('INVALID_REQUEST', 'the request is not valid HTTP', {
            type: 'INVALID_REQUEST',
            status: 400,
          });
  const body = JSON.stringify(error.toBody(requestId()));
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  socket.destroy(err);
}
