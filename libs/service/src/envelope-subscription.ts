import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import {
  decodeEnvelope,
  encodeEnvelope,
  EnvelopeError,
  type EnvelopeKind,
  type RequestSubject,
  type Subject,
} from '@portalchat/protocol';
import type { Logger } from './logger';

/**
 * Subscribes to a subject; `handle` gets each message decoded as the subject's payload type
 * (libs/protocol subjects.ts), checked as that kind of envelope. An envelope that does not decode
 * (bad JSON, another protocol version, a missing field) is dropped with a warning, and a handler
 * that throws is logged: neither may take the service down, since the services are deployed
 * separately and one bad message must not stop the others.
 */
export function subscribeEnvelopes<T extends { v: number }>(
  nc: NatsConnection,
  subject: Subject<T>,
  logger: Logger,
  /** `raw`: the envelope's JSON as it came (state journals it as is); `subject`: the one it came on. */
  handle: (envelope: T, raw: string, subject: string) => void,
): Subscription {
  return nc.subscribe(subject.name, {
    callback: (err, msg) => {
      if (err) {
        logger.error({ err, subject: subject.name }, 'subscription failed');
        return;
      }
      const raw = msg.string();
      const envelope = decodeOrWarn(subject.payload, raw, logger);
      if (envelope === undefined) return;
      try {
        handle(envelope, raw, msg.subject);
      } catch (handlerErr) {
        logger.error({ err: handlerErr, what: subject.payload.name }, 'handling an envelope failed');
      }
    },
  });
}

/**
 * Answers the requests of a request/reply subject with `answer`'s reply. A request that does not
 * decode is logged and still answered, with `undefined` as the request: the requester learns that
 * this service is alive (and drops the answer itself if it speaks another protocol version).
 */
export function serveRequests<TRequest extends { v: number }, TReply extends { v: number }>(
  nc: NatsConnection,
  subject: RequestSubject<TRequest, TReply>,
  logger: Logger,
  answer: (request: TRequest | undefined) => TReply,
): Subscription {
  return nc.subscribe(subject.name, {
    callback: (err, msg) => {
      if (err) {
        logger.error({ err, subject: subject.name }, 'subscription failed');
        return;
      }
      try {
        msg.respond(encodeEnvelope(answer(decodeOrWarn(subject.payload, msg.string(), logger))));
      } catch (handlerErr) {
        logger.error({ err: handlerErr, what: subject.payload.name }, 'answering a request failed');
      }
    },
  });
}

/**
 * Like serveRequests, for answers that take time (a reload waits for other services): requests are
 * answered as their promises settle; a rejected one is logged and gets no answer (the requester's
 * timeout tells it).
 */
export function serveRequestsAsync<TRequest extends { v: number }, TReply extends { v: number }>(
  nc: NatsConnection,
  subject: RequestSubject<TRequest, TReply>,
  logger: Logger,
  answer: (request: TRequest | undefined) => Promise<TReply>,
): Subscription {
  return nc.subscribe(subject.name, {
    callback: (err, msg) => {
      if (err) {
        logger.error({ err, subject: subject.name }, 'subscription failed');
        return;
      }
      answer(decodeOrWarn(subject.payload, msg.string(), logger)).then(
        (reply) => {
          msg.respond(encodeEnvelope(reply));
        },
        (handlerErr: unknown) =>
          logger.error({ err: handlerErr, what: subject.payload.name }, 'answering a request failed'),
      );
    },
  });
}

/**
 * Decodes one envelope of `kind` (a subscription's message or a request's reply); one that does
 * not decode is logged as dropped and gives undefined.
 */
export function decodeOrWarn<T extends { v: number }>(
  kind: EnvelopeKind<T>,
  data: string,
  logger: Logger,
): T | undefined {
  try {
    return decodeEnvelope(kind, data);
  } catch (err) {
    if (!(err instanceof EnvelopeError)) throw err;
    logger.warn({ err: err.message, what: kind.name }, 'dropped an undecodable envelope');
    return undefined;
  }
}
