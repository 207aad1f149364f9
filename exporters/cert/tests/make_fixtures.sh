#!/bin/sh
# Creates the certificates and keystores the cert exporter's tests read, in
# directory $1, with expiry dates relative to now (test-environment.md §5).
# Passwords: every store uses "changeit" unless its name says otherwise.
set -eu
out=$1
mkdir -p "$out"
cd "$out"
quiet() { "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; "$@"; exit 1; }; }
stamp() { date -u -d "$1" +%Y%m%d%H%M%SZ; }

# A CA, an intermediate and leaves signed with `openssl ca` for exact dates.
mkdir -p ca_db && : > ca_db/index.txt && echo 01 > ca_db/serial
cat > ca.cnf <<'CNF'
[ ca ]
default_ca = test_ca
[ test_ca ]
dir = ./ca_db
database = $dir/index.txt
serial = $dir/serial
new_certs_dir = $dir
certificate = ./signer.pem
private_key = ./signer.key
default_md = sha256
policy = policy_any
unique_subject = no
copy_extensions = copy
[ policy_any ]
commonName = supplied
[ server_ext ]
basicConstraints = CA:FALSE
subjectAltName = DNS:localhost,IP:127.0.0.1
[ other_ext ]
basicConstraints = CA:FALSE
subjectAltName = DNS:other.test
[ ca_ext ]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
CNF
quiet openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
  -keyout root.key -out root.pem -days 3650 -subj "/CN=Test Root CA"
cp root.pem signer.pem && cp root.key signer.key
quiet openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
  -keyout intermediate.key -out intermediate.csr -subj "/CN=Test Intermediate CA"
quiet openssl ca -batch -config ca.cnf -extensions ca_ext -in intermediate.csr \
  -out intermediate.pem -startdate "$(stamp '-1 day')" -enddate "$(stamp '+365 days')"
cp intermediate.pem signer.pem && cp intermediate.key signer.key

leaf() {  # name CN extensions start end
  quiet openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout "$1.key" -out "$1.csr" -subj "/CN=$2"
  quiet openssl ca -batch -config ca.cnf -extensions "$3" -in "$1.csr" -out "$1.full" \
    -startdate "$(stamp "$4")" -enddate "$(stamp "$5")"
  openssl x509 -in "$1.full" -out "$1.pem"
}
leaf server localhost server_ext '-1 day' '+7 days'
leaf renewed localhost server_ext '-1 hour' '+90 days'
leaf expired expired.test other_ext '-400 days' '-370 days'
leaf future future.test other_ext '+10 days' '+40 days'

cat server.pem intermediate.pem root.pem > chain3.pem
cat server.pem intermediate.pem > served_chain.pem
cat expired.pem future.pem root.pem > bundle.pem
openssl x509 -in server.pem -outform DER -out server.der

# PKCS#12: with a password, with an empty one, legacy RC2-40, certificates only.
p12() { quiet openssl pkcs12 -export -in server.pem -inkey server.key \
  -certfile intermediate.pem -name server "$@"; }
p12 -out server.p12 -passout pass:changeit
p12 -out nopass.p12 -passout pass:
p12 -out legacy.p12 -passout pass:changeit -legacy
quiet openssl pkcs12 -export -nokeys -in bundle.pem -out certs_only.p12 -passout pass:changeit
quiet openssl pkcs12 -export -in renewed.pem -inkey renewed.key -name server \
  -out renewed.p12 -passout pass:changeit

# Java stores from keytool.
quiet keytool -importkeystore -srckeystore server.p12 -srcstoretype PKCS12 \
  -srcstorepass changeit -destkeystore server.jks -deststoretype JKS \
  -deststorepass changeit -noprompt
quiet keytool -importcert -alias root -file root.pem -keystore truststore.jks \
  -storetype JKS -storepass changeit -noprompt
quiet keytool -importcert -alias root -file root.pem -keystore truststore.jceks \
  -storetype JCEKS -storepass changeit -noprompt
cp truststore.jceks secret.jceks
quiet keytool -genseckey -alias aes -keyalg AES -keysize 128 -keystore secret.jceks \
  -storetype JCEKS -storepass changeit -keypass changeit -noprompt
quiet keytool -genkeypair -alias old -keyalg EC -groupname secp256r1 \
  -dname "CN=keytool-expired.test" -startdate -400d -validity 30 \
  -keystore expired.p12 -storetype PKCS12 -storepass changeit -noprompt

# Corrupt and truncated copies of each format.
openssl x509 -in intermediate.pem -out intermediate.crt
cat server.pem intermediate.crt root.pem | head -c -100 > truncated_chain3.pem
for f in server.der server.p12 server.jks truststore.jceks; do
  size=$(wc -c < "$f")
  head -c $((size / 2)) "$f" > "truncated_$f"
done
printf 'not a certificate at all\n' > garbage.bin
cp server.jks looks_like.pem  # the name lies; the bytes decide
: > empty.pem
