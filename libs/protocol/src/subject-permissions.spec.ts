import { busPermissions, busUser, inboxPrefixOf, type BusRole } from './subject-permissions';
import { historyStream, subjects } from './subjects';

/** NATS subject matching: `*` is one token, a final `>` one or more. */
function matches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i;
    if (i >= s.length || (p[i] !== '*' && p[i] !== s[i])) return false;
  }
  return p.length === s.length;
}

const can = (patterns: string[], subject: string) => patterns.some((p) => matches(p, subject));

const SID = 10;
const gw1: BusRole = { kind: 'gateway', gatewayId: 'gw1' };

describe('busPermissions', () => {
  it('names each role as a NATS user', () => {
    expect([{ kind: 'state' } as const, { kind: 'portal' } as const, gw1].map(busUser)).toEqual([
      'state',
      'portal',
      'gateway-gw1',
    ]);
    expect(inboxPrefixOf(gw1)).toBe('_INBOX.gateway-gw1');
  });

  it('lets a gateway publish its own input only, and read its own output only', () => {
    const { publish, subscribe, allowResponses } = busPermissions(gw1, SID);
    expect(can(publish, subjects.stateIn(SID, 'gw1').name)).toBe(true);
    expect(can(publish, subjects.stateIn(SID, 'gw2').name)).toBe(false);
    expect(can(publish, subjects.gatewayOut(SID, 'gw1').name)).toBe(false);
    expect(can(publish, subjects.portalIn(SID).name)).toBe(false);
    expect(can(publish, subjects.stateInfo(SID).name)).toBe(true);
    expect(can(subscribe, subjects.gatewayOut(SID, 'gw1').name)).toBe(true);
    expect(can(subscribe, subjects.gatewayOut(SID, 'gw2').name)).toBe(false);
    expect(can(subscribe, subjects.stateIn(SID, 'gw2').name)).toBe(false);
    expect(can(subscribe, subjects.portalOut(SID).name)).toBe(false);
    expect(can(subscribe, '_INBOX.gateway-gw1.abc.1')).toBe(true);
    expect(can(subscribe, '_INBOX.state.abc.1')).toBe(false);
    // It answers the host's reload requests, on its own subject only.
    expect(can(subscribe, subjects.serviceReload(SID, 'gw-gw1').name)).toBe(true);
    expect(can(subscribe, subjects.serviceReload(SID, 'gw-gw2').name)).toBe(false);
    expect(allowResponses).toBe(true);
  });

  it('#14: lets the gateway ask state, the portal and the host for the admin API, and nobody else answer them', () => {
    const gateway = busPermissions(gw1, SID);
    for (const subject of [subjects.adminState(SID), subjects.adminPortal(SID), subjects.hostReload(SID)]) {
      expect(can(gateway.publish, subject.name)).toBe(true);
      expect(can(gateway.subscribe, subject.name)).toBe(false);
    }
    const state = busPermissions({ kind: 'state' }, SID);
    const portal = busPermissions({ kind: 'portal' }, SID);
    expect(can(state.subscribe, subjects.adminState(SID).name)).toBe(true);
    expect(can(state.subscribe, subjects.adminPortal(SID).name)).toBe(false);
    expect(can(portal.subscribe, subjects.adminPortal(SID).name)).toBe(true);
    expect(can(portal.subscribe, subjects.adminState(SID).name)).toBe(false);
    // REHASH: state asks the host; the portal cannot.
    expect(can(state.publish, subjects.hostReload(SID).name)).toBe(true);
    expect(can(portal.publish, subjects.hostReload(SID).name)).toBe(false);
    expect(can(portal.subscribe, subjects.serviceReload(SID, 'portal').name)).toBe(true);
    expect(can(portal.subscribe, subjects.serviceReload(SID, 'state').name)).toBe(false);
  });

  it('lets the portal talk to state only', () => {
    const { publish, subscribe } = busPermissions({ kind: 'portal' }, SID);
    expect(can(publish, subjects.portalIn(SID).name)).toBe(true);
    expect(can(publish, subjects.stateBurst(SID).name)).toBe(true);
    expect(can(publish, subjects.stateIn(SID, 'gw1').name)).toBe(false);
    expect(can(publish, subjects.gatewayOut(SID, 'gw1').name)).toBe(false);
    expect(can(subscribe, subjects.portalOut(SID).name)).toBe(true);
    expect(can(subscribe, subjects.burstReply(SID, 'b7').name)).toBe(true);
    expect(can(subscribe, subjects.gatewayOut(SID, 'gw1').name)).toBe(false);
  });

  it("lets state take every gateway's input and write every gateway's output, and answer requests", () => {
    const { publish, subscribe, allowResponses } = busPermissions({ kind: 'state' }, SID);
    expect(can(subscribe, subjects.stateIn(SID, 'gw1').name)).toBe(true);
    expect(can(subscribe, subjects.stateIn(SID, 'other').name)).toBe(true);
    expect(can(subscribe, subjects.portalIn(SID).name)).toBe(true);
    expect(can(publish, subjects.gatewayOut(SID, 'gw1').name)).toBe(true);
    expect(can(publish, subjects.burstReply(SID, 'b7').name)).toBe(true);
    expect(can(publish, subjects.stateIn(SID, 'gw1').name)).toBe(false);
    expect(allowResponses).toBe(true);
  });

  it('#14: lets the portal publish the map report and the gateways read it and ask state for its census', () => {
    const portal = busPermissions({ kind: 'portal' }, SID);
    const gateway = busPermissions(gw1, SID);
    const state = busPermissions({ kind: 'state' }, SID);
    expect(can(portal.publish, subjects.portalMap(SID).name)).toBe(true);
    expect(can(gateway.publish, subjects.portalMap(SID).name)).toBe(false);
    expect(can(gateway.subscribe, subjects.portalMap(SID).name)).toBe(true);
    expect(can(gateway.subscribe, subjects.portalMap(SID + 1).name)).toBe(false);
    expect(can(gateway.publish, subjects.stateCensus(SID).name)).toBe(true);
    expect(can(state.subscribe, subjects.stateCensus(SID).name)).toBe(true);
    expect(can(portal.publish, subjects.stateCensus(SID).name)).toBe(false);
  });

  it("keeps every role to its own server's subjects", () => {
    for (const role of [{ kind: 'state' } as const, { kind: 'portal' } as const, gw1]) {
      const { publish, subscribe } = busPermissions(role, SID);
      for (const pattern of [...publish, ...subscribe].filter((p) => !p.startsWith('_INBOX.'))) {
        // JetStream's API names the stream in its own place: history-<sid>.
        if (pattern.startsWith('$JS.API.') && pattern !== '$JS.API.INFO') expect(pattern).toContain(`.history-${SID}`);
        else if (pattern !== '$JS.API.INFO') expect(pattern.startsWith(`chat.${SID}.`)).toBe(true);
      }
    }
  });

  it("lets state append to its own history stream and use JetStream's API on that stream only", () => {
    const { publish } = busPermissions({ kind: 'state' }, SID);
    const { stream, subject } = historyStream(SID);
    expect(can(publish, subject)).toBe(true);
    expect(can(publish, `$JS.API.STREAM.CREATE.${stream}`)).toBe(true);
    expect(can(publish, `$JS.API.CONSUMER.CREATE.${stream}.ordered_1.${subject}`)).toBe(true);
    expect(can(publish, `$JS.API.CONSUMER.MSG.NEXT.${stream}.ordered_1`)).toBe(true);
    expect(can(publish, '$JS.API.STREAM.CREATE.other')).toBe(false);
    expect(can(publish, historyStream(SID + 1).subject)).toBe(false);
    for (const role of [{ kind: 'portal' } as const, gw1]) {
      expect(can(busPermissions(role, SID).publish, subject)).toBe(false);
    }
  });
});
