// The web chat client (issue 14 §1) in headless Chromium against the reference star (Chatsrv1 and
// Chatsrv2 through the hub Chatsrv3), every page loaded from a host's own WebSocket listener: two
// browser users on different hosts chat in a channel, privately and by WHISPER; a third joins
// later and reads the history; an IRCX owner logged in with IRCX AUTH kicks a plain TCP client; a
// page whose gateway restarts reconnects and rejoins.
// PORTALCHAT_SCREENSHOTS=<dir> also saves the screenshots the README shows (docs/screenshots).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { hashPassword } from '@portalchat/config';
import { defined, re } from '@portalchat/testkit';
import { launchBrowser } from '@portalchat/testkit/browser';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { networkSuite } from './support/network-suite';

jest.setTimeout(60_000);

const OWNER_ACCOUNT = 'webowner';
const OWNER_PASSWORD = 'e2e-web-owner-password';
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

describe('the web chat client on the reference network', () => {
  const passwordHash = hashPassword(OWNER_PASSWORD);
  const suite = networkSuite(
    [
      ['Chatsrv1', 'Chatsrv3'],
      ['Chatsrv2', 'Chatsrv3'],
    ],
    {
      websocket: true,
      // An `admin` account is a sysop manager: owner (`.`) of every channel it joins.
      hostExtras: () => ({ accounts: [{ name: OWNER_ACCOUNT, passwordHash, level: 'admin' }] }),
    },
  );
  const { pool, nick, channel } = suite;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
  });
  afterAll(async () => {
    await browser?.close();
  });

  function pageUrl(host: string): string {
    const l = defined(suite.net.host(host).config.listen.websocket[0], `${host}'s WebSocket listener`);
    return `http://${l.host}:${l.port}/`;
  }

  async function newPage(options: { viewport?: { width: number; height: number }; dark?: boolean } = {}) {
    const context = await defined(browser, 'the browser').newContext({
      viewport: options.viewport ?? DESKTOP,
      colorScheme: options.dark ? 'dark' : 'light',
    });
    contexts.push(context);
    return context.newPage();
  }

  /** Opens the chat page of `host` and connects as `nickname`, optionally logging in (SASL PLAIN or IRCX AUTH). */
  async function connect(
    host: string,
    nickname: string,
    login?: { method: 'sasl' | 'ircx'; account: string; password: string },
  ) {
    const page = await newPage();
    await page.goto(pageUrl(host));
    await page.fill('input[name=nick]', nickname);
    if (login) {
      await page.check(`input[name=auth][value=${login.method}]`);
      await page.fill('input[name=account]', login.account);
      await page.fill('input[name=password]', login.password);
    }
    await page.click('button[type=submit]');
    await page.locator('input[name=message]:not([disabled])').waitFor();
    await line(page, `Welcome`);
    return page;
  }

  /** Waits for a line containing `text` in the open window; returns its element's classes. */
  async function line(page: Page, text: string): Promise<string> {
    const found = page.locator('.messages .line', { hasText: text }).last();
    await found.waitFor();
    return (await found.getAttribute('class')) ?? '';
  }

  async function type(page: Page, text: string): Promise<void> {
    await page.fill('input[name=message]', text);
    await page.press('input[name=message]', 'Enter');
  }

  /** The member list of the open channel, as shown: prefix and nick. */
  async function members(page: Page): Promise<string[]> {
    const items = await page.locator('.members .member').all();
    return Promise.all(items.map(async (item) => ((await item.textContent()) ?? '').trim()));
  }

  async function openWindow(page: Page, name: string): Promise<void> {
    await page.click(`.buffer[data-buffer="${name}"]`);
    await page.locator('.chat-head h2', { hasText: name }).waitFor();
  }

  it('every host serves the page and its assets at / of its WebSocket listener', async () => {
    for (const host of suite.net.hosts) {
      const page = await fetch(pageUrl(host.name));
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const html = await page.text();
      const script = defined(/src="(assets\/app-[^"]+\.js)"/.exec(html)?.[1], `the script in ${html}`);
      const asset = await fetch(pageUrl(host.name) + script);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('cache-control')).toContain('immutable');
      expect((await fetch(pageUrl(host.name) + 'assets/nothing-here.js')).status).toBe(404);
    }
  });

  it('two browser users on Chatsrv1 and Chatsrv2 chat in a channel, whisper, talk privately; a third reads the history', async () => {
    const [aliceNick, bobNick, carolNick, chan] = [nick('alice'), nick('bob'), nick('carol'), channel('web')];
    const alice = await connect('Chatsrv1', aliceNick);
    const bob = await connect('Chatsrv2', bobNick);

    // Alice creates the channel from the channel list's join field: she is its host (IRCX `@`).
    await alice.click('.channels-button');
    await alice.fill('input[name=channel]', chan);
    await alice.press('input[name=channel]', 'Enter');
    await alice.locator('.chat-head h2', { hasText: chan }).waitFor();
    await type(alice, `/topic Web chat across portals`);
    await alice.locator('.chat-head .topic', { hasText: 'Web chat across portals' }).waitFor();

    // Bob finds it in the channel list (LISTX: his session is IRCX) and joins with a click.
    await bob.click('.channels-button');
    await bob.locator(`.channel-entry[data-channel="${chan}"]`).click();
    await bob.locator('.chat-head h2', { hasText: chan }).waitFor();
    await bob.locator('.chat-head .topic', { hasText: 'Web chat across portals' }).waitFor();
    await alice.locator('.members .member', { hasText: bobNick }).waitFor();
    expect(await members(alice)).toEqual([`@${aliceNick}`, bobNick]);
    expect(await members(bob)).toEqual([`@${aliceNick}`, bobNick]);

    await type(alice, 'hello from Chatsrv1');
    await line(bob, 'hello from Chatsrv1');
    // Her own line comes back once (echo-message), not again from the history asked on joining.
    expect(await alice.locator('.messages .line', { hasText: 'hello from Chatsrv1' }).count()).toBe(1);
    await type(bob, `${aliceNick}: hi from Chatsrv2`);
    // Her nick in his line: a mention, highlighted.
    expect(await line(alice, 'hi from Chatsrv2')).toContain('mention');

    // A WHISPER in the IRCX channel: only bob sees it, marked as a whisper.
    await type(alice, `/whisper ${bobNick} just between us`);
    expect(await line(bob, 'just between us')).toContain('whisper');

    // Bob opens a private chat from the member list; alice gets a new window with an unread badge.
    await bob.click(`.members .member:has-text("${aliceNick}")`);
    await bob.locator('.chat-head h2', { hasText: aliceNick }).waitFor();
    await type(bob, 'a private word');
    const badge = alice.locator(`.buffer[data-buffer="${bobNick}"] .badge`);
    await badge.waitFor();
    expect(await badge.textContent()).toBe('1');
    await openWindow(alice, bobNick);
    expect(await line(alice, 'a private word')).toContain('mention');
    await type(alice, 'and a private answer');
    await line(bob, 'and a private answer');
    // Times come from server-time: the page shows HH:MM.
    expect(await bob.locator('.messages .line time').last().textContent()).toMatch(/\d{1,2}:\d{2}/);

    // Carol joins later on the hub and gets the channel's history (draft/chathistory LATEST).
    const carol = await connect('Chatsrv3', carolNick);
    await type(carol, `/join ${chan}`);
    await carol.locator('.chat-head h2', { hasText: chan }).waitFor();
    expect(await line(carol, 'hello from Chatsrv1')).toContain('history');
    expect(await line(carol, 'hi from Chatsrv2')).toContain('history');
    // The whisper was never hers to read.
    expect(await carol.locator('.messages .line', { hasText: 'just between us' }).count()).toBe(0);

    const dir = process.env['PORTALCHAT_SCREENSHOTS'];
    if (dir) await screenshots(dir, alice, chan);
  });

  it('an IRCX owner in the browser (IRCX AUTH) kicks a user, and a plain TCP client sees the KICK', async () => {
    const [ownerNick, tcpNick, chan] = [nick('owner'), nick('tcp'), channel('kick')];
    const owner = await connect('Chatsrv1', ownerNick, {
      method: 'ircx',
      account: OWNER_ACCOUNT,
      password: OWNER_PASSWORD,
    });
    await type(owner, `/join ${chan}`);
    await owner.locator('.chat-head h2', { hasText: chan }).waitFor();
    await owner.locator('.members .member', { hasText: ownerNick }).waitFor();
    expect(await members(owner)).toEqual([`.${ownerNick}`]);

    const tcp = await pool('Chatsrv2').registered(tcpNick);
    tcp.send(`JOIN ${chan}`);
    // A plain session sees the owner as `~`.
    expect(await tcp.waitFor(/ 353 /)).toMatch(new RegExp(`~${re(ownerNick)}`));
    await owner.locator('.members .member', { hasText: tcpNick }).waitFor();

    await type(owner, `/kick ${tcpNick} out you go`);
    expect(await tcp.waitFor(/ KICK /)).toMatch(
      new RegExp(`^:${re(ownerNick)}!\\S+ KICK ${re(chan)} ${re(tcpNick)} :out you go$`),
    );
    await line(owner, `kicked ${tcpNick}`);
    await owner.locator('.members .member', { hasText: tcpNick }).waitFor({ state: 'detached' });
    expect(await members(owner)).toEqual([`.${ownerNick}`]);
  });

  it('logs in with SASL, reconnects after its gateway restarts, logs in again and rejoins', async () => {
    const [webNick, tcpNick, chan] = [nick('back'), nick('peer'), channel('again')];
    const login = { method: 'sasl', account: OWNER_ACCOUNT, password: OWNER_PASSWORD } as const;
    const page = await connect('Chatsrv2', webNick, login).catch(async (err: Error) => {
      // What the page said (the server window), to tell a slow login from a refused one.
      const texts = await Promise.all(
        contexts
          .flatMap((c) => c.pages())
          .map((p) =>
            p
              .locator('.messages')
              .innerText()
              .catch(() => ''),
          ),
      );
      throw new Error(`${err.message}\npage text:\n${texts.join('\n---\n')}`);
    });
    await line(page, `You are now logged in as ${OWNER_ACCOUNT}`);
    await type(page, `/join ${chan}`);
    await page.locator('.chat-head h2', { hasText: chan }).waitFor();

    await suite.net.host('Chatsrv2').restartService('gateway');
    // The page says it lost the server, then comes back by itself (backoff from 1 s).
    await page.locator('.messages .line.error', { hasText: 'Disconnected' }).first().waitFor();
    await page.locator('input[name=message]:not([disabled])').waitFor({ timeout: 45_000 });
    await page.locator('.members .member', { hasText: webNick }).waitFor();
    const tcp = await pool('Chatsrv1').registered(tcpNick);
    tcp.send(`JOIN ${chan}`);
    await tcp.waitFor(/ 366 /);
    tcp.send(`PRIVMSG ${chan} :welcome back`);
    await line(page, 'welcome back');
    expect(await page.locator('.chat-head h2').textContent()).toBe(chan);
    // Logged in again on the new connection (WHOIS 330 names the account).
    tcp.send(`WHOIS ${webNick}`);
    expect(await tcp.waitFor(/ 330 /)).toMatch(new RegExp(` 330 ${re(tcpNick)} ${re(webNick)} ${OWNER_ACCOUNT} `));
  }, 120_000);

  /** The README's screenshots: the chat page at desktop and phone sizes, and the welcome, light and dark. */
  async function screenshots(dir: string, alice: Page, chan: string): Promise<void> {
    mkdirSync(dir, { recursive: true });
    await alice.click(`.buffer[data-buffer="${chan}"]`);
    await alice.screenshot({ path: join(dir, 'chat-desktop.png') });
    await alice.click('.chat-head button[aria-label*="theme"]');
    await alice.screenshot({ path: join(dir, 'chat-desktop-dark.png') });
    await alice.setViewportSize(PHONE);
    await alice.screenshot({ path: join(dir, 'chat-phone-dark.png') });
    await alice.click('.chat-head button[aria-label*="theme"]');
    await alice.screenshot({ path: join(dir, 'chat-phone.png') });
    await alice.click('.chat-head button[aria-label="Windows"]');
    await alice.screenshot({ path: join(dir, 'windows-phone.png') });
    for (const dark of [false, true]) {
      const welcome = await newPage({ dark });
      await welcome.goto(pageUrl('Chatsrv1'));
      await welcome.locator('form[aria-label=Connect]').waitFor();
      await welcome.screenshot({ path: join(dir, `welcome-${dark ? 'dark' : 'light'}.png`) });
    }
  }
});
