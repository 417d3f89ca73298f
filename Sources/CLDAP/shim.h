#ifndef DIRBRIDGE_CLDAP_SHIM_H
#define DIRBRIDGE_CLDAP_SHIM_H

#define LDAP_DEPRECATED 0
#include <ldap.h>
#include <lber.h>

// LDAP_OPT_ON / LDAP_OPT_OFF are pointer-casting macros that Swift cannot import.
static inline void *cldap_opt_on(void) { return LDAP_OPT_ON; }
static inline void *cldap_opt_off(void) { return LDAP_OPT_OFF; }

#endif
