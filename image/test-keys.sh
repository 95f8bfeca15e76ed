#!/bin/bash
# test-keys.sh DIR — TEST keys for RAUC bundles, made once with openssl:
#   test-only-ca.{key,cert}.pem       a CA; its certificate is the image's keyring
#   test-only-signing.{key,cert}.pem  the key bundles are signed with, certified by the CA
#   test-only-untrusted.{key,cert}.pem a self-signed key no image trusts (the
#                                     bad-signature test signs with it)
# These keys are for tests and development: the private keys sit unprotected
# in the build folder. A board in the field gets the owner's keyring instead
# (ATTENDANT_RAUC_KEYRING=FILE make image) and bundles signed with the owner's key.
set -euo pipefail
dir=$1
mkdir -p "$dir"
cd "$dir"
subject="/O=Attendant TEST ONLY - not for production"
# Each key is made once: images already built trust this CA.
if [ ! -f test-only-ca.cert.pem ]; then
openssl req -x509 -newkey rsa:3072 -nodes -days 3650 -sha256 \
    -keyout test-only-ca.key.pem -out test-only-ca.cert.pem \
    -subj "$subject/CN=Attendant test CA" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
fi
if [ ! -f test-only-signing.cert.pem ]; then
openssl req -newkey rsa:3072 -nodes -sha256 \
    -keyout test-only-signing.key.pem -out test-only-signing.csr.pem \
    -subj "$subject/CN=Attendant test bundle signing" 2>/dev/null
# No extendedKeyUsage: RAUC checks the S/MIME signing purpose by default, which
# an EKU of codeSigning fails ("unsuitable certificate purpose"); none allows it.
printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n' >signing.ext
openssl x509 -req -in test-only-signing.csr.pem -CA test-only-ca.cert.pem -CAkey test-only-ca.key.pem \
    -CAcreateserial -days 3650 -sha256 -extfile signing.ext -out test-only-signing.cert.pem 2>/dev/null
rm -f test-only-signing.csr.pem signing.ext
fi
if [ ! -f test-only-untrusted.cert.pem ]; then
openssl req -x509 -newkey rsa:3072 -nodes -days 3650 -sha256 \
    -keyout test-only-untrusted.key.pem -out test-only-untrusted.cert.pem \
    -subj "$subject/CN=Attendant untrusted key" 2>/dev/null
fi
echo "test-keys.sh: TEST keys in $dir"
