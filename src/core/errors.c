#include "loonflow/core.h"

const char *lf_strerror(int err)
{
    switch (err) {
    case LF_OK: return "ok";
    case LF_ENOMEM: return "out of memory";
    case LF_ENOTFOUND: return "not found";
    case LF_EEXIST: return "already exists";
    case LF_EFULL: return "storage full";
    case LF_EIO: return "I/O error";
    case LF_EINVAL: return "invalid input";
    case LF_ETYPE: return "wrong type";
    case LF_ELIMIT: return "limit exceeded";
    case LF_EAGAIN: return "try again";
    case LF_EBUSY: return "busy";
    default: return "unknown error";
    }
}
