#ifndef DIRBRIDGE_CLDAP_SHIM_H
#define DIRBRIDGE_CLDAP_SHIM_H

#define LDAP_DEPRECATED 0
#include <ldap.h>
#include <lber.h>

// LDAP_OPT_ON / LDAP_OPT_OFF are pointer-casting macros that Swift cannot import.
static inline void *cldap_opt_on(void) { return LDAP_OPT_ON; }
static inline void *cldap_opt_off(void) { return LDAP_OPT_OFF; }

// Buffers the connection's socket reads (liblber's read-ahead layer, 16 KiB, below any TLS
// layer): libldap otherwise reads each message with two read(2) calls and polls before each
// message, which was most of a large search's system time. Call once the connection is up.
static inline int cldap_add_read_ahead(LDAP *ld) {
    Sockbuf *sb = NULL;
    if (ldap_get_option(ld, LDAP_OPT_SOCKBUF, &sb) != LDAP_OPT_SUCCESS || sb == NULL) return -1;
    return ber_sockbuf_add_io(sb, &ber_sockbuf_io_readahead, LBER_SBIOD_LEVEL_PROVIDER, NULL);
}

#endif
