import type { NatsConnection, RequestOptions } from '@nats-io/transport-node';
import {
  encodeEnvelope,
  encodeNumberedEnvelopes,
  type Encoded,
  type ItemOf,
  type ItemsField,
  type RequestSubject,
  type Subject,
} from '@portalchat/protocol';
import { decodeOrWarn } from './envelope-subscription';
import type { Logger } from './logger';
import { maxPayload } from './nats';

/*
 * Publishing on a typed subject (libs/protocol subjects.ts): the payload's type comes from the
 * subject (`NoInfer` keeps TypeScript from widening it to fit the value), so a payload of another
 * type does not compile. Like nc.publish, these throw on a closed connection.
 */

/** Publishes one envelope. */
export function publishEnvelope<T extends { v: number }>(
  nc: NatsConnection,
  subject: Subject<T>,
  value: NoInfer<T>,
): void {
  nc.publish(subject.name, encodeEnvelope(value));
}

/**
 * Publishes a run of numbered items (libs/protocol sequencing.ts) as one or more envelopes, each
 * saying in `numberField` the number of its first item; `encodeItem` as encodeNumberedEnvelopes.
 */
export function publishNumbered<T extends { v: number }, N extends keyof T, K extends ItemsField<T>>(
  nc: NatsConnection,
  subject: Subject<T>,
  head: NoInfer<Omit<T, 'v' | K | N>>,
  numberField: N,
  first: number,
  field: K,
  items: readonly NoInfer<ItemOf<T, K>>[],
  encodeItem?: (item: NoInfer<ItemOf<T, K>>) => string,
): void {
  const payloads = encodeNumberedEnvelopes<T, N, K>(head, numberField, first, field, items, maxPayload(nc), encodeItem);
  for (const payload of payloads) nc.publish(subject.name, payload);
}

/** Publishes envelopes encoded beforehand (e.g. encodeBurstChunks), in order. */
export function publishEncoded<T extends { v: number }>(
  nc: NatsConnection,
  subject: Subject<T>,
  payloads: readonly Encoded<NoInfer<T>>[],
): void {
  for (const payload of payloads) nc.publish(subject.name, payload);
}

/**
 * Sends a request and decodes the reply as the subject's reply type; an undecodable reply is
 * logged and gives undefined. Rejects as nc.request does (no responders, timeout).
 */
export async function requestEnvelope<TRequest extends { v: number }, TReply extends { v: number }>(
  nc: NatsConnection,
  subject: RequestSubject<TRequest, TReply>,
  request: NoInfer<TRequest>,
  logger: Logger,
  options: RequestOptions,
): Promise<TReply | undefined> {
  const reply = await nc.request(subject.name, encodeEnvelope(request), options);
  return decodeOrWarn(subject.reply, reply.string(), logger);
}
