/*
 * Debian 12's civetweb 1.15 is built for the OpenSSL 1.1 API and loads
 * libssl at run time with dlopen("libssl.so"). OpenSSL 3 no longer exports
 * SSL_get_peer_certificate (it became a macro for SSL_get1_peer_certificate),
 * so civetweb's function table holds a null pointer and every TLS connection
 * crashes the server.
 *
 * This library is named libssl.so and found first through the RPATH of our
 * executables. It depends on the real libssl.so.3, so every other symbol
 * civetweb looks up resolves there; it only adds the missing name back.
 */
#include <openssl/ssl.h>

#undef SSL_get_peer_certificate
X509* SSL_get_peer_certificate(const SSL* ssl);

X509* SSL_get_peer_certificate(const SSL* ssl) { return SSL_get1_peer_certificate(ssl); }
