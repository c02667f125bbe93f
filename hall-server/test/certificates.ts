/**
 * A self-signed certificate for 127.0.0.1 and localhost, made with the
 * machine's openssl (npm test makes sure it is there): its own CA, as a
 * hall's private one would be. For the TLS tests and the P9 bench.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type SelfSigned = { cert: string; key: string; certFile: string; keyFile: string };

export function selfSigned(dir: string, commonName = 'hall test'): SelfSigned {
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  const out = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      `/CN=${commonName}`,
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { encoding: 'utf8' },
  );
  if (out.error || out.status !== 0)
    throw new Error(`openssl could not make a certificate (Debian: apt-get install openssl): ${out.error?.message ?? out.stderr}`);
  return { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8'), certFile, keyFile };
}
