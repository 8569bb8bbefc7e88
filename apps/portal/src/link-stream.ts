import type * as grpc from '@grpc/grpc-js';
import type { Frame } from './frames';

/**
 * One gRPC stream as a link needs it, the same for the dialing and the accepting side (and for a
 * fake in unit specs).
 */
export interface LinkStream {
  write(frame: Frame): void;
  /** Ends our side after what was written (the peer reads a refusal before the end). */
  end(): void;
  /** Abandons the stream at once (a dead link). */
  abort(): void;
  /** Called with every decoded frame, then once with why the stream ended. */
  listen(onFrame: (raw: unknown) => void, onClosed: (reason: string) => void): void;
}

type Duplex = grpc.ClientDuplexStream<Frame, unknown> | grpc.ServerDuplexStream<unknown, Frame>;

/** Adapts either end of the Link call. */
export function grpcLinkStream(call: Duplex, abort: () => void): LinkStream {
  let ended = false;
  return {
    write(frame) {
      if (!ended && !call.writableEnded && !call.destroyed) call.write(frame);
    },
    end() {
      if (ended) return;
      ended = true;
      if (!call.writableEnded && !call.destroyed) call.end();
    },
    abort() {
      ended = true;
      abort();
    },
    listen(onFrame, onClosed) {
      let closed = false;
      const close = (reason: string) => {
        if (closed) return;
        closed = true;
        onClosed(reason);
      };
      call.on('data', onFrame);
      call.on('error', (err: grpc.ServiceError) => close(err.details || err.message));
      call.on('end', () => close('the peer closed the link'));
      call.on('close', () => close('the link closed'));
    },
  };
}
