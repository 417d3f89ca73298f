#include "ccurl.h"

#include <curl/curl.h>

// CURL and CURLM are `void` in curl.h; the shim's distinct opaque types are cast back here.
#define EASY(e) ((CURL *)(e))
#define MULTI(m) ((CURLM *)(m))

ccurl_code ccurl_global_init(long flags) { return curl_global_init(flags); }
const char *ccurl_easy_strerror(ccurl_code code) { return curl_easy_strerror((CURLcode)code); }
const char *ccurl_multi_strerror(ccurl_mcode code) { return curl_multi_strerror((CURLMcode)code); }

ccurl_easy *ccurl_easy_init(void) { return (ccurl_easy *)curl_easy_init(); }
void ccurl_easy_cleanup(ccurl_easy *easy) { curl_easy_cleanup(EASY(easy)); }
void ccurl_easy_reset(ccurl_easy *easy) { curl_easy_reset(EASY(easy)); }

ccurl_code ccurl_easy_setopt_long(ccurl_easy *easy, ccurl_option option, long value) {
    return curl_easy_setopt(EASY(easy), (CURLoption)option, value);
}
ccurl_code ccurl_easy_setopt_int64(ccurl_easy *easy, ccurl_option option, int64_t value) {
    return curl_easy_setopt(EASY(easy), (CURLoption)option, (curl_off_t)value);
}
ccurl_code ccurl_easy_setopt_ptr(ccurl_easy *easy, ccurl_option option, const void *value) {
    return curl_easy_setopt(EASY(easy), (CURLoption)option, value);
}
ccurl_code ccurl_easy_setopt_slist(ccurl_easy *easy, ccurl_option option, ccurl_slist *list) {
    return curl_easy_setopt(EASY(easy), (CURLoption)option, (struct curl_slist *)list);
}
ccurl_code ccurl_easy_setopt_callback(ccurl_easy *easy, ccurl_option option, ccurl_data_callback callback) {
    return curl_easy_setopt(EASY(easy), (CURLoption)option, callback);
}
ccurl_code ccurl_easy_setopt_prereq_callback(ccurl_easy *easy, ccurl_prereq_callback callback) {
    return curl_easy_setopt(EASY(easy), CURLOPT_PREREQFUNCTION, callback);
}
ccurl_code ccurl_easy_getinfo_long(ccurl_easy *easy, ccurl_info info, long *value) {
    return curl_easy_getinfo(EASY(easy), (CURLINFO)info, value);
}
ccurl_code ccurl_easy_getinfo_double(ccurl_easy *easy, ccurl_info info, double *value) {
    return curl_easy_getinfo(EASY(easy), (CURLINFO)info, value);
}
ccurl_code ccurl_easy_setopt_debug_callback(ccurl_easy *easy, ccurl_debug_callback callback) {
    return curl_easy_setopt(EASY(easy), CURLOPT_DEBUGFUNCTION, (curl_debug_callback)callback);
}
ccurl_code ccurl_easy_perform(ccurl_easy *easy) { return curl_easy_perform(EASY(easy)); }

int ccurl_certinfo_count(ccurl_easy *easy) {
    struct curl_certinfo *info = NULL;
    if (curl_easy_getinfo(EASY(easy), CURLINFO_CERTINFO, &info) != CURLE_OK || info == NULL) return 0;
    return info->num_of_certs;
}
const char *ccurl_certinfo_field(ccurl_easy *easy, int certificate, int index) {
    struct curl_certinfo *info = NULL;
    if (curl_easy_getinfo(EASY(easy), CURLINFO_CERTINFO, &info) != CURLE_OK || info == NULL) return NULL;
    if (certificate < 0 || certificate >= info->num_of_certs) return NULL;
    struct curl_slist *field = info->certinfo[certificate];
    for (int i = 0; field != NULL && i < index; i++) field = field->next;
    return field == NULL ? NULL : field->data;
}

ccurl_code ccurl_easy_getinfo_ptr(ccurl_easy *easy, ccurl_info info, void **value) {
    return curl_easy_getinfo(EASY(easy), (CURLINFO)info, value);
}

ccurl_slist *ccurl_slist_append(ccurl_slist *list, const char *line) {
    return (ccurl_slist *)curl_slist_append((struct curl_slist *)list, line);
}
void ccurl_slist_free_all(ccurl_slist *list) { curl_slist_free_all((struct curl_slist *)list); }

ccurl_multi *ccurl_multi_init(void) { return (ccurl_multi *)curl_multi_init(); }
ccurl_mcode ccurl_multi_cleanup(ccurl_multi *multi) { return curl_multi_cleanup(MULTI(multi)); }
ccurl_mcode ccurl_multi_setopt_long(ccurl_multi *multi, ccurl_multi_option option, long value) {
    return curl_multi_setopt(MULTI(multi), (CURLMoption)option, value);
}
ccurl_mcode ccurl_multi_add_handle(ccurl_multi *multi, ccurl_easy *easy) {
    return curl_multi_add_handle(MULTI(multi), EASY(easy));
}
ccurl_mcode ccurl_multi_remove_handle(ccurl_multi *multi, ccurl_easy *easy) {
    return curl_multi_remove_handle(MULTI(multi), EASY(easy));
}
ccurl_mcode ccurl_multi_perform(ccurl_multi *multi, int *running_handles) {
    return curl_multi_perform(MULTI(multi), running_handles);
}
ccurl_mcode ccurl_multi_poll(ccurl_multi *multi, int timeout_ms, int *activity) {
    return curl_multi_poll(MULTI(multi), NULL, 0, timeout_ms, activity);
}
ccurl_mcode ccurl_multi_wakeup(ccurl_multi *multi) { return curl_multi_wakeup(MULTI(multi)); }

int ccurl_multi_info_read_done(ccurl_multi *multi, ccurl_easy **easy, ccurl_code *result) {
    int queued = 0;
    CURLMsg *message;
    while ((message = curl_multi_info_read(MULTI(multi), &queued)) != NULL) {
        if (message->msg == CURLMSG_DONE) {
            *easy = (ccurl_easy *)message->easy_handle;
            *result = message->data.result;
            return 1;
        }
    }
    return 0;
}

const long CCURL_GLOBAL_DEFAULT = CURL_GLOBAL_DEFAULT;
const size_t CCURL_ERROR_SIZE = CURL_ERROR_SIZE;
const int CCURL_PREREQFUNC_OK = CURL_PREREQFUNC_OK;
const int CCURL_PREREQFUNC_ABORT = CURL_PREREQFUNC_ABORT;

const ccurl_code CCURLE_OK = CURLE_OK;
const ccurl_code CCURLE_UNSUPPORTED_PROTOCOL = CURLE_UNSUPPORTED_PROTOCOL;
const ccurl_code CCURLE_URL_MALFORMAT = CURLE_URL_MALFORMAT;
const ccurl_code CCURLE_COULDNT_RESOLVE_PROXY = CURLE_COULDNT_RESOLVE_PROXY;
const ccurl_code CCURLE_COULDNT_RESOLVE_HOST = CURLE_COULDNT_RESOLVE_HOST;
const ccurl_code CCURLE_COULDNT_CONNECT = CURLE_COULDNT_CONNECT;
const ccurl_code CCURLE_WRITE_ERROR = CURLE_WRITE_ERROR;
const ccurl_code CCURLE_OPERATION_TIMEDOUT = CURLE_OPERATION_TIMEDOUT;
const ccurl_code CCURLE_SSL_CONNECT_ERROR = CURLE_SSL_CONNECT_ERROR;
const ccurl_code CCURLE_SSL_ENGINE_NOTFOUND = CURLE_SSL_ENGINE_NOTFOUND;
const ccurl_code CCURLE_SSL_ENGINE_SETFAILED = CURLE_SSL_ENGINE_SETFAILED;
const ccurl_code CCURLE_SSL_CERTPROBLEM = CURLE_SSL_CERTPROBLEM;
const ccurl_code CCURLE_SSL_CIPHER = CURLE_SSL_CIPHER;
const ccurl_code CCURLE_PEER_FAILED_VERIFICATION = CURLE_PEER_FAILED_VERIFICATION;
const ccurl_code CCURLE_SSL_ENGINE_INITFAILED = CURLE_SSL_ENGINE_INITFAILED;
const ccurl_code CCURLE_SSL_CACERT_BADFILE = CURLE_SSL_CACERT_BADFILE;
const ccurl_code CCURLE_SSL_CRL_BADFILE = CURLE_SSL_CRL_BADFILE;
const ccurl_code CCURLE_SSL_ISSUER_ERROR = CURLE_SSL_ISSUER_ERROR;
const ccurl_code CCURLE_SSL_PINNEDPUBKEYNOTMATCH = CURLE_SSL_PINNEDPUBKEYNOTMATCH;
const ccurl_code CCURLE_SSL_INVALIDCERTSTATUS = CURLE_SSL_INVALIDCERTSTATUS;
const ccurl_code CCURLE_SSL_CLIENTCERT = CURLE_SSL_CLIENTCERT;
const ccurl_code CCURLE_ABORTED_BY_CALLBACK = CURLE_ABORTED_BY_CALLBACK;

const ccurl_mcode CCURLM_OK = CURLM_OK;

const ccurl_option CCURLOPT_URL = CURLOPT_URL;
const ccurl_option CCURLOPT_PRIVATE = CURLOPT_PRIVATE;
const ccurl_option CCURLOPT_ERRORBUFFER = CURLOPT_ERRORBUFFER;
const ccurl_option CCURLOPT_NOSIGNAL = CURLOPT_NOSIGNAL;
const ccurl_option CCURLOPT_HTTPGET = CURLOPT_HTTPGET;
const ccurl_option CCURLOPT_NOBODY = CURLOPT_NOBODY;
const ccurl_option CCURLOPT_POST = CURLOPT_POST;
const ccurl_option CCURLOPT_CUSTOMREQUEST = CURLOPT_CUSTOMREQUEST;
const ccurl_option CCURLOPT_POSTFIELDSIZE_LARGE = CURLOPT_POSTFIELDSIZE_LARGE;
const ccurl_option CCURLOPT_COPYPOSTFIELDS = CURLOPT_COPYPOSTFIELDS;
const ccurl_option CCURLOPT_HTTPHEADER = CURLOPT_HTTPHEADER;
const ccurl_option CCURLOPT_WRITEFUNCTION = CURLOPT_WRITEFUNCTION;
const ccurl_option CCURLOPT_WRITEDATA = CURLOPT_WRITEDATA;
const ccurl_option CCURLOPT_HEADERFUNCTION = CURLOPT_HEADERFUNCTION;
const ccurl_option CCURLOPT_HEADERDATA = CURLOPT_HEADERDATA;
const ccurl_option CCURLOPT_PREREQDATA = CURLOPT_PREREQDATA;
const ccurl_option CCURLOPT_CONNECTTIMEOUT_MS = CURLOPT_CONNECTTIMEOUT_MS;
const ccurl_option CCURLOPT_TIMEOUT_MS = CURLOPT_TIMEOUT_MS;
const ccurl_option CCURLOPT_SSL_VERIFYPEER = CURLOPT_SSL_VERIFYPEER;
const ccurl_option CCURLOPT_SSL_VERIFYHOST = CURLOPT_SSL_VERIFYHOST;
const ccurl_option CCURLOPT_CAINFO = CURLOPT_CAINFO;
const ccurl_option CCURLOPT_SSLCERT = CURLOPT_SSLCERT;
const ccurl_option CCURLOPT_SSLKEY = CURLOPT_SSLKEY;
const ccurl_option CCURLOPT_PROXY = CURLOPT_PROXY;
const ccurl_option CCURLOPT_NOPROXY = CURLOPT_NOPROXY;
const ccurl_option CCURLOPT_HTTP_VERSION = CURLOPT_HTTP_VERSION;
const ccurl_option CCURLOPT_CONNECT_ONLY = CURLOPT_CONNECT_ONLY;
const ccurl_option CCURLOPT_CERTINFO = CURLOPT_CERTINFO;
const ccurl_option CCURLOPT_VERBOSE = CURLOPT_VERBOSE;
const ccurl_option CCURLOPT_DEBUGDATA = CURLOPT_DEBUGDATA;

const int CCURLINFO_TEXT = CURLINFO_TEXT;

const long CCURL_HTTP_VERSION_1_1 = CURL_HTTP_VERSION_1_1;
const long CCURL_HTTP_VERSION_2TLS = CURL_HTTP_VERSION_2TLS;

const ccurl_info CCURLINFO_RESPONSE_CODE = CURLINFO_RESPONSE_CODE;
const ccurl_info CCURLINFO_TOTAL_TIME = CURLINFO_TOTAL_TIME;
const ccurl_info CCURLINFO_PRIVATE = CURLINFO_PRIVATE;

const ccurl_multi_option CCURLMOPT_MAX_TOTAL_CONNECTIONS = CURLMOPT_MAX_TOTAL_CONNECTIONS;
const ccurl_multi_option CCURLMOPT_MAX_HOST_CONNECTIONS = CURLMOPT_MAX_HOST_CONNECTIONS;
const ccurl_multi_option CCURLMOPT_MAXCONNECTS = CURLMOPT_MAXCONNECTS;
