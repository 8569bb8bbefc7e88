// Channel life cycle over real sockets: JOIN/PART/TOPIC/KICK and the channel modes that decide
// who may join or speak, checked line by line on every member's connection.
import { ClientPool, re, serverPrefix, sync, type IrcTestClient } from '@portalchat/testkit';
import { startTestHost, type TestHost } from './support/test-host';

describe('channels (real host over TCP)', () => {
  let host: TestHost;
  const pool = new ClientPool(() => host);
  let S: string;
  let chanSerial = 0;
  const channel = () => `#room${++chanSerial}`;
  const mask = (nick: string) => `${nick}!~${nick}@127.0.0.1`;

  beforeAll(async () => {
    host = await startTestHost();
    S = serverPrefix(host);
  });
  afterEach(() => pool.closeAll());
  afterAll(async () => {
    await host?.stop();
  });

  /** An op (the channel's creator) and a second member, both past their JOIN burst. */
  async function opAndMember(): Promise<{
    chan: string;
    op: IrcTestClient;
    opNick: string;
    member: IrcTestClient;
    memberNick: string;
  }> {
    const chan = channel();
    const opNick = pool.nick('op');
    const memberNick = pool.nick('mem');
    const op = await pool.registered(opNick);
    const member = await pool.registered(memberNick);
    op.send(`JOIN ${chan}`);
    await op.waitFor(/ 366 /);
    member.send(`JOIN ${chan}`);
    await member.waitFor(/ 366 /);
    await op.waitFor(new RegExp(`^:${re(mask(memberNick))} JOIN ${chan}$`));
    return { chan, op, opNick, member, memberNick };
  }

  it('gives the creator @ and answers JOIN with the JOIN echo, NAMES and end of NAMES', async () => {
    const nick = pool.nick('creator');
    const chan = channel();
    const client = await pool.registered(nick);
    client.send(`JOIN ${chan}`);
    await client.waitFor(/ 366 /);
    expect(await sync(client)).toEqual([]);
    const burst = client.lines.slice(-4, -1);
    expect(burst).toEqual([
      `:${mask(nick)} JOIN ${chan}`,
      expect.stringMatching(new RegExp(`^${S}353 ${nick} = ${chan} :?@${nick}$`)),
      `:${host.name} 366 ${nick} ${chan} :End of /NAMES list`,
    ]);
  });

  it('shows a second JOIN to both members and lists both in NAMES', async () => {
    const { chan, op, opNick, member, memberNick } = await opAndMember();
    expect(member.lines).toContain(`:${mask(memberNick)} JOIN ${chan}`);
    expect(member.lines).toContain(`:${host.name} 353 ${memberNick} = ${chan} :@${opNick} ${memberNick}`);
    op.send(`NAMES ${chan}`);
    expect(await op.waitFor(/ 353 /)).toBe(`:${host.name} 353 ${opNick} = ${chan} :@${opNick} ${memberNick}`);
  });

  it('shows PART with its reason to every member, and the leaver is gone from NAMES', async () => {
    const { chan, op, opNick, member, memberNick } = await opAndMember();
    member.send(`PART ${chan} :gone fishing`);
    const expected = new RegExp(`^:${re(mask(memberNick))} PART ${chan} :?gone fishing$`);
    expect(await member.waitFor(/ PART /)).toMatch(expected);
    expect(await op.waitFor(/ PART /)).toMatch(expected);
    op.send(`NAMES ${chan}`);
    expect(await op.waitFor(/ 353 /)).toMatch(new RegExp(`^${S}353 ${opNick} = ${chan} :?@${opNick}$`));
    member.send(`PART ${chan}`);
    expect(await member.waitFor(/ 442 /)).toBe(`:${host.name} 442 ${memberNick} ${chan} :You're not on that channel`);
  });

  it('sets a topic seen by all, and shows it with 332/333 to later joiners', async () => {
    const { chan, op, opNick, member, memberNick } = await opAndMember();
    op.send(`TOPIC ${chan} :Release party at noon`);
    const topicLine = `:${mask(opNick)} TOPIC ${chan} :Release party at noon`;
    expect(await op.waitFor(/ TOPIC /)).toBe(topicLine);
    expect(await member.waitFor(/ TOPIC /)).toBe(topicLine);

    const lateNick = pool.nick('late');
    const late = await pool.registered(lateNick);
    late.send(`JOIN ${chan}`);
    expect(await late.waitFor(/ 332 /)).toBe(`:${host.name} 332 ${lateNick} ${chan} :Release party at noon`);
    expect(await late.waitFor(/ 333 /)).toMatch(new RegExp(`^${S}333 ${lateNick} ${chan} ${re(mask(opNick))} \\d+$`));
    member.send(`TOPIC ${chan}`);
    expect(await member.waitFor(/ 332 /)).toBe(`:${host.name} 332 ${memberNick} ${chan} :Release party at noon`);
  });

  it("refuses KICK from a non-op with 482, and shows an op's KICK to everyone", async () => {
    const { chan, op, opNick, member, memberNick } = await opAndMember();
    member.send(`KICK ${chan} ${opNick} :mutiny`);
    expect(await member.waitFor(/ 482 /)).toBe(`:${host.name} 482 ${memberNick} ${chan} :You're not channel operator`);

    op.send(`KICK ${chan} ${memberNick} :behave yourself`);
    const kick = `:${mask(opNick)} KICK ${chan} ${memberNick} :behave yourself`;
    expect(await op.waitFor(/ KICK /)).toBe(kick);
    expect(await member.waitFor(/ KICK /)).toBe(kick);
    member.send(`PRIVMSG ${chan} :still here?`);
    expect(await member.waitFor(/ 404 /)).toMatch(new RegExp(`^${S}404 ${memberNick} ${chan} :Cannot send to channel`));
  });

  it('applies MODE +o and +v, visible to all and in NAMES prefixes', async () => {
    const { chan, op, opNick, member, memberNick } = await opAndMember();
    op.send(`MODE ${chan} +v ${memberNick}`);
    expect(await member.waitFor(/ MODE /)).toBe(`:${mask(opNick)} MODE ${chan} +v ${memberNick}`);
    op.send(`MODE ${chan} +o ${memberNick}`);
    expect(await member.waitFor(/ MODE /)).toBe(`:${mask(opNick)} MODE ${chan} +o ${memberNick}`);
    expect(await op.waitFor(new RegExp(`MODE ${chan} \\+o`))).toBe(`:${mask(opNick)} MODE ${chan} +o ${memberNick}`);
    // Now an op, the member can change modes too.
    member.send(`MODE ${chan} -o ${opNick}`);
    expect(await op.waitFor(new RegExp(`MODE ${chan} -o`))).toBe(`:${mask(memberNick)} MODE ${chan} -o ${opNick}`);
    op.send(`MODE ${chan} +t`);
    expect(await op.waitFor(/ 482 /)).toBe(`:${host.name} 482 ${opNick} ${chan} :You're not channel operator`);
  });

  it('keeps out a wrong key with 475 (+k) and lets the right key in', async () => {
    const { chan, op, opNick, member, memberNick } = await opAndMember();
    op.send(`MODE ${chan} +k s3cret`);
    expect(await member.waitFor(/ MODE /)).toBe(`:${mask(opNick)} MODE ${chan} +k s3cret`);
    member.send(`PART ${chan}`);
    await member.waitFor(/ PART /);
    member.send(`JOIN ${chan} wrong`);
    expect(await member.waitFor(/ 475 /)).toBe(`:${host.name} 475 ${memberNick} ${chan} :Cannot join channel (+k)`);
    member.send(`JOIN ${chan}`);
    expect(await member.waitFor(/ 475 /)).toBe(`:${host.name} 475 ${memberNick} ${chan} :Cannot join channel (+k)`);
    member.send(`JOIN ${chan} s3cret`);
    expect(await member.waitFor(/ JOIN /)).toBe(`:${mask(memberNick)} JOIN ${chan}`);
  });

  it('keeps out joiners past the +l limit with 471', async () => {
    const { chan, op, opNick } = await opAndMember();
    op.send(`MODE ${chan} +l 2`);
    expect(await op.waitFor(/ MODE /)).toBe(`:${mask(opNick)} MODE ${chan} +l 2`);
    const thirdNick = pool.nick('third');
    const third = await pool.registered(thirdNick);
    third.send(`JOIN ${chan}`);
    expect(await third.waitFor(/ 471 /)).toBe(`:${host.name} 471 ${thirdNick} ${chan} :Cannot join channel (+l)`);
  });

  it('keeps out the uninvited with 473 (+i); INVITE sends 341 and the INVITE line, then JOIN works', async () => {
    const chan = channel();
    const opNick = pool.nick('inv');
    const guestNick = pool.nick('guest');
    const op = await pool.registered(opNick);
    const guest = await pool.registered(guestNick);
    op.send(`JOIN ${chan}`);
    op.send(`MODE ${chan} +i`);
    expect(await op.waitFor(/ MODE /)).toBe(`:${mask(opNick)} MODE ${chan} +i`);
    guest.send(`JOIN ${chan}`);
    expect(await guest.waitFor(/ 473 /)).toBe(`:${host.name} 473 ${guestNick} ${chan} :Cannot join channel (+i)`);

    op.send(`INVITE ${guestNick} ${chan}`);
    expect(await op.waitFor(/ 341 /)).toBe(`:${host.name} 341 ${opNick} ${guestNick} ${chan}`);
    expect(await guest.waitFor(/ INVITE /)).toMatch(
      new RegExp(`^:${re(mask(opNick))} INVITE ${guestNick} :?${re(chan)}$`),
    );
    guest.send(`JOIN ${chan}`);
    expect(await guest.waitFor(/ JOIN /)).toBe(`:${mask(guestNick)} JOIN ${chan}`);
    expect(await op.waitFor(/ JOIN /)).toBe(`:${mask(guestNick)} JOIN ${chan}`);
  });

  it('keeps out a banned mask with 474 (+b) unless an exception matches (+e)', async () => {
    const { chan, op, opNick, member, memberNick } = await opAndMember();
    op.send(`KICK ${chan} ${memberNick}`);
    await member.waitFor(/ KICK /);
    op.send(`MODE ${chan} +b ${memberNick}!*@*`);
    expect(await op.waitFor(/ MODE /)).toBe(`:${mask(opNick)} MODE ${chan} +b ${memberNick}!*@*`);
    member.send(`JOIN ${chan}`);
    expect(await member.waitFor(/ 474 /)).toBe(`:${host.name} 474 ${memberNick} ${chan} :Cannot join channel (+b)`);

    op.send(`MODE ${chan} b`);
    expect(await op.waitFor(/ 367 /)).toMatch(
      new RegExp(`^${S}367 ${opNick} ${chan} ${re(memberNick)}!\\*@\\* ${re(mask(opNick))} \\d+$`),
    );
    expect(await op.waitFor(/ 368 /)).toBe(`:${host.name} 368 ${opNick} ${chan} :End of channel ban list`);

    op.send(`MODE ${chan} +e *!~${memberNick}@127.0.0.1`);
    expect(await op.waitFor(/ MODE /)).toBe(`:${mask(opNick)} MODE ${chan} +e *!~${memberNick}@127.0.0.1`);
    member.send(`JOIN ${chan}`);
    expect(await member.waitFor(/ JOIN /)).toBe(`:${mask(memberNick)} JOIN ${chan}`);
  });

  it('refuses unvoiced speech on +m with 404 and lets voiced members speak', async () => {
    const { chan, op, member, memberNick } = await opAndMember();
    op.send(`MODE ${chan} +m`);
    await member.waitFor(/ MODE /);
    member.send(`PRIVMSG ${chan} :can anyone hear me`);
    expect(await member.waitFor(/ 404 /)).toBe(`:${host.name} 404 ${memberNick} ${chan} :Cannot send to channel (+m)`);
    op.send(`MODE ${chan} +v ${memberNick}`);
    await member.waitFor(/ MODE /);
    member.send(`PRIVMSG ${chan} :now I can`);
    expect(await op.waitFor(/ PRIVMSG /)).toBe(`:${mask(memberNick)} PRIVMSG ${chan} :now I can`);
    // The op never got the muted line.
    expect(op.lines.filter((l) => l.includes('can anyone hear me'))).toEqual([]);
  });

  it('refuses messages from outside on +n with 404, and allows them after -n', async () => {
    const { chan, op, opNick } = await opAndMember();
    const outsiderNick = pool.nick('out');
    const outsider = await pool.registered(outsiderNick);
    outsider.send(`PRIVMSG ${chan} :knock knock`);
    expect(await outsider.waitFor(/ 404 /)).toBe(
      `:${host.name} 404 ${outsiderNick} ${chan} :Cannot send to channel (+n)`,
    );
    op.send(`MODE ${chan} -n`);
    expect(await op.waitFor(/ MODE /)).toBe(`:${mask(opNick)} MODE ${chan} -n`);
    outsider.send(`PRIVMSG ${chan} :knock knock`);
    expect(await op.waitFor(/ PRIVMSG /)).toBe(`:${mask(outsiderNick)} PRIVMSG ${chan} :knock knock`);
  });

  it('parts every channel on JOIN 0, seen by the other members', async () => {
    const { chan, op, member, memberNick } = await opAndMember();
    const second = channel();
    member.send(`JOIN ${second}`);
    await member.waitFor(/ 366 /);
    member.send('JOIN 0');
    const parts = [await member.waitFor(/ PART /), await member.waitFor(/ PART /)].sort();
    expect(parts).toEqual(
      [`:${mask(memberNick)} PART ${chan}`, `:${mask(memberNick)} PART ${second}`]
        .sort()
        .map((l): unknown => expect.stringMatching(new RegExp(`^${re(l)}( :?.*)?$`))),
    );
    expect(await op.waitFor(/ PART /)).toMatch(new RegExp(`^${re(`:${mask(memberNick)} PART ${chan}`)}( :?.*)?$`));
  });

  it('answers JOIN of a bad channel name with 403 and MODE on an unknown channel with 403', async () => {
    const nick = pool.nick('bad');
    const client = await pool.registered(nick);
    client.send('JOIN nochanprefix');
    expect(await client.waitFor(/ 403 /)).toMatch(new RegExp(`^${S}403 ${nick} nochanprefix :`));
    client.send('MODE #never-created');
    expect(await client.waitFor(/ 403 /)).toBe(`:${host.name} 403 ${nick} #never-created :No such channel`);
  });
});
