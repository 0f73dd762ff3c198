#pragma once
#include <curl/curl.h>

// curl_easy_setopt / curl_easy_getinfo are variadic and cannot be called from Swift:
// these typed wrappers are the only way the Connectors module touches them.
static inline CURLcode ncurl_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ncurl_setopt_string(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ncurl_setopt_pointer(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ncurl_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ncurl_setopt_off(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ncurl_setopt_mimepost(CURL *h, curl_mime *m) { return curl_easy_setopt(h, CURLOPT_MIMEPOST, m); }

typedef size_t (*ncurl_data_cb)(char *ptr, size_t size, size_t nmemb, void *userdata);
static inline CURLcode ncurl_setopt_writefunction(CURL *h, ncurl_data_cb cb) { return curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, cb); }
static inline CURLcode ncurl_setopt_readfunction(CURL *h, ncurl_data_cb cb) { return curl_easy_setopt(h, CURLOPT_READFUNCTION, cb); }
static inline CURLcode ncurl_setopt_headerfunction(CURL *h, ncurl_data_cb cb) { return curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, cb); }

static inline CURLcode ncurl_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode ncurl_getinfo_double(CURL *h, CURLINFO i, double *v) { return curl_easy_getinfo(h, i, v); }

// SMTP: the debug callback sees the server's replies (CURLINFO_HEADER_IN), which carry the
// text of a refusal ("550 5.1.1 mailbox unavailable") that curl's own message leaves out.
typedef int (*ncurl_debug_cb)(CURL *h, curl_infotype type, char *data, size_t size, void *userdata);
static inline CURLcode ncurl_setopt_debugfunction(CURL *h, ncurl_debug_cb cb) { return curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, cb); }
// CURLOPT_MAIL_RCPT_ALLOWFAILS is spelled ALLLOWFAILS before curl 8.2; option number 290 either way.
static inline CURLcode ncurl_setopt_mail_rcpt_allowfails(CURL *h, long v) { return curl_easy_setopt(h, (CURLoption)(CURLOPTTYPE_LONG + 290), v); }
