/** The server software's version, as 002, 004 and VERSION (351) show it. The one place to change it. */
export const SERVER_SOFTWARE = 'portalchat' as const;
export const SERVER_SOFTWARE_VERSION = '0.1.0' as const;
export const SERVER_VERSION = `${SERVER_SOFTWARE}-${SERVER_SOFTWARE_VERSION}` as const;
