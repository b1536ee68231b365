/**
 * A response body without `request_id`: the request-id hook adds it to every Plaid response, so
 * presenters produce the rest and are checked against the official client's types with
 * `satisfies Reply<XResponse>`.
 */
export type Reply<T> = Omit<T, 'request_id'>;
