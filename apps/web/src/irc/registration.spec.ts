import { parseMessage } from '@portalchat/protocol';
import { authenticateLines, base64Utf8, plainCredentials } from './base64';
import { nextNick, startRegistration, stepRegistration, type RegistrationOptions, type Step } from './registration';

/** Runs the machine through server lines; returns every line sent and the notes, in order. */
function run(options: RegistrationOptions, lines: string[]): { sent: string[]; notes: string[]; last: Step } {
  let step = startRegistration(options);
  const sent = [...step.send];
  const notes: string[] = [];
  for (const line of lines) {
    step = stepRegistration(step.state, parseMessage(line));
    sent.push(...step.send);
    notes.push(...step.notes);
  }
  return { sent, notes, last: step };
}

const LS =
  ':irc CAP * LS :server-time message-tags batch multi-prefix draft/chathistory sasl=PLAIN,SCRAM-SHA-256 echo-message';

describe('registration', () => {
  it('asks for the capabilities it uses and ends CAP without a login', () => {
    const { sent, last } = run({ nick: 'alice', ircx: false, auth: { kind: 'none' } }, [
      LS,
      ':irc CAP * ACK :server-time message-tags batch multi-prefix draft/chathistory',
      ':irc 001 alice :Welcome',
    ]);
    expect(sent).toEqual([
      'CAP LS 302',
      'NICK alice',
      'USER alice 0 * :Portalchat web',
      'CAP REQ :server-time message-tags batch multi-prefix draft/chathistory echo-message',
      'CAP END',
    ]);
    expect(last.state.phase).toBe('done');
  });

  it('collects a CAP LS that spans several lines before asking', () => {
    const { sent } = run({ nick: 'alice', ircx: false, auth: { kind: 'none' } }, [
      ':irc CAP * LS * :server-time batch',
      ':irc CAP * LS :multi-prefix',
    ]);
    expect(sent.filter((l) => l.startsWith('CAP REQ'))).toEqual(['CAP REQ :server-time batch multi-prefix']);
  });

  it('ends CAP at once when the server offers nothing it uses', () => {
    const { sent } = run({ nick: 'a', ircx: false, auth: { kind: 'none' } }, [':irc CAP * LS :cap-notify']);
    expect(sent.slice(-1)).toEqual(['CAP END']);
  });

  it('logs in with SASL PLAIN before CAP END', () => {
    const { sent, notes } = run(
      { nick: 'alice', ircx: false, auth: { kind: 'sasl', account: 'alice', password: 'pw' } },
      [
        LS,
        ':irc CAP * ACK :server-time message-tags batch multi-prefix draft/chathistory sasl',
        'AUTHENTICATE +',
        ':irc 900 alice alice!a@h alice :You are now logged in as alice',
        ':irc 903 alice :SASL authentication successful',
      ],
    );
    expect(sent.slice(3)).toEqual([
      'CAP REQ :server-time message-tags batch multi-prefix draft/chathistory echo-message sasl',
      'AUTHENTICATE PLAIN',
      `AUTHENTICATE ${plainCredentials('alice', 'pw')}`,
      'CAP END',
    ]);
    expect(notes).toEqual([]);
  });

  it('goes on as a guest, and says so, when SASL fails', () => {
    const { sent, notes } = run(
      { nick: 'alice', ircx: false, auth: { kind: 'sasl', account: 'alice', password: 'no' } },
      [LS, ':irc CAP * ACK :sasl', 'AUTHENTICATE +', ':irc 904 alice :SASL authentication failed'],
    );
    expect(sent.slice(-1)).toEqual(['CAP END']);
    expect(notes).toEqual(['Login failed: SASL authentication failed. Connected as a guest.']);
  });

  it('sends IRCX, then AUTH PLAIN after 800, and the nick only after AUTH succeeded', () => {
    const { sent } = run({ nick: 'owner', ircx: true, auth: { kind: 'ircx', account: 'sysop', password: 'pw' } }, [
      ':irc CAP * LS :server-time',
      ':irc CAP * ACK :server-time',
      ':irc 800 * 1 0 ANON,PLAIN 512 *',
      ':irc AUTH PLAIN * sysop@Portalnet 0',
    ]);
    expect(sent).toEqual([
      'CAP LS 302',
      'IRCX',
      'CAP REQ :server-time',
      'CAP END',
      `AUTH PLAIN I :${plainCredentials('sysop', 'pw')}`,
      'NICK owner',
      'USER owner 0 * :Portalchat web',
    ]);
  });

  it('registers anyway when IRCX AUTH fails (910)', () => {
    const { sent, notes } = run({ nick: 'x', ircx: true, auth: { kind: 'ircx', account: 'a', password: 'b' } }, [
      ':irc 800 * 1 0 ANON,PLAIN 512 *',
      ':irc 910 * PLAIN :Authentication failed',
    ]);
    expect(sent.slice(-2)).toEqual(['NICK x', 'USER x 0 * :Portalchat web']);
    expect(notes[0]).toContain('Authentication failed');
  });

  it('sends IRCX without waiting when there is no IRCX login', () => {
    expect(startRegistration({ nick: 'n', ircx: true, auth: { kind: 'none' } }).send).toEqual([
      'CAP LS 302',
      'IRCX',
      'NICK n',
      'USER n 0 * :Portalchat web',
    ]);
  });

  it('tries another nick when the one asked for is taken', () => {
    const { sent } = run({ nick: 'bob', ircx: false, auth: { kind: 'none' } }, [
      ':irc 433 * bob :Nickname is already in use',
      ':irc 433 * bob_ :Nickname is already in use',
    ]);
    expect(sent.slice(-2)).toEqual(['NICK bob_', 'NICK bob__']);
  });

  it.each([
    ['bob', 'bob_'],
    ['abcdefghijklmno', 'abcdefghijklmn0'],
    ['abcdefghijklmn3', 'abcdefghijklmn4'],
    ['abcdefghijklmn9', 'abcdefghijklmn0'],
  ])('nextNick(%s) is %s', (nick, next) => expect(nextNick(nick)).toBe(next));
});

describe('base64', () => {
  it('encodes UTF-8, not Latin-1', () => {
    expect(base64Utf8('héllo ✓')).toBe('aMOpbGxvIOKckw==');
  });

  it('splits AUTHENTICATE payloads into 400-byte chunks, with + after an exact multiple', () => {
    expect(authenticateLines('a'.repeat(400))).toEqual([`AUTHENTICATE ${'a'.repeat(400)}`, 'AUTHENTICATE +']);
    expect(authenticateLines('b'.repeat(401))).toEqual([`AUTHENTICATE ${'b'.repeat(400)}`, 'AUTHENTICATE b']);
    expect(authenticateLines('')).toEqual(['AUTHENTICATE +']);
  });
});
