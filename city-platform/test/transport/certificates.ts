/**
 * A private CA, a broker certificate for 127.0.0.1 and client certificates
 * whose CN is a login, made with the machine's openssl: what a city's PKI
 * would hand out to its broker and its halls.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type Pem = { certFile: string; keyFile: string; cert: string; key: string };
export type TestPki = { caFile: string; ca: string; server: Pem; client(commonName: string): Pem };

function openssl(args: string[]): void {
  const out = spawnSync('openssl', args, { encoding: 'utf8' });
  if (out.error || out.status !== 0) throw new Error(`openssl failed (Debian: apt-get install openssl): ${out.error?.message ?? out.stderr}`);
}

export function makeTestPki(dir: string): TestPki {
  const caFile = join(dir, 'ca.pem');
  const caKey = join(dir, 'ca.key');
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(['req', '-x509', ...ec, '-days', '1', '-subj', '/CN=city test CA', '-keyout', caKey, '-out', caFile]);
  const issue = (name: string, subject: string, extensions: string): Pem => {
    const keyFile = join(dir, `${name}.key`);
    const csr = join(dir, `${name}.csr`);
    const certFile = join(dir, `${name}.pem`);
    const ext = join(dir, `${name}.ext`);
    writeFileSync(ext, extensions);
    openssl(['req', ...ec, '-subj', subject, '-keyout', keyFile, '-out', csr]);
    openssl(['x509', '-req', '-in', csr, '-CA', caFile, '-CAkey', caKey, '-CAcreateserial', '-days', '1', '-extfile', ext, '-out', certFile]);
    return { certFile, keyFile, cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') };
  };
  return {
    caFile,
    ca: readFileSync(caFile, 'utf8'),
    server: issue('server', '/CN=city broker', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n'),
    client: (commonName) => issue(`client-${commonName}`, `/CN=${commonName}`, 'extendedKeyUsage=clientAuth\n'),
  };
}
