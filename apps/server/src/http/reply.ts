import type { FastifyReply } from 'fastify';

/**
 * A response body without `request_id`: the request-id hook adds it to every Plaid response, so
 * presenters produce the rest and are checked against the official client's types with
 * `satisfies Reply<XResponse>`.
 */
export type Reply<T> = Omit<T, 'request_id'>;

/**
 * A Plaid response body serialized once, for reads served many times while their data is
 * unchanged (kept in an EpochCache). Each response appends its own `request_id`, last, as the
 * request-id hook does for bodies that are serialized per request, so the bytes are the same.
 */
export class SerializedBody {
  /** The JSON text up to where `"request_id"` goes. */
  private readonly head: string;

  constructor(body: object) {
    const json = JSON.stringify(body);
    this.head = json === '{}' ? '{' : `${json.slice(0, -1)},`;
  }

  /** The payload to return from a handler for this request; request ids are base62, never escaped. */
  send(reply: FastifyReply): string {
    reply.header('content-type', 'application/json; charset=utf-8');
    return `${this.head}"request_id":"${reply.request.id}"}`;
  }
}
