import { COMMANDS } from '../commands/registry';
import { Harness } from '../testing/harness';
import { HELP_TOPICS } from './help';

describe('HELP', () => {
  it('irctest testHelpNoArg: answers 704, 705 lines and 706 with one subject', () => {
    const alice = new Harness().connect('alice');
    const lines = alice.ask('HELP');
    expect(lines[0]).toBe(':irc.test 704 alice * :Commands (HELP <command> for details):');
    expect(lines.slice(1, -1).every((l) => l.startsWith(':irc.test 705 alice * :'))).toBe(true);
    expect(lines.at(-1)).toBe(':irc.test 706 alice * :End of /HELP');
  });

  it('irctest testHelpPrivmsg: gives the syntax of a command, whatever the case asked', () => {
    const alice = new Harness().connect('alice');
    expect(alice.ask('HELPOP privmsg')).toEqual([
      ':irc.test 704 alice PRIVMSG :PRIVMSG <target>{,<target>} :<text>',
      ':irc.test 705 alice PRIVMSG :Sends a message to users or channels (@#chan reaches its operators).',
      ':irc.test 706 alice PRIVMSG :End of /HELP',
    ]);
  });

  it('irctest testHelpUnknownSubject: answers 524 alone', () => {
    const alice = new Harness().connect('alice');
    expect(alice.ask('HELP THISISNOTACOMMAND')).toEqual([
      ':irc.test 524 alice THISISNOTACOMMAND :No help available on this topic',
    ]);
  });

  it('has a topic for every command the server knows', () => {
    const missing = Object.keys(COMMANDS).filter((name) => name !== 'HELPOP' && !HELP_TOPICS[name]);
    expect(missing).toEqual([]);
  });
});
