import type { ItemsTable } from '../../db/tables/core';
import type { AttemptRow } from '../../webhooks/delivery.repository';
import type { DeliveryView } from './webhook-inspector.service';

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function presentAttempt(a: AttemptRow) {
  return {
    attempt: a.attempt,
    started_at: a.started_at,
    latency_ms: a.latency_ms,
    request: { url: a.url, headers: parseJson(a.request_headers), body: a.request_body },
    response: a.status_code === null ? null : { status_code: a.status_code, body: a.response_body },
    error: a.error,
  };
}

/** One delivery: the event, its current state, the last request and response, and every attempt. */
export function presentDelivery(d: DeliveryView) {
  const attempts = d.attempts.map(presentAttempt);
  const last = attempts[attempts.length - 1] ?? null;
  return {
    delivery_id: String(d.event.id),
    webhook_type: d.event.webhook_type,
    webhook_code: d.event.webhook_code,
    status: d.event.status,
    created_at: d.event.created_at,
    next_attempt_at: d.event.status === 'pending' ? d.event.next_attempt_at : null,
    attempt_count: attempts.length,
    payload: parseJson(d.event.payload),
    request: last?.request ?? null,
    response: last?.response ?? null,
    attempts,
  };
}

/** POST /weft/webhooks/list response. */
export function presentDeliveries(r: { item: ItemsTable; deliveries: DeliveryView[] }) {
  return {
    item_id: r.item.item_id,
    webhook: r.item.webhook,
    deliveries: r.deliveries.map(presentDelivery),
  };
}
