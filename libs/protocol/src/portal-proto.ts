/**
 * The portal link protocol (libs/protocol/proto/portal.proto) as text, so the portal can load it
 * with @grpc/proto-loader without a file next to its bundle. portal-proto.spec.ts keeps this
 * constant and the .proto file identical: edit the .proto, then paste it here.
 */

/** Bump when the link protocol changes incompatibly; peers with another version are refused. */
export const PORTAL_PROTOCOL_VERSION = 1 as const;

/** The fully qualified gRPC service name, for lookups in the loaded package definition. */
export const PORTAL_SERVICE = 'portalchat.portal.v1.Portal' as const;

export const PORTAL_PROTO = `// The link between two portals (issue 3). One bidirectional stream per link: the side whose
// config says "uplink: true" calls Link; both sides then exchange Frames until the link ends.
//
// Handshake (nothing else is accepted before it ends; every step can be answered by a Refusal):
//   dialer   → Hello {version, serverId, name, description, epoch, nonce}
//   acceptor → Hello {…, nonce, proof = HMAC-SHA256(secret, "acceptor" | dialer nonce | acceptor nonce | ids)}
//   dialer   → Auth  {proof = HMAC-SHA256(secret, "dialer" | dialer nonce | acceptor nonce | ids)}
//   acceptor → Ready
// After it both send Topology (their link-state records), then a burst (BurstMark start, Events…,
// BurstMark end), then live Events; Ping/Pong every second both ways.
//
// Events travel as the JSON of libs/protocol's NetEvent (the contract between portal and state),
// next to their stamp and targets so both survive every hop. This text is also in
// libs/protocol/src/portal-proto.ts (PORTAL_PROTO), which the portal loads; a spec keeps them equal.
syntax = "proto3";

package portalchat.portal.v1;

service Portal {
  rpc Link(stream Frame) returns (stream Frame);
}

message Frame {
  oneof body {
    Hello hello = 1;
    Auth auth = 2;
    Ready ready = 3;
    Refusal refusal = 4;
    Ping ping = 5;
    Pong pong = 6;
    Topology topology = 7;
    Events events = 8;
    BurstMark burst = 9;
  }
}

message Hello {
  uint32 version = 1;
  uint32 server_id = 2;
  string name = 3;
  string description = 4;
  // The portal's start time (ms): identifies this run of the server.
  uint64 epoch = 5;
  // Random, hex; the peer proves the secret over it.
  string nonce = 6;
  // Only in the acceptor's Hello: its proof over the dialer's nonce (hex).
  string proof = 7;
}

message Auth {
  string proof = 1;
}

message Ready {}

// Why the sender will not link; it closes the stream after sending it.
message Refusal {
  string reason = 1;
}

message Ping {
  // The sender's clock (ms), echoed in the Pong for the round-trip time.
  double sent_at = 1;
}

message Pong {
  double sent_at = 1;
}

// One server's link-state record: who it is and which servers it has a link up with.
message ServerRecord {
  uint32 server_id = 1;
  string name = 2;
  string description = 3;
  uint64 epoch = 4;
  // Grows with every change of the server's links (within one epoch).
  uint64 version = 5;
  repeated uint32 neighbours = 6;
}

message Topology {
  repeated ServerRecord servers = 1;
}

message StampedEvent {
  uint32 origin = 1;
  uint64 epoch = 2;
  uint64 seq = 3;
  // Servers that need the event; empty means every server.
  repeated uint32 targets = 4;
  // A NetEvent as JSON.
  string json = 5;
  // When the origin portal stamped it (ms since the Unix epoch, its clock); 0: not known (an older
  // peer). Receivers measure the event's age with it (portalchat_portal_event_age_seconds).
  uint64 at = 6;
}

message Events {
  repeated StampedEvent events = 1;
}

// Brackets a burst so the receiver can measure it; "events" is set on the end mark.
message BurstMark {
  bool end = 1;
  uint32 events = 2;
}
`;
