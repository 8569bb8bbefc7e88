import { makeConfig } from '../testing/harness';
import {
  channelModeLetters,
  ENABLED_FEATURES,
  enabledIsupportLines,
  ISUPPORT_TOKENS_PER_LINE,
  isupportLines,
  isupportTokens,
} from './isupport';

describe('isupportTokens', () => {
  it('advertises the configured limits and the modes the server knows', () => {
    const config = makeConfig({
      server: { network: 'ExampleNet' },
      limits: { nickLength: 9, channelLength: 50, maxTargets: 3, maxListEntries: 60, maxChannelsPerUser: 7 },
    });
    const tokens = isupportTokens(config);
    expect(tokens).toEqual(
      expect.arrayContaining([
        'CASEMAPPING=rfc1459',
        'CHANTYPES=#&%',
        'PREFIX=(qov)~@+',
        'CHANMODES=beI,k,l,adfhimnprstuwxzS',
        'NICKLEN=9',
        'CHANNELLEN=50',
        'MAXLIST=beI:60',
        'CHANLIMIT=#&%:7',
        'TARGMAX=KICK:3,NOTICE:3,PRIVMSG:3,USERHOST:5,WHOIS:3',
        'NETWORK=ExampleNet',
        'EXCEPTS=e',
        'INVEX=I',
      ]),
    );
  });

  it('shows the owner as `.` to IRCX sessions and `~` to plain ones (PREFIX)', () => {
    expect(isupportTokens(makeConfig(), {}, true)).toContain('PREFIX=(qov).@+');
    expect(isupportTokens(makeConfig(), {}, false)).toContain('PREFIX=(qov)~@+');
    // STATUSMSG names only what messaging delivers, in both personalities.
    expect(isupportTokens(makeConfig(), { statusMsg: true }, true)).toContain('STATUSMSG=@+');
  });

  it('leaves out features the handlers do not declare', () => {
    const tokens = isupportTokens(makeConfig());
    expect(tokens.some((t) => /^(STATUSMSG|ELIST|SAFELIST)/.test(t))).toBe(false);
    const withFeatures = isupportTokens(makeConfig(), { statusMsg: true, elist: 'MNU' });
    expect(withFeatures).toEqual(expect.arrayContaining(['STATUSMSG=@+', 'ELIST=MNU']));
  });

  it('never repeats a token name', () => {
    const names = isupportTokens(makeConfig(), { statusMsg: true, elist: 'MNU', safeList: true }).map(
      (t) => t.split('=')[0],
    );
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('isupportLines', () => {
  it('puts at most 13 tokens on a line and keeps them all', () => {
    const config = makeConfig();
    const lines = isupportLines(config);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(ISUPPORT_TOKENS_PER_LINE);
    expect(lines.flat()).toEqual(isupportTokens(config));
  });
});

describe('enabledIsupportLines', () => {
  it('are the lines of the enabled features, for each personality, as the host file now says', () => {
    const config = makeConfig();
    expect(enabledIsupportLines(config, false)).toEqual(isupportLines(config, ENABLED_FEATURES, false));
    expect(enabledIsupportLines(config, true)).toEqual(isupportLines(config, ENABLED_FEATURES, true));
    expect(enabledIsupportLines(config, true)).not.toEqual(enabledIsupportLines(config, false));
    // A reload brings a new host file object: its lines, not the ones worked out before.
    const reloaded = makeConfig({ limits: { nickLength: 17 } });
    expect(enabledIsupportLines(reloaded, false).flat()).toContain('NICKLEN=17');
    expect(enabledIsupportLines(config, false).flat()).not.toContain('NICKLEN=17');
  });
});

describe('channelModeLetters', () => {
  it('lists every channel mode and those taking a parameter (004)', () => {
    expect(channelModeLetters()).toEqual({ all: 'ISabdefhiklmnopqrstuvwxz', withParam: 'Ibekloqv' });
  });
});
