import { Harness } from '../testing/harness';
import { capLsTokens, chunkTokens, parseCapRequest, SUPPORTED_CAPS } from '../engine/caps';
import { defined } from '@portalchat/testkit';
import { capLsList } from '../testing/cap-ls';

const ALL_CAPS =
  'multi-prefix server-time echo-message message-tags away-notify extended-join userhost-in-names invite-notify cap-notify' +
  ' batch labeled-response draft/multiline account-notify account-tag chghost setname extended-monitor' +
  ' draft/extended-monitor draft/channel-rename draft/metadata-2 draft/read-marker draft/chathistory' +
  ' draft/event-playback draft/message-redaction';
/** The same for `CAP LS 302`, where a cap with a value shows it. */
const ALL_CAPS_302 = ALL_CAPS.replace('draft/multiline', 'draft/multiline=max-bytes=4096,max-lines=100').replace(
  'draft/metadata-2',
  'draft/metadata-2=max-subs=100,max-keys=100,max-value-bytes=350',
);

describe('CAP', () => {
  it('holds registration from CAP LS until CAP END', () => {
    const h = new Harness();
    const c = h.connectUnregistered();
    expect(capLsList(c.ask('CAP LS 302'))).toBe(`${ALL_CAPS_302}`);
    c.send('NICK alice');
    c.send('USER alice 0 * :Alice');
    expect(c.lines()).toEqual([]);
    expect(c.ask('CAP REQ :multi-prefix server-time')).toEqual([':irc.test CAP alice ACK :multi-prefix server-time']);
    const welcome = c.ask('CAP END');
    expect(welcome[0]).toMatch(/^:irc\.test 001 alice /);
    expect([...defined(c.user.local, 'the local connection').caps].sort()).toEqual([
      'cap-notify',
      'multi-prefix',
      'server-time',
    ]);
  });

  it('holds registration when CAP REQ comes without LS', () => {
    const c = new Harness().connectUnregistered();
    c.send('CAP REQ :echo-message');
    c.send('NICK bob');
    c.send('USER bob 0 * :Bob');
    expect(c.lines()).toEqual([':irc.test CAP * ACK echo-message']);
    expect(c.ask('CAP END')[0]).toMatch(/ 001 bob /);
  });

  it('NAKs the whole request when one cap is unknown', () => {
    const c = new Harness().connectUnregistered();
    expect(c.ask('CAP REQ :server-time sasl')).toEqual([':irc.test CAP * NAK :server-time sasl']);
    expect(c.ask('CAP LIST')).toEqual([':irc.test CAP * LIST :']);
  });

  it('removes caps given with a leading dash', () => {
    const alice = new Harness().connect('alice', { caps: ['server-time', 'away-notify'] });
    expect(alice.ask('CAP REQ :-server-time')).toEqual([':irc.test CAP alice ACK -server-time']);
    expect(alice.ask('CAP LIST')).toEqual([':irc.test CAP alice LIST :cap-notify away-notify']);
  });

  it('keeps cap-notify on for 302 clients (NAK -cap-notify)', () => {
    const alice = new Harness().connect('alice', { caps: ['server-time'] });
    expect(alice.ask('CAP REQ :-cap-notify')).toEqual([':irc.test CAP alice NAK -cap-notify']);
  });

  it('does not enable cap-notify for pre-302 clients', () => {
    const c = new Harness().connectUnregistered();
    c.send('CAP LS');
    expect(c.ask('CAP LIST')).toEqual([':irc.test CAP * LIST :']);
  });

  it('answers 410 to an unknown subcommand', () => {
    const c = new Harness().connectUnregistered();
    expect(c.ask('CAP FOO')).toEqual([':irc.test 410 * FOO :Invalid CAP command']);
  });

  it('answers 461 without a subcommand', () => {
    const alice = new Harness().connect('alice');
    expect(alice.ask('CAP')).toEqual([':irc.test 461 alice CAP :Not enough parameters']);
  });

  it('does not hold a registered client or re-send the welcome on CAP END', () => {
    const alice = new Harness().connect('alice');
    alice.send('CAP LS 302');
    alice.lines();
    expect(alice.ask('CAP END')).toEqual([]);
    expect(alice.ask('CAP REQ :invite-notify')).toEqual([':irc.test CAP alice ACK invite-notify']);
  });

  it('matches CAP subcommands case-insensitively', () => {
    const c = new Harness().connectUnregistered();
    expect(c.ask('cap ls')).toEqual([`:irc.test CAP * LS :${ALL_CAPS}`]);
  });
});

describe('caps helpers', () => {
  it('lists every supported cap for LS', () => {
    expect(capLsTokens(302)).toEqual([...SUPPORTED_CAPS].map(([name, value]) => (value ? `${name}=${value}` : name)));
  });

  it('splits long token lists into chunks within the byte budget', () => {
    const tokens = Array.from({ length: 50 }, (_, i) => `capability-${i}`);
    const chunks = chunkTokens(tokens, 100);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(Buffer.byteLength(chunk)).toBeLessThanOrEqual(100);
    expect(chunks.join(' ')).toBe(tokens.join(' '));
  });

  it('parses enable and disable requests', () => {
    expect(parseCapRequest(' a  -b ')).toEqual([
      { name: 'a', enable: true },
      { name: 'b', enable: false },
    ]);
  });
});
