import { IrcTestClient, type Endpoint } from '@portalchat/testkit';

/** One `364 RPL_LINKS` line: `<server> <uplink> :<hops> <description>`. */
export interface LinkEntry {
  server: string;
  uplink: string;
  hops: number;
  description: string;
}

let probeSerial = 0;

/** The servers a LINKS from `client` lists (reads up to the 365). */
export async function askLinks(client: IrcTestClient, timeoutMs = 5000): Promise<LinkEntry[]> {
  const from = client.lines.length;
  client.send('LINKS');
  const end = await client.waitFor(/^:\S+ 365 /, timeoutMs);
  const lines = client.lines.slice(from, client.lines.lastIndexOf(end));
  return lines.flatMap((line) => {
    const [, server, uplink, hops, description] = /^:\S+ 364 \S+ (\S+) (\S+) :(\d+) ?(.*)$/.exec(line) ?? [];
    return server !== undefined && uplink !== undefined && hops !== undefined
      ? [{ server, uplink, hops: Number(hops), description: description ?? '' }]
      : [];
  });
}

/** LINKS as seen by a short-lived client on the server at `irc`. */
export async function linksOf(irc: Endpoint): Promise<LinkEntry[]> {
  const client = await IrcTestClient.connect(irc);
  try {
    await client.register(`lnk${process.pid % 1000}x${++probeSerial}`);
    return await askLinks(client);
  } finally {
    client.send('QUIT');
    client.close();
  }
}
