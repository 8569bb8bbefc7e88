import { parseMessage } from '@portalchat/protocol';
import { autoReplies } from './auto-replies';
import { FIRST_RETRY_MS, MAX_RETRY_MS, retryDelay } from './backoff';
import { parseInput, type InputContext } from './input-commands';
import { DEFAULT_SUPPORT } from './isupport';
import { initialState } from './reducer';

const inChannel: InputContext = { target: '#chat', support: DEFAULT_SUPPORT, ircx: true };

describe('parseInput', () => {
  it('sends plain text to the open window and shows it', () => {
    expect(parseInput('hello there', inChannel)).toEqual({
      send: ['PRIVMSG #chat :hello there'],
      shown: { target: '#chat', text: 'hello there', kind: 'message' },
    });
  });

  it('sends a line starting with // as text', () => {
    expect(parseInput('//not a command', inChannel).send).toEqual(['PRIVMSG #chat :/not a command']);
  });

  it.each([
    ['/join chat', ['JOIN #chat']],
    ['/join #a key', ['JOIN #a key']],
    ['/part', ['PART #chat']],
    ['/part #other bye now', ['PART #other :bye now']],
    ['/msg bob hi there', ['PRIVMSG bob :hi there']],
    ['/me waves', ['PRIVMSG #chat :\x01ACTION waves\x01']],
    ['/whisper bob,carol psst', ['WHISPER #chat bob,carol :psst']],
    ['/topic new topic', ['TOPIC #chat :new topic']],
    ['/kick bob go away', ['KICK #chat bob :go away']],
    ['/op bob', ['MODE #chat +o bob']],
    ['/devoice bob', ['MODE #chat -v bob']],
    ['/nick newme', ['NICK newme']],
    ['/list', ['LISTX']],
    ['/quit', ['QUIT :Leaving']],
    ['/quote WHOIS bob', ['WHOIS bob']],
  ])('%s sends %j', (text, send) => expect(parseInput(text, inChannel).send).toEqual(send));

  it('uses LIST on a plain session, and refuses WHISPER there', () => {
    const plain = { ...inChannel, ircx: false };
    expect(parseInput('/list', plain).send).toEqual(['LIST']);
    expect(parseInput('/whisper bob hi', plain).send).toEqual([]);
    expect(parseInput('/whisper bob hi', plain).error).toContain('IRCX');
  });

  it('marks /quit as leaving for good', () => {
    expect(parseInput('/quit see you', inChannel)).toEqual({ send: ['QUIT :see you'], quit: true });
  });

  it('never sends a CR or LF inside a line', () => {
    expect(parseInput('a\r\nQUIT :x', inChannel).send).toEqual(['PRIVMSG #chat :a QUIT :x']);
  });

  it('explains what is wrong instead of sending', () => {
    expect(parseInput('/kick', inChannel).error).toContain('Usage');
    expect(parseInput('hi', { ...inChannel, target: undefined }).error).toContain('server window');
    expect(parseInput('/frobnicate', inChannel).error).toContain('Unknown command /frobnicate');
  });

  it('opens a private chat with /query and with /msg', () => {
    expect(parseInput('/query bob', inChannel)).toEqual({ send: [], open: 'bob' });
    expect(parseInput('/msg bob hi', inChannel)).toMatchObject({ open: 'bob', shown: { target: 'bob', text: 'hi' } });
  });
});

describe('retryDelay', () => {
  it('doubles from one second up to a minute, with up to 30 % jitter', () => {
    expect([0, 1, 2, 3].map((n) => retryDelay(n, 0))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelay(20, 0)).toBe(MAX_RETRY_MS);
    expect(retryDelay(0, 1)).toBe(FIRST_RETRY_MS * 1.3);
    expect(retryDelay(0, 7)).toBe(FIRST_RETRY_MS * 1.3);
  });
});

describe('autoReplies', () => {
  const withCaps = (caps: string[]) => ({ ...initialState('me'), caps });

  it('answers PING', () => {
    expect(autoReplies(withCaps([]), parseMessage('PING :abc'))).toEqual(['PONG :abc']);
  });

  it('asks for the latest history of a channel it joins when chathistory is on', () => {
    const join = parseMessage(':me!~me@h JOIN #chat');
    expect(autoReplies(withCaps(['batch', 'draft/chathistory']), join)).toEqual(['CHATHISTORY LATEST #chat * 50']);
    expect(autoReplies(withCaps(['batch']), join)).toEqual([]);
    expect(autoReplies(withCaps(['batch', 'draft/chathistory']), parseMessage(':bob!~b@h JOIN #chat'))).toEqual([]);
  });
});
