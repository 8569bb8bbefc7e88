import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { decodeEnvelope, EnvelopeError } from '@portalchat/protocol';
import type { Logger } from './logger';

/**
 * Subscribes to a subject carrying versioned envelopes (libs/protocol envelopes.ts). An envelope
 * that does not decode (bad JSON, another protocol version) is dropped with a warning, and a
 * handler that throws is logged: neither may take the service down, since the services are
 * deployed separately and one bad message must not stop the others.
 * `what` names the payload in the logs (e.g. 'DeliveryBatch').
 */
export function subscribeEnvelopes<T extends { v: number }>(
  nc: NatsConnection,
  subject: string,
  what: string,
  logger: Logger,
  handle: (envelope: T) => void,
): Subscription {
  return nc.subscribe(subject, {
    callback: (err, msg) => {
      if (err) {
        logger.error({ err, subject }, 'subscription failed');
        return;
      }
      const envelope = decodeOrWarn<T>(msg.string(), what, logger);
      if (envelope === undefined) return;
      try {
        handle(envelope);
      } catch (handlerErr) {
        logger.error({ err: handlerErr, what }, 'handling an envelope failed');
      }
    },
  });
}

/**
 * Decodes one envelope (a subscription's message or a request's reply); one that does not decode
 * (bad JSON, another protocol version) is logged as dropped and gives undefined.
 */
export function decodeOrWarn<T extends { v: number }>(data: string, what: string, logger: Logger): T | undefined {
  try {
    return decodeEnvelope<T>(data);
  } catch (err) {
    if (!(err instanceof EnvelopeError)) throw err;
    logger.warn({ err: err.message, what }, 'dropped an undecodable envelope');
    return undefined;
  }
}
