import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { PORTAL_PROTO, PORTAL_SERVICE } from '@portalchat/protocol';

/**
 * Loads the Portal gRPC service from the .proto text in @portalchat/protocol. proto-loader only
 * reads files, so the text goes to a temporary file for the moment of loading: the bundled
 * portal needs no .proto next to it.
 */
export const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
};

/** Bursts send large frames; gRPC's 4 MiB default would end the link on the first big one. */
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

export const CHANNEL_OPTIONS: grpc.ChannelOptions = {
  'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
  'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
};

export interface PortalService {
  definition: grpc.ServiceDefinition;
  Client: grpc.ServiceClientConstructor;
}

let loaded: PortalService | undefined;

export function portalService(): PortalService {
  if (loaded) return loaded;
  const dir = mkdtempSync(join(tmpdir(), 'portalchat-proto-'));
  try {
    const file = join(dir, 'portal.proto');
    writeFileSync(file, PORTAL_PROTO);
    const definition = protoLoader.loadSync(file, LOADER_OPTIONS)[PORTAL_SERVICE] as grpc.ServiceDefinition;
    loaded = { definition, Client: grpc.makeClientConstructor(definition, 'Portal') };
    return loaded;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
