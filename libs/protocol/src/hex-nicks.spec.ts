import { parseMessage, serializeMessage } from './message';
import { plainNickLine, plainNickView } from './hex-nicks';

/** IRCX draft-04 §2.2: plain clients see `'` Unicode nicks as `^hex`. `'大` is `^e5a4a7`. */
describe('plainNickView', () => {
  const view = (line: string): string => serializeMessage(plainNickView(parseMessage(line)));

  it.each([
    // sources
    [":'大!~big@h PRIVMSG #c :hi '大", ":^e5a4a7!~big@h PRIVMSG #c :hi '大"],
    [":'大!~big@h JOIN #c", ':^e5a4a7!~big@h JOIN #c'],
    [":'大!~big@h QUIT :'大 left", ":^e5a4a7!~big@h QUIT :'大 left"],
    // nick parameters
    [":bob!~bob@h PRIVMSG '大 :'大 hello", ":bob!~bob@h PRIVMSG ^e5a4a7 :'大 hello"],
    [":'大!~big@h NICK 'ab", ':^e5a4a7!~big@h NICK ^6162'],
    [":op!~op@h KICK #c '大 :'大 out", ":op!~op@h KICK #c ^e5a4a7 :'大 out"],
    [":op!~op@h MODE #c +ob '大 '大!*@*", ':op!~op@h MODE #c +ob ^e5a4a7 ^e5a4a7!*@*'],
    [":op!~op@h INVITE '大 #c", ':op!~op@h INVITE ^e5a4a7 #c'],
    // numerics
    [":srv 353 bob = #c :@'大 +bob ~'ab!~x@h", ':srv 353 bob = #c :@^e5a4a7 +bob ~^6162!~x@h'],
    [":srv 352 bob #c ~big h srv '大 H@ :0 '大 real", ":srv 352 bob #c ~big h srv ^e5a4a7 H@ :0 '大 real"],
    [":srv 354 bob 42 '大 :'大 real", ":srv 354 bob 42 ^e5a4a7 :'大 real"],
    [":srv 311 bob '大 ~big h * :'大", ":srv 311 bob ^e5a4a7 ~big h * '大"],
    [":srv 302 bob :'大*=+~big@h bob=-~bob@h", ':srv 302 bob :^e5a4a7*=+~big@h bob=-~bob@h'],
    [":srv 303 bob :'大 bob", ':srv 303 bob :^e5a4a7 bob'],
    [":srv 730 bob :'大!~big@h,bob!~bob@h", ':srv 730 bob ^e5a4a7!~big@h,bob!~bob@h'],
    [":srv 333 bob #c '大!~big@h 1700000000", ':srv 333 bob #c ^e5a4a7!~big@h 1700000000'],
    [":srv BATCH +x chathistory '大", ':srv BATCH +x chathistory ^e5a4a7'],
  ])('%s', (line, plain) => {
    expect(view(line)).toBe(plain);
  });

  it('returns the message itself when it names no Unicode nick', () => {
    const msg = parseMessage(":bob!~bob@h PRIVMSG #c :don't 'x");
    expect(plainNickView(msg)).toBe(msg);
  });

  it("leaves a lone ' and server sources alone", () => {
    const msg = parseMessage(":srv 401 bob ' :No such nick/channel");
    expect(plainNickView(msg)).toBe(msg);
  });
});

describe('plainNickLine', () => {
  it('rewrites a serialised line, and returns lines without a quote as they are', () => {
    expect(plainNickLine("@time=x :'大!~big@h PRIVMSG bob :hi")).toBe('@time=x :^e5a4a7!~big@h PRIVMSG bob hi');
    const line = ':bob!~bob@h PRIVMSG #c :hello';
    expect(plainNickLine(line)).toBe(line);
  });
});
