import { Harness } from '../testing/harness';
import { oidOf } from '../engine/channel-props';

/** A registered client that switched to IRCX, inbox cleared. */

/** #a with owner (IRCX), host (IRCX), member (IRCX) and plain (IRC) members. */
function setup() {
  const h = new Harness();
  const owner = h.connect('owner', { ircx: true });
  const host = h.connect('host', { ircx: true });
  const member = h.connect('member', { ircx: true });
  const plain = h.connect('plain');
  h.addToChannel('#a', owner, 'q');
  h.addToChannel('#a', host, 'o');
  h.addToChannel('#a', member);
  h.addToChannel('#a', plain);
  const created = Math.floor(h.now / 1000);
  return { h, owner, host, member, plain, created };
}

const OWNER = ':owner!~owner@127.0.1.1';
const HOST = ':host!~host@127.0.2.1';

describe('PROP', () => {
  it('is an IRCX command: plain sessions get 421', () => {
    const { plain } = setup();
    expect(plain.ask('PROP #a *')).toEqual([':irc.test 421 plain PROP :Unknown command']);
  });

  it('lists every readable property with *, then 819', () => {
    const { h, member, created } = setup();
    h.state.channel('#a')?.props.set('SUBJECT', 'chat');
    h.state.channel('#a')?.props.set('OWNERKEY', 'secret');
    expect(member.ask('PROP #a *')).toEqual([
      `:irc.test 818 member #a OID ${oidOf({ name: '#a' })}`,
      ':irc.test 818 member #a NAME #a',
      `:irc.test 818 member #a CREATION ${created}`,
      ':irc.test 818 member #a SUBJECT chat',
      ':irc.test 819 member #a :End of properties',
    ]);
  });

  it('reads named properties; unknown ones get 905, unset ones nothing', () => {
    const { member } = setup();
    expect(member.ask('PROP #a name,bogus,subject')).toEqual([
      ':irc.test 818 member #a NAME #a',
      ':irc.test 905 member #a BOGUS :Bad property specified',
      ':irc.test 819 member #a :End of properties',
    ]);
  });

  it('shows the write-only keys to owners only (908 for others)', () => {
    const { h, owner, host } = setup();
    h.state.channel('#a')?.props.set('HOSTKEY', 'hk');
    expect(host.ask('PROP #a HOSTKEY')).toEqual([
      ':irc.test 908 host :No permissions to perform command',
      ':irc.test 819 host #a :End of properties',
    ]);
    expect(owner.ask('PROP #a HOSTKEY')).toEqual([
      ':irc.test 818 owner #a HOSTKEY hk',
      ':irc.test 819 owner #a :End of properties',
    ]);
  });

  it('sets a property: IRCX members see the PROP line, plain members nothing', () => {
    const { h, host, member, plain } = setup();
    expect(host.ask('PROP #a SUBJECT :Games and fun')).toEqual([`${HOST} PROP #a SUBJECT :Games and fun`]);
    expect(member.lines()).toEqual([`${HOST} PROP #a SUBJECT :Games and fun`]);
    expect(plain.lines()).toEqual([]);
    expect(h.state.channel('#a')?.props.get('SUBJECT')).toBe('Games and fun');
    // The same value again changes nothing and shows nothing.
    expect(host.ask('PROP #a SUBJECT :Games and fun')).toEqual([]);
  });

  it('deletes a property with an empty value', () => {
    const { h, host, member } = setup();
    h.state.channel('#a')?.props.set('SUBJECT', 'x');
    expect(host.ask('PROP #a SUBJECT :')).toEqual([`${HOST} PROP #a SUBJECT :`]);
    expect(member.lines()).toEqual([`${HOST} PROP #a SUBJECT :`]);
    expect(h.state.channel('#a')?.props.has('SUBJECT')).toBe(false);
  });

  it('TOPIC: IRCX members get PROP, plain members TOPIC', () => {
    const { h, host, member, plain } = setup();
    expect(host.ask('PROP #a TOPIC :Welcome all')).toEqual([`${HOST} PROP #a TOPIC :Welcome all`]);
    expect(member.lines()).toEqual([`${HOST} PROP #a TOPIC :Welcome all`]);
    expect(plain.lines()).toEqual([`${HOST} TOPIC #a :Welcome all`]);
    expect(h.state.channel('#a')?.topic).toEqual({ text: 'Welcome all', setBy: HOST.slice(1), setAt: h.now });
  });

  it('MEMBERKEY is the +k key: plain members see MODE +k/-k', () => {
    const { h, host, plain } = setup();
    host.ask('PROP #a MEMBERKEY :sesame');
    expect(plain.lines()).toEqual([`${HOST} MODE #a +k sesame`]);
    expect(h.state.channel('#a')?.key).toBe('sesame');
    host.ask('PROP #a MEMBERKEY :');
    expect(plain.lines()).toEqual([`${HOST} MODE #a -k *`]);
    expect(h.state.channel('#a')?.key).toBeUndefined();
  });

  it('OWNERKEY: only owners set it, and only owners see the echo', () => {
    const { h, owner, host, member } = setup();
    expect(host.ask('PROP #a OWNERKEY :k1')).toEqual([':irc.test 908 host :No permissions to perform command']);
    expect(owner.ask('PROP #a OWNERKEY :k1')).toEqual([`${OWNER} PROP #a OWNERKEY k1`]);
    expect(host.lines()).toEqual([]);
    expect(member.lines()).toEqual([]);
    expect(h.state.channel('#a')?.props.get('OWNERKEY')).toBe('k1');
  });

  it('refuses members, read-only properties (908), bad values (906) and unknown ones (905)', () => {
    const { host, member } = setup();
    expect(member.ask('PROP #a SUBJECT :x')).toEqual([':irc.test 908 member :No permissions to perform command']);
    expect(host.ask('PROP #a OID :1')).toEqual([':irc.test 908 host :No permissions to perform command']);
    expect(host.ask('PROP #a LAG :3')).toEqual([':irc.test 906 host LAG :Bad value specified']);
    expect(host.ask(`PROP #a SUBJECT :${'x'.repeat(32)}`)).toEqual([':irc.test 906 host SUBJECT :Bad value specified']);
    expect(host.ask('PROP #a HOSTKEY :two words')).toEqual([':irc.test 906 host HOSTKEY :Bad value specified']);
    expect(host.ask('PROP #a COLOUR :red')).toEqual([':irc.test 905 host #a COLOUR :Bad property specified']);
    expect(host.ask('PROP #a LAG :2')).toEqual([`${HOST} PROP #a LAG 2`]);
  });

  it('counts lengths in bytes', () => {
    const { host } = setup();
    // 16 two-byte characters: 32 bytes > SUBJECT's 31.
    expect(host.ask(`PROP #a SUBJECT :${'é'.repeat(16)}`)).toEqual([':irc.test 906 host SUBJECT :Bad value specified']);
    expect(host.ask(`PROP #a SUBJECT :${'é'.repeat(15)}`)).toHaveLength(1);
  });

  it('PICS needs an admin, who may set it without being a member', () => {
    const { h, host, member } = setup();
    expect(host.ask('PROP #a PICS :G')).toEqual([':irc.test 908 host :No permissions to perform command']);
    const admin = h.connect('admin', { ircx: true });
    h.state.setUserMode(admin.user, 'o', true);
    h.state.setUserMode(admin.user, 'a', true);
    expect(admin.ask('PROP #a PICS :G')).toEqual([':admin!~admin@127.0.5.1 PROP #a PICS G']);
    expect(member.lines()).toEqual([':admin!~admin@127.0.5.1 PROP #a PICS G']);
  });

  it('outsiders: a public channel reads fully, a private one only OID/NAME/PICS, a secret one is 924', () => {
    const { h } = setup();
    const out = h.connect('out', { ircx: true });
    expect(out.ask('PROP #a NAME')).toEqual([
      ':irc.test 818 out #a NAME #a',
      ':irc.test 819 out #a :End of properties',
    ]);
    const channel = h.state.channel('#a');
    channel?.modes.add('p');
    channel?.props.set('SUBJECT', 's');
    expect(out.ask('PROP #a *')).toEqual([
      `:irc.test 818 out #a OID ${oidOf({ name: '#a' })}`,
      ':irc.test 818 out #a NAME #a',
      ':irc.test 819 out #a :End of properties',
    ]);
    expect(out.ask('PROP #a SUBJECT')[0]).toBe(':irc.test 908 out :No permissions to perform command');
    channel?.modes.delete('p');
    channel?.modes.add('s');
    expect(out.ask('PROP #a *')).toEqual([':irc.test 924 out #a :No such object found']);
    expect(out.ask('PROP #nowhere *')).toEqual([':irc.test 924 out #nowhere :No such object found']);
  });

  it('user properties: OID and NICK, read-only', () => {
    const { member, plain } = setup();
    const uid = plain.user.uid;
    expect(member.ask('PROP plain *')).toEqual([
      `:irc.test 818 member plain OID ${oidOf({ name: uid })}`,
      ':irc.test 818 member plain NICK plain',
      ':irc.test 819 member plain :End of properties',
    ]);
    expect(member.ask('PROP plain NICK :x')).toEqual([':irc.test 908 member :No permissions to perform command']);
    expect(member.ask('PROP ghost NICK')).toEqual([':irc.test 924 member ghost :No such object found']);
  });

  it('needs a property (461)', () => {
    const { member } = setup();
    expect(member.ask('PROP #a')).toEqual([':irc.test 461 member PROP :Not enough parameters']);
  });
});
