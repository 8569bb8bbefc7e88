import { X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { createCa, issueLeaf, type CertificateAndKey } from './pki';

/**
 * The files of a throwaway PKI, made at a host's first start and kept across restarts:
 *   <caDir>/ca.crt, ca.key        the network CA (several hosts may share one directory)
 *   <dir>/<name>.crt, <name>.key  a leaf the CA signed for one server
 * Keys are 0600 in 0700 directories. A leaf is reissued only when it no longer fits: gone, not
 * signed by the CA in caDir, missing one of the names asked for, or within a month of its end.
 */

const RENEW_BEFORE_MS = 30 * 24 * 60 * 60 * 1000;

export interface CertificateFiles {
  cert: string;
  key: string;
}

export interface GeneratedLeaf extends CertificateFiles {
  /** The CA certificate file that signed it (what its peers trust). */
  ca: string;
  /** SHA-256 fingerprint of the leaf, `AB:CD:…` (what a peer pins). */
  fingerprint: string;
  /** Whether this call issued it (else it was already there and still fits). */
  issued: boolean;
}

function privateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/** Writes both files beside their final names, then renames them: a reader never sees half a key. */
function writePair(files: CertificateFiles, pair: CertificateAndKey): void {
  const suffix = `.${process.pid}.tmp`;
  writeFileSync(files.key + suffix, pair.key, { mode: 0o600 });
  writeFileSync(files.cert + suffix, pair.cert, { mode: 0o644 });
  renameSync(files.key + suffix, files.key);
  renameSync(files.cert + suffix, files.cert);
}

function readPair(files: CertificateFiles): CertificateAndKey {
  return { cert: readFileSync(files.cert, 'utf8'), key: readFileSync(files.key, 'utf8') };
}

/**
 * The CA in `caDir`, created if absent. Hosts started at once may race to create a shared one:
 * each builds its CA in a directory of its own and renames it into place, and a host that loses
 * the race uses the winner's.
 */
export function ensureCa(caDir: string, commonName = 'Portalchat network CA'): CertificateFiles {
  const files = { cert: join(caDir, 'ca.crt'), key: join(caDir, 'ca.key') };
  if (existsSync(files.cert) && existsSync(files.key)) return files;
  const parent = join(caDir, '..');
  mkdirSync(parent, { recursive: true });
  if (!existsSync(caDir)) {
    const building = `${caDir}.${process.pid}.${Date.now()}.tmp`;
    privateDir(building);
    writePair({ cert: join(building, 'ca.crt'), key: join(building, 'ca.key') }, createCa(commonName));
    try {
      renameSync(building, caDir);
    } catch {
      rmSync(building, { recursive: true, force: true }); // another host made it first
    }
    if (existsSync(files.cert) && existsSync(files.key)) return files;
  }
  // The directory exists without a CA in it (made by hand, or by an older release): fill it.
  privateDir(caDir);
  writePair(files, createCa(commonName));
  return files;
}

/** Why a leaf must be issued again, or undefined if it still serves. */
export function leafProblem(
  leafPem: string,
  caPem: string,
  names: readonly string[],
  now = Date.now(),
): string | undefined {
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(leafPem);
  } catch {
    return 'unreadable';
  }
  const ca = new X509Certificate(caPem);
  if (!leaf.checkIssued(ca) || !leaf.verify(ca.publicKey)) return 'not signed by the CA';
  if (Date.parse(leaf.validTo) - now < RENEW_BEFORE_MS) return 'ends within a month';
  const missing = names.find((name) =>
    isIP(name) !== 0 ? leaf.checkIP(name) === undefined : leaf.checkHost(name) === undefined,
  );
  return missing === undefined ? undefined : `does not name ${missing}`;
}

export interface LeafRequest {
  /** The CA directory (ensureCa). */
  caDir: string;
  /** Where the leaf's files go. */
  dir: string;
  /** File name stem: `<dir>/<stem>.crt` and `.key`. */
  stem: string;
  commonName: string;
  /** IP addresses and DNS names peers reach the server by. */
  names: readonly string[];
}

/**
 * The leaf `request` describes, issued by the CA in `caDir` (created if absent) unless a fitting
 * one is already there: one call gives a server (a portal, or a client TLS listener) its files.
 */
export function ensureLeaf(request: LeafRequest): GeneratedLeaf {
  const caFiles = ensureCa(request.caDir);
  const ca = readPair(caFiles);
  privateDir(request.dir);
  const files = { cert: join(request.dir, `${request.stem}.crt`), key: join(request.dir, `${request.stem}.key`) };
  let issued = false;
  const present = existsSync(files.cert) && existsSync(files.key);
  if (!present || leafProblem(readFileSync(files.cert, 'utf8'), ca.cert, request.names) !== undefined) {
    writePair(files, issueLeaf(ca, request.commonName, request.names));
    issued = true;
  }
  const fingerprint = new X509Certificate(readFileSync(files.cert)).fingerprint256;
  return { ...files, ca: caFiles.cert, fingerprint, issued };
}
