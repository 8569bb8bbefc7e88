// The public surface of @portalchat/routing: the portal's routing core, pure logic with no gRPC,
// NATS or timers (the split grace reads an injected clock; the portal arms the timer). The portal runs it between its links and state; state's in-memory
// TestNetwork runs the same code, so the network specs test what production routes.
export { Switchboard, type SwitchLink, type SwitchboardOptions, type BurstPlan } from './switchboard';
export { SplitHold, DEFAULT_HOLD_LIMITS, type HoldOutcome } from './split-hold';
export { HoldBuffer, type HoldLimits } from './hold-buffer';
export { NetworkGraph, isNewer, splitReason, type OwnServer, type Reach, type ServerRecord } from './network-graph';
export { DedupeWindow } from './dedupe';
export { routeLinks, isForUs, type RouteLink } from './routing';
export { toWireEvent, readWireEvent, netInItemJson, wireTargets, type WireEvent } from './wire-event';
export { SplitGrace, type GraceOutcome, type PendingSplit } from './split-grace';
