/**
 * IRC numeric replies a modern server sends, with their spec names.
 *
 * Sources:
 *  - Modern IRC client protocol, https://modern.ircdocs.horse/#numerics (names preferred here)
 *  - RFC 1459 §6 and RFC 2812 §5 (the original names; differences are noted inline)
 *  - IRCv3: CAP (410), SASL 3.1 (900–908), MONITOR (730–734), STARTTLS (670/691)
 *  - https://defs.ircdocs.horse/defs/numerics (KNOCK 710–716 from hybrid/charybdis/solanum)
 *  - ergochat/ergo irc/numerics.go for what a modern server actually uses
 *
 * Where two names share a code, both are exported; the one listed in NUMERIC_ALIASES
 * (numeric-names.ts) is the alternate and NUMERIC_NAMES shows the other.
 * IRCX numerics (800s, 900s in the IRCX draft) come later, in their own file.
 *
 * Adding a numeric: add the constant here, in code order, with the spec name; if it shares a
 * code, add the alternate name to NUMERIC_ALIASES; numerics.spec.ts checks the rest.
 */

// ── Connection registration ─────────────────────────────────────────────────
export const RPL_WELCOME = '001' as const;
export const RPL_YOURHOST = '002' as const;
export const RPL_CREATED = '003' as const;
export const RPL_MYINFO = '004' as const;
/** RFC 2812 calls 005 RPL_BOUNCE; every modern server sends ISUPPORT here and moved bounce to 010. */
export const RPL_ISUPPORT = '005' as const;
export const RPL_BOUNCE = '010' as const;

// ── TRACE (RFC 1459/2812) ───────────────────────────────────────────────────
export const RPL_TRACELINK = '200' as const;
export const RPL_TRACECONNECTING = '201' as const;
export const RPL_TRACEHANDSHAKE = '202' as const;
export const RPL_TRACEUNKNOWN = '203' as const;
export const RPL_TRACEOPERATOR = '204' as const;
export const RPL_TRACEUSER = '205' as const;
export const RPL_TRACESERVER = '206' as const;
export const RPL_TRACESERVICE = '207' as const;
export const RPL_TRACENEWTYPE = '208' as const;
export const RPL_TRACECLASS = '209' as const;
export const RPL_TRACERECONNECT = '210' as const;

// ── STATS ───────────────────────────────────────────────────────────────────
export const RPL_STATSLINKINFO = '211' as const;
export const RPL_STATSCOMMANDS = '212' as const;
export const RPL_STATSCLINE = '213' as const;
export const RPL_STATSNLINE = '214' as const;
export const RPL_STATSILINE = '215' as const;
export const RPL_STATSKLINE = '216' as const;
export const RPL_STATSQLINE = '217' as const;
export const RPL_STATSYLINE = '218' as const;
export const RPL_ENDOFSTATS = '219' as const;
export const RPL_UMODEIS = '221' as const;
/** InspIRCd's STATS g (G-lines); ircu sends G-lines as 247 instead. */
export const RPL_STATSGLINE = '223' as const;
/** hybrid/solanum STATS d (D-lines). */
export const RPL_STATSDLINE = '225' as const;
export const RPL_SERVLIST = '234' as const;
export const RPL_SERVLISTEND = '235' as const;
export const RPL_STATSUPTIME = '242' as const;
export const RPL_STATSOLINE = '243' as const;

// ── LUSERS, ADMIN ───────────────────────────────────────────────────────────
export const RPL_LUSERCLIENT = '251' as const;
export const RPL_LUSEROP = '252' as const;
export const RPL_LUSERUNKNOWN = '253' as const;
export const RPL_LUSERCHANNELS = '254' as const;
export const RPL_LUSERME = '255' as const;
export const RPL_ADMINME = '256' as const;
export const RPL_ADMINLOC1 = '257' as const;
export const RPL_ADMINLOC2 = '258' as const;
export const RPL_ADMINEMAIL = '259' as const;
export const RPL_TRACELOG = '261' as const;
export const RPL_TRACEEND = '262' as const;
export const RPL_TRYAGAIN = '263' as const;
export const RPL_LOCALUSERS = '265' as const;
export const RPL_GLOBALUSERS = '266' as const;
export const RPL_WHOISCERTFP = '276' as const;

// ── AWAY, USERHOST, ISON ────────────────────────────────────────────────────
export const RPL_NONE = '300' as const; // RFC 1459: "Dummy reply number. Not used."
export const RPL_AWAY = '301' as const;
export const RPL_USERHOST = '302' as const;
export const RPL_ISON = '303' as const;
export const RPL_TEXT = '304' as const; // RFC 1459 reserved list; irc2 used it for free text
export const RPL_UNAWAY = '305' as const;
export const RPL_NOWAWAY = '306' as const;

// ── WHOIS, WHOWAS, WHO ──────────────────────────────────────────────────────
export const RPL_WHOISREGNICK = '307' as const; // Modern IRC; registered-nick line of WHOIS
export const RPL_WHOISUSER = '311' as const;
export const RPL_WHOISSERVER = '312' as const;
export const RPL_WHOISOPERATOR = '313' as const;
export const RPL_WHOWASUSER = '314' as const;
export const RPL_ENDOFWHO = '315' as const;
export const RPL_WHOISCHANOP = '316' as const; // RFC 1459 reserved, obsolete
export const RPL_WHOISIDLE = '317' as const;
export const RPL_ENDOFWHOIS = '318' as const;
export const RPL_WHOISCHANNELS = '319' as const;
export const RPL_WHOISSPECIAL = '320' as const;

// ── LIST, channel info ──────────────────────────────────────────────────────
export const RPL_LISTSTART = '321' as const; // Modern IRC: obsolete, some clients still expect it
export const RPL_LIST = '322' as const;
export const RPL_LISTEND = '323' as const;
export const RPL_CHANNELMODEIS = '324' as const;
export const RPL_UNIQOPIS = '325' as const; // RFC 2812 (`!` channels)
export const RPL_CREATIONTIME = '329' as const; // ergo calls it RPL_CHANNELCREATED
export const RPL_WHOISACCOUNT = '330' as const;
export const RPL_NOTOPIC = '331' as const;
export const RPL_TOPIC = '332' as const;
export const RPL_TOPICWHOTIME = '333' as const; // ergo: RPL_TOPICTIME
export const RPL_WHOISBOT = '335' as const;
/** Modern IRC: 336/337 list the channels the user was invited to (INVITE without params). */
export const RPL_INVITELIST = '336' as const;
export const RPL_ENDOFINVITELIST = '337' as const;
export const RPL_WHOISACTUALLY = '338' as const;
export const RPL_INVITING = '341' as const;
export const RPL_SUMMONING = '342' as const; // RFC 1459/2812; SUMMON is never enabled now

// ── channel lists (+I, +e), VERSION, WHO, NAMES ─────────────────────────────
/** RFC 2812 names 346/347 RPL_INVITELIST/RPL_ENDOFINVITELIST; Modern IRC renamed them (+I list). */
export const RPL_INVEXLIST = '346' as const;
export const RPL_ENDOFINVEXLIST = '347' as const;
export const RPL_EXCEPTLIST = '348' as const;
export const RPL_ENDOFEXCEPTLIST = '349' as const;
export const RPL_VERSION = '351' as const;
export const RPL_WHOREPLY = '352' as const;
export const RPL_NAMREPLY = '353' as const;
export const RPL_WHOSPCRPL = '354' as const; // WHOX (ircu; ISUPPORT WHOX)

// ── LINKS, NAMES end, bans, WHOWAS end, INFO, MOTD ──────────────────────────
export const RPL_LINKS = '364' as const;
export const RPL_ENDOFLINKS = '365' as const;
export const RPL_ENDOFNAMES = '366' as const;
export const RPL_BANLIST = '367' as const;
export const RPL_ENDOFBANLIST = '368' as const;
export const RPL_ENDOFWHOWAS = '369' as const;
export const RPL_INFO = '371' as const;
export const RPL_MOTD = '372' as const;
export const RPL_INFOSTART = '373' as const; // RFC 1459 reserved
export const RPL_ENDOFINFO = '374' as const;
export const RPL_MOTDSTART = '375' as const;
export const RPL_ENDOFMOTD = '376' as const;
export const RPL_WHOISHOST = '378' as const;
export const RPL_WHOISMODES = '379' as const;

// ── OPER, REHASH, TIME, USERS, hosts ────────────────────────────────────────
export const RPL_YOUREOPER = '381' as const;
export const RPL_REHASHING = '382' as const;
export const RPL_YOURESERVICE = '383' as const; // RFC 2812
export const RPL_TIME = '391' as const;
export const RPL_USERSSTART = '392' as const;
export const RPL_USERS = '393' as const;
export const RPL_ENDOFUSERS = '394' as const;
export const RPL_NOUSERS = '395' as const;
export const RPL_VISIBLEHOST = '396' as const; // a.k.a. RPL_HOSTHIDDEN (charybdis, irc-proto)

// ── errors 400–417 ──────────────────────────────────────────────────────────
export const ERR_UNKNOWNERROR = '400' as const;
export const ERR_NOSUCHNICK = '401' as const;
export const ERR_NOSUCHSERVER = '402' as const;
export const ERR_NOSUCHCHANNEL = '403' as const;
export const ERR_CANNOTSENDTOCHAN = '404' as const;
export const ERR_TOOMANYCHANNELS = '405' as const;
export const ERR_WASNOSUCHNICK = '406' as const;
export const ERR_TOOMANYTARGETS = '407' as const;
export const ERR_NOSUCHSERVICE = '408' as const; // RFC 2812
export const ERR_NOORIGIN = '409' as const;
export const ERR_INVALIDCAPCMD = '410' as const; // IRCv3 capability negotiation
export const ERR_NORECIPIENT = '411' as const;
export const ERR_NOTEXTTOSEND = '412' as const;
export const ERR_NOTOPLEVEL = '413' as const;
export const ERR_WILDTOPLEVEL = '414' as const;
export const ERR_BADMASK = '415' as const; // RFC 2812
/** 416: IRCnet ERR_TOOMANYMATCHES; ircu calls the same code ERR_QUERYTOOLONG. */
export const ERR_TOOMANYMATCHES = '416' as const;
export const ERR_INPUTTOOLONG = '417' as const; // Modern IRC: line or tags over the limit

// ── errors 421–446: commands, nicks, membership ─────────────────────────────
export const ERR_UNKNOWNCOMMAND = '421' as const;
export const ERR_NOMOTD = '422' as const;
export const ERR_NOADMININFO = '423' as const;
export const ERR_FILEERROR = '424' as const;
export const ERR_NONICKNAMEGIVEN = '431' as const;
export const ERR_ERRONEUSNICKNAME = '432' as const;
export const ERR_NICKNAMEINUSE = '433' as const;
export const ERR_NICKCOLLISION = '436' as const;
export const ERR_UNAVAILRESOURCE = '437' as const; // RFC 2812 (nick/channel temporarily unavailable)
export const ERR_USERNOTINCHANNEL = '441' as const;
export const ERR_NOTONCHANNEL = '442' as const;
export const ERR_USERONCHANNEL = '443' as const;
export const ERR_NOLOGIN = '444' as const;
export const ERR_SUMMONDISABLED = '445' as const;
export const ERR_USERSDISABLED = '446' as const;

// ── errors 451–502: registration, channels, privileges, modes ───────────────
export const ERR_NOTREGISTERED = '451' as const;
export const ERR_NEEDMOREPARAMS = '461' as const;
/** Modern IRC spelling; RFC 1459/2812 spell it ERR_ALREADYREGISTRED (exported as an alias). */
export const ERR_ALREADYREGISTERED = '462' as const;
export const ERR_ALREADYREGISTRED = '462' as const;
export const ERR_NOPERMFORHOST = '463' as const;
export const ERR_PASSWDMISMATCH = '464' as const;
export const ERR_YOUREBANNEDCREEP = '465' as const;
export const ERR_YOUWILLBEBANNED = '466' as const;
export const ERR_KEYSET = '467' as const;
export const ERR_INVALIDUSERNAME = '468' as const; // ergo/InspIRCd: USER with no valid username character
export const ERR_CHANNELISFULL = '471' as const;
export const ERR_UNKNOWNMODE = '472' as const;
export const ERR_INVITEONLYCHAN = '473' as const;
export const ERR_BANNEDFROMCHAN = '474' as const;
export const ERR_BADCHANNELKEY = '475' as const;
export const ERR_BADCHANMASK = '476' as const;
/** RFC 2812 ERR_NOCHANMODES; ergo/solanum/InspIRCd send 477 as ERR_NEEDREGGEDNICK (alias) for +R. */
export const ERR_NOCHANMODES = '477' as const;
export const ERR_NEEDREGGEDNICK = '477' as const;
export const ERR_BANLISTFULL = '478' as const;
export const ERR_NOPRIVILEGES = '481' as const;
export const ERR_CHANOPRIVSNEEDED = '482' as const;
export const ERR_CANTKILLSERVER = '483' as const;
export const ERR_RESTRICTED = '484' as const; // RFC 2812 (user mode +r)
export const ERR_UNIQOPPRIVSNEEDED = '485' as const; // RFC 2812 (`!` channel creator)
/** 489: ERR_SECUREONLYCHAN (InspIRCd, UnrealIRCd): a secure-only channel refused a client without TLS. */
export const ERR_SECUREONLYCHAN = '489' as const;
export const ERR_NOOPERHOST = '491' as const;
export const ERR_UMODEUNKNOWNFLAG = '501' as const;
export const ERR_USERSDONTMATCH = '502' as const;
export const ERR_HELPNOTFOUND = '524' as const;
export const ERR_INVALIDKEY = '525' as const; // Modern IRC: a +k key that breaks the key rules

// ── STARTTLS, mode params, HELP, privileges ─────────────────────────────────
export const RPL_STARTTLS = '670' as const;
export const RPL_WHOISSECURE = '671' as const;
export const ERR_STARTTLS = '691' as const;
export const ERR_INVALIDMODEPARAM = '696' as const;
export const RPL_HELPSTART = '704' as const;
export const RPL_HELPTXT = '705' as const;
export const RPL_ENDOFHELP = '706' as const;

// ── KNOCK and caller-id (hybrid/charybdis/solanum) ──────────────────────────
export const RPL_KNOCK = '710' as const;
export const RPL_KNOCKDLVR = '711' as const;
export const ERR_TOOMANYKNOCK = '712' as const;
export const ERR_CHANOPEN = '713' as const;
export const ERR_KNOCKONCHAN = '714' as const;
/** 715: charybdis ERR_KNOCKDISABLED; InspIRCd uses 715 for ERR_INVITEREMOVED instead. */
export const ERR_KNOCKDISABLED = '715' as const;
export const ERR_TARGUMODEG = '716' as const;
export const ERR_NOPRIVS = '723' as const; // Modern IRC: oper lacks a named privilege

// ── MONITOR (IRCv3) ─────────────────────────────────────────────────────────
export const RPL_MONONLINE = '730' as const;
export const RPL_MONOFFLINE = '731' as const;
export const RPL_MONLIST = '732' as const;
export const RPL_ENDOFMONLIST = '733' as const;
export const ERR_MONLISTFULL = '734' as const;

// ── METADATA (IRCv3 draft/metadata-2) ───────────────────────────────────────
export const RPL_KEYVALUE = '761' as const;
export const ERR_NOMATCHINGKEY = '766' as const;
export const ERR_KEYNOTSET = '768' as const;
export const RPL_METADATASUBOK = '770' as const;
export const RPL_METADATAUNSUBOK = '771' as const;
export const RPL_METADATASUBS = '772' as const;

// ── SASL (IRCv3 SASL 3.1) ───────────────────────────────────────────────────
export const RPL_LOGGEDIN = '900' as const;
export const RPL_LOGGEDOUT = '901' as const;
export const ERR_NICKLOCKED = '902' as const;
export const RPL_SASLSUCCESS = '903' as const;
export const ERR_SASLFAIL = '904' as const;
export const ERR_SASLTOOLONG = '905' as const;
export const ERR_SASLABORTED = '906' as const;
export const ERR_SASLALREADY = '907' as const;
export const RPL_SASLMECHS = '908' as const;
