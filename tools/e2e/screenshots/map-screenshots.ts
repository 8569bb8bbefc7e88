/**
 * Screenshots of the network map (issue 14) from the running product, for docs/screenshots/:
 * the reference star (Chatsrv1 and Chatsrv2 linked through Chatsrv3) on real hosts, a few IRC
 * users in channels on each, and Chatsrv1's /map in headless Chromium at desktop (1280×800) and
 * phone (390×844) sizes; then Chatsrv2's portal stops and the desktop map is taken again while
 * the split is pending. Not a test: it asserts nothing beyond waiting for what it photographs.
 *
 * Run (after building: node tools/build.js):
 *   npx esbuild tools/e2e/screenshots/map-screenshots.ts --bundle --platform=node --packages=external \
 *     --outfile=tmp/map-screenshots.js && node tmp/map-screenshots.js [output directory]
 */
import { join } from 'node:path';
import { ClientPool, type IrcTestClient } from '@portalchat/testkit';
import { launchBrowser } from '@portalchat/testkit/browser';
import { MapPage } from '../test/support/map-page';
import { startTestNetwork } from '../test/support/network';

const OUT = process.argv[2] ?? join('docs', 'screenshots');
const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };
/** Users and channels per leaf, so the hosts show some life. */
const USERS: Record<string, { nicks: string[]; channels: string[] }> = {
  Chatsrv1: { nicks: ['alice', 'bob', 'carol'], channels: ['#lobby', '#help'] },
  Chatsrv2: { nicks: ['dave', 'erin'], channels: ['#lobby', '#games'] },
  Chatsrv3: { nicks: ['frank'], channels: ['#lobby'] },
};

async function main(): Promise<void> {
  const net = await startTestNetwork(
    [
      ['Chatsrv1', 'Chatsrv3'],
      ['Chatsrv2', 'Chatsrv3'],
    ],
    { websocket: true, splitGraceMs: 30_000 },
  );
  const clients: IrcTestClient[] = [];
  const browser = await launchBrowser();
  try {
    await net.waitLinked();
    for (const [host, { nicks, channels }] of Object.entries(USERS)) {
      const pool = new ClientPool(() => net.host(host));
      for (const nick of nicks) {
        const client = await pool.registered(nick);
        clients.push(client);
        for (const channel of channels) {
          client.send(`JOIN ${channel}`);
          await client.waitFor(/ 366 /);
        }
      }
    }
    const showing = async (page: MapPage) => {
      // Users counted on all three hosts and every own link's figures in: what a settled map shows.
      await page.until(
        'counts and figures',
        async (p) => ((await p.nodes()).filter((n) => /\d+ users?/.test(n.label)).length === 3 ? true : undefined),
        20_000,
      );
      await page.page.waitForTimeout(2500); // the layout settles, and the rates have a second to count
    };
    for (const [size, viewport] of Object.entries(SIZES)) {
      const page = await MapPage.open(browser, net.host('Chatsrv1'), viewport);
      await showing(page);
      await page.page.screenshot({ path: join(OUT, `map-${size}.png`) });
      await page.close();
    }
    const page = await MapPage.open(browser, net.host('Chatsrv1'), SIZES.desktop);
    await showing(page);
    await net.host('Chatsrv2').stopPortal();
    await page.until('the split', async (p) =>
      (await p.edges()).some((e) => e.state === 'pending-split') ? true : undefined,
    );
    await page.page.waitForTimeout(1500); // past the flare of the netsplit
    await page.page.screenshot({ path: join(OUT, 'map-netsplit.png') });
    console.log(`wrote map-desktop.png, map-phone.png and map-netsplit.png to ${OUT}`);
  } finally {
    for (const client of clients) client.close();
    await browser.close();
    await net.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
