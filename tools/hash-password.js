#!/usr/bin/env node
// Prints the hash of an operator password for a host file's `operators[].passwordHash`.
//   node tools/hash-password.js 'my password'     (visible in shell history and `ps`)
//   node tools/hash-password.js                   (asks without echo, or reads one line from a pipe)
// Plain Node on purpose, so it runs without a build. It repeats hashPassword() from
// libs/config/src/passwords.ts: same format `scrypt$N$r$p$<salt b64>$<hash b64>`, same
// parameters (N=16384, r=8, p=1, 16-byte salt, 64-byte key). Change both together;
// passwords.spec.ts checks that this script's output verifies with the library.
'use strict';
const { randomBytes, scryptSync } = require('node:crypto');

const N = 16384,
  r = 8,
  p = 1,
  SALT_BYTES = 16,
  KEY_BYTES = 64;

function hashPassword(plain) {
  const salt = randomBytes(SALT_BYTES);
  const hash = scryptSync(plain, salt, KEY_BYTES, { N, r, p });
  return ['scrypt', N, r, p, salt.toString('base64'), hash.toString('base64')].join('$');
}

/** Reads a password from a terminal without echoing it. */
function promptHidden(prompt) {
  return new Promise((resolve, reject) => {
    const input = process.stdin;
    let typed = '';
    process.stderr.write(prompt);
    input.setRawMode(true);
    input.setEncoding('utf8');
    input.resume();
    const done = (err) => {
      input.setRawMode(false);
      input.pause();
      input.removeListener('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(typed);
    };
    const onData = (chunk) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new Error('cancelled'));
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    input.on('data', onData);
  });
}

/** Reads piped stdin; the password is its first line (a trailing newline is not part of it). */
function readPiped() {
  return new Promise((resolve, reject) => {
    let data = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk) => {
      data += chunk;
    });
    process.stdin.on('end', () => resolve(data.split(/\r?\n/)[0]));
    process.stdin.on('error', reject);
  });
}

async function main() {
  const args = process.argv.slice(2);
  if (args.length > 1) {
    process.stderr.write('hash-password: give the password as one argument (quote it), or none to be asked\n');
    process.exit(2);
  }
  const plain =
    args.length === 1 ? args[0] : process.stdin.isTTY ? await promptHidden('Password: ') : await readPiped();
  if (plain === '') {
    process.stderr.write('hash-password: empty password\n');
    process.exit(1);
  }
  process.stdout.write(hashPassword(plain) + '\n');
}

main().catch((err) => {
  process.stderr.write(`hash-password: ${err.message}\n`);
  process.exit(1);
});
