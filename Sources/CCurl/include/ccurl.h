#ifndef DIRBRIDGE_CCURL_H
#define DIRBRIDGE_CCURL_H

// Typed, non-variadic access to libcurl for Swift. This header deliberately does not include
// <curl/curl.h>: Swift sees only opaque handles, plain integers and the constants re-exported
// below, so no curl type can leak past the one Swift file that imports this module.
// The wrappers carry no policy: each one forwards exactly one call, nothing is set implicitly.

#include <stddef.h>
#include <stdint.h>

typedef struct ccurl_easy ccurl_easy;     // CURL
typedef struct ccurl_multi ccurl_multi;   // CURLM
typedef struct ccurl_slist ccurl_slist;   // struct curl_slist

typedef int ccurl_code;         // CURLcode
typedef int ccurl_mcode;        // CURLMcode
typedef int ccurl_option;       // CURLoption
typedef int ccurl_info;         // CURLINFO
typedef int ccurl_multi_option; // CURLMoption

// write and header callbacks share this shape (curl_write_callback).
typedef size_t (*ccurl_data_callback)(char *buffer, size_t size, size_t count, void *context);
// curl_prereq_callback: called each time the request is about to be sent, a resend on a new
// connection included; returns CCURL_PREREQFUNC_OK or CCURL_PREREQFUNC_ABORT.
typedef int (*ccurl_prereq_callback)(void *context, char *remote_ip, char *local_ip, int remote_port, int local_port);

// curl_debug_callback; `type` is a CCURLINFO_* debug kind (CCURLINFO_TEXT for curl's own notes).
typedef int (*ccurl_debug_callback)(ccurl_easy *easy, int type, char *data, size_t size, void *context);

// Global
ccurl_code ccurl_global_init(long flags);
const char *ccurl_easy_strerror(ccurl_code code);
const char *ccurl_multi_strerror(ccurl_mcode code);

// Easy handles
ccurl_easy *ccurl_easy_init(void);
void ccurl_easy_cleanup(ccurl_easy *easy);
void ccurl_easy_reset(ccurl_easy *easy);
ccurl_code ccurl_easy_setopt_long(ccurl_easy *easy, ccurl_option option, long value);
ccurl_code ccurl_easy_setopt_int64(ccurl_easy *easy, ccurl_option option, int64_t value);
ccurl_code ccurl_easy_setopt_ptr(ccurl_easy *easy, ccurl_option option, const void *value);
ccurl_code ccurl_easy_setopt_slist(ccurl_easy *easy, ccurl_option option, ccurl_slist *list);
ccurl_code ccurl_easy_setopt_callback(ccurl_easy *easy, ccurl_option option, ccurl_data_callback callback);
ccurl_code ccurl_easy_setopt_prereq_callback(ccurl_easy *easy, ccurl_prereq_callback callback);
ccurl_code ccurl_easy_setopt_debug_callback(ccurl_easy *easy, ccurl_debug_callback callback);
ccurl_code ccurl_easy_perform(ccurl_easy *easy);
ccurl_code ccurl_easy_getinfo_long(ccurl_easy *easy, ccurl_info info, long *value);
ccurl_code ccurl_easy_getinfo_double(ccurl_easy *easy, ccurl_info info, double *value);
ccurl_code ccurl_easy_getinfo_ptr(ccurl_easy *easy, ccurl_info info, void **value);

// CURLINFO_CERTINFO, flattened: the number of certificates in the peer's chain (0 when none or on
// error), and one "name:value" field of one of them (NULL past the last field).
int ccurl_certinfo_count(ccurl_easy *easy);
const char *ccurl_certinfo_field(ccurl_easy *easy, int certificate, int index);

// Header lists. Returns NULL on allocation failure (the old list is then left untouched).
ccurl_slist *ccurl_slist_append(ccurl_slist *list, const char *line);
void ccurl_slist_free_all(ccurl_slist *list);

// Multi handles
ccurl_multi *ccurl_multi_init(void);
ccurl_mcode ccurl_multi_cleanup(ccurl_multi *multi);
ccurl_mcode ccurl_multi_setopt_long(ccurl_multi *multi, ccurl_multi_option option, long value);
ccurl_mcode ccurl_multi_add_handle(ccurl_multi *multi, ccurl_easy *easy);
ccurl_mcode ccurl_multi_remove_handle(ccurl_multi *multi, ccurl_easy *easy);
ccurl_mcode ccurl_multi_perform(ccurl_multi *multi, int *running_handles);
ccurl_mcode ccurl_multi_poll(ccurl_multi *multi, int timeout_ms, int *activity);
ccurl_mcode ccurl_multi_wakeup(ccurl_multi *multi);
// curl_multi_info_read, flattened: returns 1 and fills the out-parameters when a transfer has
// finished (CURLMSG_DONE), 0 when no such message is queued.
int ccurl_multi_info_read_done(ccurl_multi *multi, ccurl_easy **easy, ccurl_code *result);

// Constants (values come from the installed curl.h, see ccurl.c)
extern const long CCURL_GLOBAL_DEFAULT;
extern const size_t CCURL_ERROR_SIZE;
extern const int CCURL_PREREQFUNC_OK;
extern const int CCURL_PREREQFUNC_ABORT;

extern const ccurl_code CCURLE_OK;
extern const ccurl_code CCURLE_UNSUPPORTED_PROTOCOL;
extern const ccurl_code CCURLE_URL_MALFORMAT;
extern const ccurl_code CCURLE_COULDNT_RESOLVE_PROXY;
extern const ccurl_code CCURLE_COULDNT_RESOLVE_HOST;
extern const ccurl_code CCURLE_COULDNT_CONNECT;
extern const ccurl_code CCURLE_WRITE_ERROR;
extern const ccurl_code CCURLE_OPERATION_TIMEDOUT;
extern const ccurl_code CCURLE_SSL_CONNECT_ERROR;
extern const ccurl_code CCURLE_SSL_ENGINE_NOTFOUND;
extern const ccurl_code CCURLE_SSL_ENGINE_SETFAILED;
extern const ccurl_code CCURLE_SSL_CERTPROBLEM;
extern const ccurl_code CCURLE_SSL_CIPHER;
extern const ccurl_code CCURLE_PEER_FAILED_VERIFICATION;
extern const ccurl_code CCURLE_SSL_ENGINE_INITFAILED;
extern const ccurl_code CCURLE_SSL_CACERT_BADFILE;
extern const ccurl_code CCURLE_SSL_CRL_BADFILE;
extern const ccurl_code CCURLE_SSL_ISSUER_ERROR;
extern const ccurl_code CCURLE_SSL_PINNEDPUBKEYNOTMATCH;
extern const ccurl_code CCURLE_SSL_INVALIDCERTSTATUS;
extern const ccurl_code CCURLE_SSL_CLIENTCERT;
extern const ccurl_code CCURLE_ABORTED_BY_CALLBACK;

extern const ccurl_mcode CCURLM_OK;

extern const ccurl_option CCURLOPT_URL;
extern const ccurl_option CCURLOPT_PRIVATE;
extern const ccurl_option CCURLOPT_ERRORBUFFER;
extern const ccurl_option CCURLOPT_NOSIGNAL;
extern const ccurl_option CCURLOPT_HTTPGET;
extern const ccurl_option CCURLOPT_NOBODY;
extern const ccurl_option CCURLOPT_POST;
extern const ccurl_option CCURLOPT_CUSTOMREQUEST;
extern const ccurl_option CCURLOPT_POSTFIELDSIZE_LARGE;
extern const ccurl_option CCURLOPT_COPYPOSTFIELDS;
extern const ccurl_option CCURLOPT_HTTPHEADER;
extern const ccurl_option CCURLOPT_WRITEFUNCTION;
extern const ccurl_option CCURLOPT_WRITEDATA;
extern const ccurl_option CCURLOPT_HEADERFUNCTION;
extern const ccurl_option CCURLOPT_HEADERDATA;
extern const ccurl_option CCURLOPT_PREREQDATA;
extern const ccurl_option CCURLOPT_CONNECTTIMEOUT_MS;
extern const ccurl_option CCURLOPT_TIMEOUT_MS;
extern const ccurl_option CCURLOPT_SSL_VERIFYPEER;
extern const ccurl_option CCURLOPT_SSL_VERIFYHOST;
extern const ccurl_option CCURLOPT_CAINFO;
extern const ccurl_option CCURLOPT_SSLCERT;
extern const ccurl_option CCURLOPT_SSLKEY;
extern const ccurl_option CCURLOPT_PROXY;
extern const ccurl_option CCURLOPT_NOPROXY;
extern const ccurl_option CCURLOPT_HTTP_VERSION;
extern const ccurl_option CCURLOPT_CONNECT_ONLY;
extern const ccurl_option CCURLOPT_CERTINFO;
extern const ccurl_option CCURLOPT_VERBOSE;
extern const ccurl_option CCURLOPT_DEBUGDATA;

extern const int CCURLINFO_TEXT;

extern const long CCURL_HTTP_VERSION_1_1;
extern const long CCURL_HTTP_VERSION_2TLS;

extern const ccurl_info CCURLINFO_RESPONSE_CODE;
extern const ccurl_info CCURLINFO_TOTAL_TIME;
extern const ccurl_info CCURLINFO_PRIVATE;

extern const ccurl_multi_option CCURLMOPT_MAX_TOTAL_CONNECTIONS;
extern const ccurl_multi_option CCURLMOPT_MAX_HOST_CONNECTIONS;
extern const ccurl_multi_option CCURLMOPT_MAXCONNECTS;

#endif
