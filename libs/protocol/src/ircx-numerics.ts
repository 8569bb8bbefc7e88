/**
 * IRCX numerics (draft-pfenning-irc-extensions-04 §8, as collected in the project's IRCX
 * reference). The 900–908 codes clash with IRCv3 SASL's (numerics.ts): a session gets IRCX
 * 9xx replies only when it is in IRCX mode, never both meanings.
 */

export const RPL_IRCX = '800' as const; // <state> <version> <package-list> <maxmsg> <options>
export const RPL_ACCESSADD = '801' as const; // <obj> <level> <mask> <timeout> <setter> :<reason>
export const RPL_ACCESSDELETE = '802' as const; // <obj> <level> <mask>
export const RPL_ACCESSSTART = '803' as const; // <obj> :Start of access entries
export const RPL_ACCESSLIST = '804' as const; // <obj> <level> <mask> <timeout> <setter> :<reason>
export const RPL_ACCESSEND = '805' as const; // <obj> :End of access entries
export const RPL_EVENTADD = '806' as const; // <event> <mask>
export const RPL_EVENTDEL = '807' as const; // <event> <mask>
export const RPL_EVENTSTART = '808' as const; // <event> :Start of events
export const RPL_EVENTLIST = '809' as const; // <event> <mask>
export const RPL_EVENTEND = '810' as const; // <event> :End of events
export const RPL_LISTXSTART = '811' as const; // :Start of ListX
export const RPL_LISTXLIST = '812' as const; // <chan> <modes> <members> <limit> :<topic>
export const RPL_LISTXPICS = '813' as const; // :<rating>
export const RPL_LISTXTRUNC = '816' as const; // :Truncation of ListX
export const RPL_LISTXEND = '817' as const; // :End of ListX
export const RPL_PROPLIST = '818' as const; // <obj> <prop> :<value>
export const RPL_PROPEND = '819' as const; // <obj> :End of properties

export const ERR_BADCOMMAND = '900' as const; // <command> :Bad command
export const ERR_TOOMANYARGUMENTS = '901' as const; // <command> :Too many arguments
export const ERR_BADFUNCTION = '902' as const; // <function> :Bad function
export const ERR_BADLEVEL = '903' as const; // <level> :Bad level
export const ERR_BADTAG = '904' as const; // <tag> :Bad message tag
export const ERR_BADPROPERTY = '905' as const; // <obj> <prop> :Bad property specified
export const ERR_BADVALUE = '906' as const; // <value> :Bad value specified
export const ERR_RESOURCE = '907' as const; // :Not enough resources
export const ERR_SECURITY = '908' as const; // :No permissions to perform command
export const ERR_ALREADYAUTHENTICATED = '909' as const; // <package> :Already authenticated
export const ERR_AUTHENTICATIONFAILED = '910' as const; // <package> :Authentication failed
export const ERR_AUTHENTICATIONSUSPENDED = '911' as const; // <package> :Authentication suspended for this IP
export const ERR_UNKNOWNPACKAGE = '912' as const; // <package> :Unsupported authentication package
export const ERR_NOACCESS = '913' as const; // <obj> :No access
export const ERR_DUPACCESS = '914' as const; // :Duplicate access entry
export const ERR_MISACCESS = '915' as const; // :Unknown access entry
export const ERR_TOOMANYACCESSES = '916' as const; // :Too many access entries
export const ERR_EVENTDUP = '918' as const; // <event> <mask> :Duplicate event entry
export const ERR_EVENTMIS = '919' as const; // <event> <mask> :Unknown event entry
export const ERR_NOSUCHEVENT = '920' as const; // <event> :No such event type
export const ERR_TOOMANYEVENTS = '921' as const; // <event> :Too many events specified
export const ERR_NOWHISPER = '923' as const; // <channel> :Channel does not permit whispers
export const ERR_NOSUCHOBJECT = '924' as const; // <object> :No such object found
export const ERR_NOTSUPPORTED = '925' as const; // <command> :Command not supported
export const ERR_CHANNELEXIST = '926' as const; // <channel> :Channel already exists
export const ERR_ALREADYONCHANNEL = '927' as const; // <channel> :Already in the channel
/** IRCERR_UNKNOWNERROR; RFC 1459's ERR_UNKNOWNERROR (400) keeps the plain name. */
export const ERR_IRCX_UNKNOWNERROR = '999' as const; // :Unknown error code
