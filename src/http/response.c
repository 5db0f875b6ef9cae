/* Status reason phrases and the response writer. */
#include "loonflow/http.h"

const char *lf_http_reason(int status)
{
    switch (status) {
    case 100: return "Continue";
    case 101: return "Switching Protocols";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 206: return "Partial Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 411: return "Length Required";
    case 412: return "Precondition Failed";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 416: return "Range Not Satisfiable";
    case 417: return "Expectation Failed";
    case 422: return "Unprocessable Content";
    case 426: return "Upgrade Required";
    case 428: return "Precondition Required";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
    }
}

void lf_http_write_response(lf_buf *out, int status, const char *content_type,
                            const char *extra_headers, const void *body, size_t body_len,
                            int keep_alive, int head_only)
{
    lf_buf_printf(out, "HTTP/1.1 %d %s\r\n", status, lf_http_reason(status));
    /* RFC 9110 8.6, 15.3.5, 15.4.5: no Content-Length on 1xx or 204, no body
     * on those or 304, and an interim 1xx says nothing about the connection. */
    int interim = status >= 100 && status < 200;
    int bodiless = interim || status == 204 || status == 304;
    if (content_type)
        lf_buf_printf(out, "Content-Type: %s\r\n", content_type);
    if (!interim && status != 204)
        lf_buf_printf(out, "Content-Length: %zu\r\n", body_len);
    if (!interim && !keep_alive)
        lf_buf_puts(out, "Connection: close\r\n");
    if (extra_headers)
        lf_buf_puts(out, extra_headers);
    lf_buf_puts(out, "\r\n");
    if (!head_only && !bodiless)
        lf_buf_append(out, body, body_len);
}
