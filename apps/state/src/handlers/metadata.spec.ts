import { Harness } from '../testing/harness';
import { A, B, C } from '../testing/networks';
import { TestNetwork } from '../testing/test-network';

const CAPS = ['draft/metadata-2', 'batch'];

/** Drops the batch reference so lines compare: `@batch=<ref>` → `@batch=*`. */
function batched(lines: string[]): string[] {
  return lines.map((l) => l.replace(/^@batch=\S+ /, '@batch=* ').replace(/ BATCH ([+-])\S+/, ' BATCH $1*'));
}

describe('METADATA (draft/metadata-2)', () => {
  it('offers draft/metadata-2 with its limits to CAP LS 302', () => {
    const client = new Harness().connectUnregistered();
    expect(client.ask('CAP LS 302').join(' ')).toContain(
      'draft/metadata-2=max-subs=100,max-keys=100,max-value-bytes=350',
    );
  });

  it('SET answers 761 and GET reads it back in a metadata batch; unset keys get 766', () => {
    const foo = new Harness().connect('foo', { caps: CAPS });
    expect(foo.ask('METADATA * SET display-name :Foo Bar')).toEqual([':irc.test 761 foo foo display-name * :Foo Bar']);
    expect(batched(foo.ask('METADATA foo GET display-name avatar'))).toEqual([
      ':irc.test BATCH +* metadata',
      '@batch=* :irc.test 761 foo foo display-name * :Foo Bar',
      '@batch=* :irc.test 766 foo foo avatar :No matching key',
      ':irc.test BATCH -*',
    ]);
    expect(batched(foo.ask('METADATA * LIST'))).toEqual([
      ':irc.test BATCH +* metadata',
      '@batch=* :irc.test 761 foo foo display-name * :Foo Bar',
      ':irc.test BATCH -*',
    ]);
    expect(foo.ask('METADATA * SET display-name')).toEqual([':irc.test 761 foo foo display-name *']);
    expect(foo.ask('METADATA * SET display-name')).toEqual([':irc.test 768 foo foo display-name :Key not set']);
    expect(batched(foo.ask('METADATA * LIST'))).toEqual([':irc.test BATCH +* metadata', ':irc.test BATCH -*']);
  });

  it('issue 13: gives a client without `batch` the same lines without a BATCH', () => {
    const foo = new Harness().connect('foo', { caps: ['draft/metadata-2'] });
    foo.ask('METADATA * SET display-name :Foo Bar');
    expect(foo.ask('METADATA foo GET display-name avatar')).toEqual([
      ':irc.test 761 foo foo display-name * :Foo Bar',
      ':irc.test 766 foo foo avatar :No matching key',
    ]);
    expect(foo.ask('METADATA * LIST')).toEqual([':irc.test 761 foo foo display-name * :Foo Bar']);
    expect(foo.ask('METADATA * CLEAR')).toEqual([':irc.test 761 foo foo display-name *']);
  });

  it('refuses bad targets, keys, values, subcommands and other people’s keys', () => {
    const h = new Harness();
    const foo = h.connect('foo', { caps: CAPS });
    h.connect('bar');
    expect(foo.ask('METADATA foobar LIST')).toEqual([
      ':irc.test FAIL METADATA INVALID_TARGET foobar :Invalid metadata target',
    ]);
    expect(foo.ask('METADATA * SET Bad:Key :x')).toEqual([':irc.test FAIL METADATA INVALID_KEY Bad:Key :Invalid key']);
    expect(foo.ask(`METADATA * SET avatar :${'abcd'.repeat(120)}`)).toEqual([
      ':irc.test FAIL METADATA INVALID_VALUE :Value is too long',
    ]);
    // Invalid UTF-8 (U+FFFD from the gateway): refused as a value, not as a line.
    expect(foo.ask('METADATA * SET avatar :bad \ufffd')).toEqual([
      ':irc.test FAIL METADATA INVALID_VALUE :METADATA values must be UTF-8',
    ]);
    expect(foo.ask('METADATA bar SET avatar :x')).toEqual([
      ':irc.test FAIL METADATA KEY_NO_PERMISSION bar avatar :Permission denied',
    ]);
    expect(foo.ask('METADATA * DESTROY')).toEqual([
      ':irc.test FAIL METADATA INVALID_SUBCOMMAND DESTROY :Invalid subcommand',
    ]);
  });

  it('SUB, UNSUB and SUBS keep the subscription list', () => {
    const foo = new Harness().connect('foo', { caps: CAPS });
    expect(foo.ask('METADATA * SUB avatar $url display-name')).toEqual([
      ':irc.test FAIL METADATA INVALID_KEY $url :Invalid key',
      ':irc.test 770 foo :avatar display-name',
    ]);
    expect(foo.ask('METADATA * SUBS')).toEqual([':irc.test 772 foo :avatar display-name']);
    expect(foo.ask('METADATA * UNSUB avatar')).toEqual([':irc.test 771 foo avatar']);
    expect(foo.ask('METADATA * SUBS')).toEqual([':irc.test 772 foo display-name']);
    const many = Array.from({ length: 101 }, (_, i) => `k${i}`).join(' ');
    expect(foo.ask(`METADATA * SUB ${many}`)[0]).toBe(
      ':irc.test FAIL METADATA TOO_MANY_SUBS k99 :Too many subscriptions',
    );
  });

  it('tells subscribed channel peers of a change, shows metadata on JOIN, and lets hosts set channel keys', () => {
    const h = new Harness();
    const alice = h.connect('alice', { caps: CAPS });
    const bob = h.connect('bob', { caps: CAPS });
    const carol = h.connect('carol');
    bob.send('METADATA * SUB avatar url');
    alice.send('METADATA * SET avatar :https://example.test/a.png');
    alice.send('JOIN #c');
    alice.send('METADATA #c SET url :https://example.test');
    carol.send('JOIN #c');
    for (const c of [alice, bob, carol]) c.lines();
    expect(batched(bob.ask('JOIN #c')).filter((l) => / METADATA | BATCH /.test(l))).toEqual([
      ':irc.test BATCH +* metadata',
      '@batch=* :irc.test METADATA #c url * https://example.test',
      '@batch=* :irc.test METADATA alice avatar * https://example.test/a.png',
      ':irc.test BATCH -*',
    ]);
    carol.lines();
    alice.send('METADATA * SET avatar :https://example.test/b.png');
    expect(bob.lines()).toEqual([':irc.test METADATA alice avatar * https://example.test/b.png']);
    expect(carol.lines()).toEqual([]);
    expect(carol.ask('METADATA #c SET url :x')).toEqual([
      ':irc.test FAIL METADATA KEY_NO_PERMISSION #c url :Permission denied',
    ]);
  });

  it('is network-wide: set on one server, read and followed on the other, and in the burst', () => {
    const net = new TestNetwork([
      { id: A, name: 'a.test' },
      { id: B, name: 'b.test' },
      { id: C, name: 'c.test' },
    ]);
    net.link(A, B);
    const alice = net.server(A).connect('alice', { caps: CAPS });
    const bob = net.server(B).connect('bob', { caps: CAPS });
    bob.send('METADATA * SUB display-name');
    alice.send('JOIN #c');
    bob.send('JOIN #c');
    alice.lines();
    bob.lines();
    alice.send('METADATA * SET display-name :Alice');
    expect(bob.lines()).toEqual([':b.test METADATA alice display-name * Alice']);
    expect(batched(bob.ask('METADATA alice GET display-name'))[1]).toBe(
      '@batch=* :b.test 761 bob alice display-name * Alice',
    );
    alice.send('METADATA #c SET url :https://example.test');
    expect(batched(bob.ask('METADATA #c LIST'))[1]).toBe('@batch=* :b.test 761 bob #c url * https://example.test');
    // A server that joins later has it from the burst.
    const carol = net.server(C).connect('carol', { caps: CAPS });
    net.link(B, C);
    expect(batched(carol.ask('METADATA alice GET display-name'))[1]).toBe(
      '@batch=* :c.test 761 carol alice display-name * Alice',
    );
    carol.send('JOIN #c');
    expect(batched(carol.ask('METADATA #c LIST'))[1]).toBe('@batch=* :c.test 761 carol #c url * https://example.test');
  });

  it('survives a restart of state: the recovery data keeps values and subscriptions', () => {
    const h = new Harness();
    const foo = h.connect('foo', { caps: CAPS });
    foo.send('METADATA * SUB avatar');
    foo.send('METADATA * SET avatar :https://example.test/a.png');
    foo.send('JOIN #c');
    foo.send('METADATA #c SET url :https://example.test');
    const restarted = new Harness();
    restarted.now = h.now;
    restarted.engine.restoreData(structuredClone(h.engine.captureData()));
    const user = restarted.state.userByNick('foo');
    expect(user?.metadata).toEqual(new Map([['avatar', 'https://example.test/a.png']]));
    expect(user?.local?.metadataSubs).toEqual(new Set(['avatar']));
    expect(restarted.state.channel('#c')?.metadata).toEqual(new Map([['url', 'https://example.test']]));
  });
});
