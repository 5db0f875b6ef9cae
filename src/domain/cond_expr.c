/* The legacy condition_expression: a recursive-descent parser that evaluates
 * as it parses. Upstream eval()s a str.format()ed Python string; we accept
 * the comparisons, and/or/not and parentheses such expressions are written
 * with, and nothing that could run code. The whole text is always parsed
 * (no short-circuit skipping), so a syntax error is reported whatever the
 * field values are. */
#include "domain/cond_internal.h"
#include "loonflow/fields.h"

#include <stdio.h>
#include <string.h>

enum { T_END, T_NUM, T_STR, T_FIELD, T_TRUE, T_FALSE, T_LP, T_RP, T_OP, T_AND, T_OR, T_NOT };
enum { V_MISSING, V_BOOL, V_NUM, V_STR, V_FIELD };

typedef struct tok {
    int t;
    int op;     /* T_OP: LF_OP_* */
    lf_str s;   /* T_NUM, T_STR (unescaped), T_FIELD (key) */
    size_t at;  /* offset, for messages */
} tok;

typedef struct val {
    int t;
    int b;    /* V_BOOL */
    int kind; /* V_FIELD: LF_CK_* */
    lf_str s; /* V_NUM, V_STR, V_FIELD: the text */
} val;

typedef struct parser {
    const lf_cond_env *env;
    const char *s;
    size_t n, pos;
    int depth;
    int rc;
    tok cur;
    char *err;
    size_t errcap;
    size_t pooln;
    char pool[LF_COND_EXPR_MAX]; /* unescaped strings; never longer than the text */
} parser;

static int perr(parser *p, int rc, size_t at, const char *what)
{
    if (!p->rc) {
        p->rc = rc;
        if (p->errcap)
            snprintf(p->err, p->errcap, "condition_expression: %s at offset %zu", what, at);
    }
    return rc;
}

static int is_word(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (c >= '0' && c <= '9');
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static void lex_string(parser *p, tok *t)
{
    char q = p->s[p->pos++];
    char *out = p->pool + p->pooln;
    size_t n = 0;
    while (p->pos < p->n && p->s[p->pos] != q) {
        char c = p->s[p->pos++];
        if (c == '\\' && p->pos < p->n) {
            char e = p->s[p->pos++];
            switch (e) {
            case 'n': c = '\n'; break;
            case 't': c = '\t'; break;
            case 'r': c = '\r'; break;
            case '\\':
            case '\'':
            case '"': c = e; break;
            default: /* kept as written, as Python keeps unknown escapes */
                out[n++] = '\\';
                c = e;
            }
        }
        out[n++] = c;
    }
    if (p->pos >= p->n) {
        perr(p, LF_EINVAL, t->at, "unterminated string");
        return;
    }
    p->pos++;
    p->pooln += n;
    t->t = T_STR;
    t->s = (lf_str){out, n};
}

static void lex_number(parser *p, tok *t)
{
    size_t i = p->pos;
    if (p->s[i] == '-' || p->s[i] == '+')
        i++;
    while (i < p->n && (is_digit(p->s[i]) || p->s[i] == '.'))
        i++;
    if (i < p->n && (p->s[i] == 'e' || p->s[i] == 'E')) {
        size_t j = i + 1;
        if (j < p->n && (p->s[j] == '-' || p->s[j] == '+'))
            j++;
        if (j < p->n && is_digit(p->s[j])) {
            i = j;
            while (i < p->n && is_digit(p->s[i]))
                i++;
        }
    }
    t->s = (lf_str){p->s + p->pos, i - p->pos};
    double d;
    if ((i < p->n && is_word(p->s[i])) || lf_number_parse(t->s, &d)) {
        perr(p, LF_EINVAL, t->at, "malformed number");
        return;
    }
    t->t = T_NUM;
    p->pos = i;
}

static void lex_field(parser *p, tok *t)
{
    size_t i = ++p->pos;
    while (i < p->n && (is_word(p->s[i]) || p->s[i] == '.' || p->s[i] == '-'))
        i++;
    if (i >= p->n || p->s[i] != '}' || i == p->pos) {
        perr(p, LF_EINVAL, t->at, "a field must be written {field_key}");
        return;
    }
    t->t = T_FIELD;
    t->s = (lf_str){p->s + p->pos, i - p->pos};
    p->pos = i + 1;
}

static void lex_word(parser *p, tok *t)
{
    static const struct {
        const char *w;
        int t, op;
    } words[] = {
        {"and", T_AND, 0},   {"or", T_OR, 0},       {"not", T_NOT, 0},
        {"true", T_TRUE, 0}, {"True", T_TRUE, 0},   {"false", T_FALSE, 0},
        {"False", T_FALSE, 0}, {"contains", T_OP, LF_OP_CONTAINS},
        {"not_contains", T_OP, LF_OP_NCONTAINS},
    };
    size_t i = p->pos;
    while (i < p->n && is_word(p->s[i]))
        i++;
    lf_str w = {p->s + p->pos, i - p->pos};
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
        if (lf_str_eqz(w, words[k].w)) {
            t->t = words[k].t;
            t->op = words[k].op;
            p->pos = i;
            return;
        }
    perr(p, LF_EINVAL, t->at, "unknown word (fields are written {field_key})");
}

static void next(parser *p)
{
    tok *t = &p->cur;
    while (p->pos < p->n && (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' ||
                             p->s[p->pos] == '\n' || p->s[p->pos] == '\r'))
        p->pos++;
    *t = (tok){T_END, 0, {"", 0}, p->pos};
    if (p->rc || p->pos >= p->n) {
        t->t = T_END;
        return;
    }
    char c = p->s[p->pos], d = p->pos + 1 < p->n ? p->s[p->pos + 1] : 0;
    if (c == '(' || c == ')') {
        t->t = c == '(' ? T_LP : T_RP;
        p->pos++;
    } else if (c == '\'' || c == '"') {
        lex_string(p, t);
    } else if (c == '{') {
        lex_field(p, t);
    } else if (is_digit(c) || (c == '.' && is_digit(d)) ||
               ((c == '-' || c == '+') && (is_digit(d) || d == '.'))) {
        lex_number(p, t);
    } else if (c == '=' || c == '!' || c == '<' || c == '>') {
        size_t len = d == '=' ? 2 : 1;
        int op = lf_cond_op((lf_str){p->s + p->pos, len});
        if (op < 0 || op > LF_OP_GE) {
            perr(p, LF_EINVAL, t->at, "unknown operator");
            return;
        }
        t->t = T_OP;
        t->op = op;
        p->pos += len;
    } else if (is_word(c)) {
        lex_word(p, t);
    } else {
        perr(p, LF_EINVAL, t->at, "unexpected character");
    }
    if (p->rc)
        t->t = T_END;
}

static int truthy(const val *v)
{
    double d;
    switch (v->t) {
    case V_BOOL: return v->b;
    case V_NUM: return lf_number_parse(v->s, &d) == LF_OK && d != 0;
    case V_STR: return v->s.n > 0;
    case V_FIELD:
        if (v->kind == LF_CK_NUM)
            return lf_number_parse(v->s, &d) == LF_OK && d != 0;
        return v->s.n > 0;
    default: return 0;
    }
}

static val boolean(int b)
{
    return (val){V_BOOL, b != 0, 0, {"", 0}};
}

static int mirror(int op)
{
    switch (op) {
    case LF_OP_LT: return LF_OP_GT;
    case LF_OP_LE: return LF_OP_GE;
    case LF_OP_GT: return LF_OP_LT;
    case LF_OP_GE: return LF_OP_LE;
    default: return op;
    }
}

static int compare(const parser *p, val a, int op, val b)
{
    if (a.t == V_MISSING || b.t == V_MISSING)
        return 0;
    if (a.t == V_BOOL || b.t == V_BOOL) {
        if (a.t != b.t)
            return op == LF_OP_NE;
        return op == LF_OP_EQ ? a.b == b.b : op == LF_OP_NE ? a.b != b.b : 0;
    }
    /* a field on the right compares as if written on the left */
    if (b.t == V_FIELD && a.t != V_FIELD && op != LF_OP_CONTAINS && op != LF_OP_NCONTAINS) {
        val t = a;
        a = b;
        b = t;
        op = mirror(op);
    }
    int kind = a.t == V_FIELD ? a.kind : LF_CK_STR;
    double d;
    if (kind == LF_CK_STR && (a.t == V_NUM || b.t == V_NUM)) {
        /* a number literal makes it a numeric comparison; against text that
         * is no number only (in)equality has a meaning */
        if (lf_number_parse(a.s, &d) == LF_OK && lf_number_parse(b.s, &d) == LF_OK)
            kind = LF_CK_NUM;
        else if (op >= LF_OP_LT && op <= LF_OP_GE)
            return 0;
    }
    return lf_cond_cmp(kind, op, a.s, b.s, p->env ? p->env->utc_offset_min : 0);
}

static val expr(parser *p);

static val atom(parser *p)
{
    tok t = p->cur;
    val v = {V_MISSING, 0, 0, {"", 0}};
    switch (t.t) {
    case T_NUM: v.t = V_NUM; v.s = t.s; break;
    case T_STR: v.t = V_STR; v.s = t.s; break;
    case T_TRUE:
    case T_FALSE: v = boolean(t.t == T_TRUE); break;
    case T_FIELD:
        if (p->env && p->env->lookup) {
            lf_cond_field f = {{"", 0}, {NULL, 0}};
            int rc = p->env->lookup(p->env->ud, t.s, &f);
            if (rc < 0) {
                p->rc = rc;
                if (p->errcap)
                    snprintf(p->err, p->errcap, "condition_expression: field lookup failed");
                return v;
            }
            if (rc == 1 && f.value.p) {
                v.t = V_FIELD;
                v.s = f.value;
                v.kind = lf_cond_kind(f.type, (lf_str){"", 0});
            }
        }
        break;
    case T_LP:
        if (++p->depth > LF_COND_DEPTH_MAX) {
            perr(p, LF_ELIMIT, t.at, "nested too deeply");
            return v;
        }
        next(p);
        v = expr(p);
        if (p->rc)
            return v;
        if (p->cur.t != T_RP) {
            perr(p, LF_EINVAL, p->cur.at, "expected ')'");
            return v;
        }
        p->depth--;
        break;
    case T_END: perr(p, LF_EINVAL, t.at, "unexpected end"); return v;
    default: perr(p, LF_EINVAL, t.at, "expected a value"); return v;
    }
    next(p);
    return v;
}

/* a op b op c ... holds when every adjacent pair does (Python chaining). */
static val comparison(parser *p)
{
    val left = atom(p);
    if (p->rc || p->cur.t != T_OP)
        return left;
    int all = 1;
    while (!p->rc && p->cur.t == T_OP) {
        int op = p->cur.op;
        next(p);
        val right = atom(p);
        if (p->rc)
            break;
        all &= compare(p, left, op, right);
        left = right;
    }
    return boolean(all);
}

static val negation(parser *p)
{
    if (p->cur.t != T_NOT)
        return comparison(p);
    if (++p->depth > LF_COND_DEPTH_MAX) {
        perr(p, LF_ELIMIT, p->cur.at, "nested too deeply");
        return boolean(0);
    }
    next(p);
    val v = negation(p);
    p->depth--;
    return boolean(!truthy(&v));
}

static val conjunction(parser *p)
{
    val v = negation(p);
    if (p->cur.t != T_AND)
        return v;
    int all = truthy(&v);
    while (!p->rc && p->cur.t == T_AND) {
        next(p);
        val w = negation(p);
        all &= truthy(&w);
    }
    return boolean(all);
}

static val expr(parser *p)
{
    val v = conjunction(p);
    if (p->cur.t != T_OR)
        return v;
    int any = truthy(&v);
    while (!p->rc && p->cur.t == T_OR) {
        next(p);
        val w = conjunction(p);
        any |= truthy(&w);
    }
    return boolean(any);
}

static int run(const lf_cond_env *env, lf_str text, int *match, char *err, size_t errcap)
{
    parser p;
    *match = 0;
    if (text.n > LF_COND_EXPR_MAX) {
        if (errcap)
            snprintf(err, errcap, "condition_expression is longer than %d bytes",
                     LF_COND_EXPR_MAX);
        return LF_ELIMIT;
    }
    p.env = env;
    p.s = text.p;
    p.n = text.n;
    p.pos = 0;
    p.depth = 0;
    p.rc = 0;
    p.err = err;
    p.errcap = errcap;
    p.pooln = 0;
    next(&p);
    if (!p.rc && p.cur.t == T_END)
        return perr(&p, LF_EINVAL, 0, "empty expression");
    val v = expr(&p);
    if (!p.rc && p.cur.t != T_END)
        perr(&p, LF_EINVAL, p.cur.at, p.cur.t == T_RP ? "unmatched ')'" : "unexpected token");
    if (p.rc)
        return p.rc;
    *match = truthy(&v);
    return LF_OK;
}

int lf_cond_expr_eval(const lf_cond_env *env, lf_str expr_text, int *match, char *err,
                      size_t errcap)
{
    return run(env, expr_text, match, err, errcap);
}

int lf_cond_expr_check(lf_str expr_text, char *err, size_t errcap)
{
    int match;
    return run(NULL, expr_text, &match, err, errcap);
}
