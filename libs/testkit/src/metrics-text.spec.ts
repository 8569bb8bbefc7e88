import { metricSample } from './metrics-text';

const TEXT = [
  '# HELP portalchat_gateway_connections Open client connections',
  '# TYPE portalchat_gateway_connections gauge',
  'portalchat_gateway_connections{service="gateway"} 3',
  'portalchat_gateway_disconnects_total{service="gateway",kind="quit"} 2',
  'portalchat_gateway_disconnects_total{service="gateway",kind="state_unavailable"} 1',
  'portalchat_portal_link_rtt_seconds{service="portal",link="Portal_to_Hub"} 0.0012',
  'portalchat_odd{service="x",text="a \\"quoted\\" word"} 7',
  'portalchat_plain 1.5e+3',
].join('\n');

describe('metricSample', () => {
  it('reads the sample of a metric by name, with or without labels', () => {
    expect(metricSample(TEXT, 'portalchat_gateway_connections')).toBe(3);
    expect(metricSample(TEXT, 'portalchat_plain')).toBe(1500);
    expect(metricSample(TEXT, 'portalchat_portal_link_rtt_seconds', { link: 'Portal_to_Hub' })).toBe(0.0012);
  });

  it('picks the sample whose labels match', () => {
    expect(metricSample(TEXT, 'portalchat_gateway_disconnects_total', { kind: 'state_unavailable' })).toBe(1);
    expect(metricSample(TEXT, 'portalchat_gateway_disconnects_total', { kind: 'quit', service: 'gateway' })).toBe(2);
    expect(metricSample(TEXT, 'portalchat_odd', { text: 'a "quoted" word' })).toBe(7);
  });

  it('is undefined for a metric or a label value that is not there (a prefix of a name is not the name)', () => {
    expect(metricSample(TEXT, 'portalchat_gateway_disconnects_total', { kind: 'kill' })).toBeUndefined();
    expect(metricSample(TEXT, 'portalchat_gateway')).toBeUndefined();
  });
});
