// The public surface of @portalchat/testkit: helpers for specs only (ESLint refuses an
// import of it from anything but a spec, a test/ or a testing/ folder, or a test project).
export { defined } from './defined';
export { eventually, quietPeriod, type EventuallyOptions, type NotYet } from './eventually';
export { IrcTestClient, type Endpoint, type IrcConnectOptions } from './irc-client';
export { WsIrcTestClient, type WsFrame, type WsIrcConnectOptions } from './ws-irc-client';
export { ClientPool, re, serverPrefix, sync } from './irc-session';
export { metricSample } from './metrics-text';
export { startTestNats, type TestNats } from './nats';
export { TcpRelay } from './tcp-relay';
export { SseClient, type SseEvent } from './sse-client';
export {
  framedLines,
  hostileLine,
  hostileLineBytes,
  type FuzzFigures,
  type FuzzOptions,
  type LineVocabulary,
} from './hostile-lines';
export { makeTestCertificate, type TestCertificate } from './test-certificate';
export { ScramClient } from './scram-client';
