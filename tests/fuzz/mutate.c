/*
** mutate.c: the front end's mutation fuzzer. Writes a mutant of a valid
** input (a tests/cases file) to stdout, deterministic from a seed:
**
**     ccad_fuzz_mutate --seed S INPUT.c > MUTANT.c
**
** One to four mutations, each one of:
**   byte    flip, insert or delete a byte; insert one of the bytes C
**           treats specially ({}()[];,#"'\ and newline)
**   token   delete, duplicate or swap tokens (identifiers, numbers,
**           punctuators), or insert a keyword or punctuator
**   lines   delete, duplicate or swap lines (pragmas included)
**   pragma  rewrite a `#pragma ad` clause: a size, a name, a clause twice
**   nest    wrap a line in thousands of nested `if (1) {` or parentheses
**   huge    a statement with an expression of tens of thousands of terms
** scripts/fuzz-front.sh runs cc-ad on each mutant and counts what happens.
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng_state;

static uint64_t rnd(void)
{
    uint64_t z = (rng_state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static size_t pick(size_t n) { return n ? (size_t)(rnd() % n) : 0; }

/* The text being mutated: a growable byte buffer. */
static char *buf;
static size_t len, cap;

static void reserve(size_t n)
{
    if (len + n + 1 > cap) {
        cap = (len + n + 1) * 2;
        buf = realloc(buf, cap);
        if (!buf)
            abort();
    }
}

/* Replace buf[at, at + del) by the n bytes of s. */
static void splice(size_t at, size_t del, const char *s, size_t n)
{
    reserve(n);
    memmove(buf + at + n, buf + at + del, len - at - del);
    memcpy(buf + at, s, n);
    len = len - del + n;
    buf[len] = 0;
}

/* Token boundaries: [start, end) of the token at or after a random offset. */
static int is_id(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '.';
}

static int token_at(size_t from, size_t *s, size_t *e)
{
    size_t i = from;
    while (i < len && (buf[i] == ' ' || buf[i] == '\n' || buf[i] == '\t'))
        i++;
    if (i >= len)
        return 0;
    *s = i;
    if (is_id(buf[i]))
        while (i < len && is_id(buf[i]))
            i++;
    else
        i++;
    *e = i;
    return 1;
}

/* Line boundaries: [start, end) including the newline. */
static void line_at(size_t at, size_t *s, size_t *e)
{
    size_t i = at;
    while (i > 0 && buf[i - 1] != '\n')
        i--;
    *s = i;
    i = at;
    while (i < len && buf[i] != '\n')
        i++;
    *e = i < len ? i + 1 : i;
}

static const char *words[] = {
    "if", "else", "for", "while", "do", "return", "break", "continue", "goto", "switch",
    "case", "default:", "struct", "union", "enum", "typedef", "static", "const", "volatile",
    "double", "float", "int", "void", "char", "long", "unsigned", "sizeof", "_Generic",
    "(", ")", "{", "}", "[", "]", ";", ",", "=", "+=", "*", "&", "->", ".", "...", "?", ":",
    "#", "##", "\"", "'", "/*", "*/", "//", "\\", "0", "-1", "1e308", "0x7fffffff",
    "#pragma ad grad(f)", "#pragma ad checkpoint", "wrt(", "out(", "x[n]", "return;",
    "asm(\"\")", "__attribute__((unused))", "_Complex", "_Atomic", "__int128", "L\"\"",
};
#define NWORDS (sizeof words / sizeof words[0])

static void m_byte(void)
{
    static const char special[] = "{}()[];,#\"'\\\n*/";
    size_t at = pick(len + 1);
    char c;
    switch (pick(4)) {
    case 0:
        if (at < len)
            buf[at] ^= (char)(1u << pick(8));
        break;
    case 1:
        c = (char)(1 + pick(255));
        splice(at, 0, &c, 1);
        break;
    case 2:
        if (at < len)
            splice(at, 1, "", 0);
        break;
    default:
        c = special[pick(sizeof special - 1)];
        splice(at, 0, &c, 1);
        break;
    }
}

static void m_token(void)
{
    size_t s, e, s2, e2;
    if (!token_at(pick(len), &s, &e))
        return;
    switch (pick(4)) {
    case 0:
        splice(s, e - s, "", 0);
        break;
    case 1: {
        char *t = malloc(e - s + 1);
        memcpy(t, buf + s, e - s);
        splice(e, 0, " ", 1);
        splice(e + 1, 0, t, e - s);
        free(t);
        break;
    }
    case 2:
        if (token_at(e, &s2, &e2)) {
            size_t n1 = e - s, n2 = e2 - s2;
            char *t = malloc(e2 - s + 1);
            memcpy(t, buf + s2, n2);
            memcpy(t + n2, buf + e, s2 - e);
            memcpy(t + n2 + (s2 - e), buf + s, n1);
            splice(s, e2 - s, t, e2 - s);
            free(t);
        }
        break;
    default: {
        const char *w = words[pick(NWORDS)];
        splice(s, 0, " ", 1);
        splice(s, 0, w, strlen(w));
        break;
    }
    }
}

static void m_lines(void)
{
    size_t s, e, s2, e2;
    line_at(pick(len), &s, &e);
    switch (pick(3)) {
    case 0:
        splice(s, e - s, "", 0);
        break;
    case 1: {
        char *t = malloc(e - s + 1);
        memcpy(t, buf + s, e - s);
        line_at(pick(len), &s2, &e2);
        splice(s2, 0, t, e - s);
        free(t);
        break;
    }
    default: {
        line_at(pick(len), &s2, &e2);
        if (s2 < s) { /* order them: [s, e) first */
            size_t ts = s, te = e;
            s = s2, e = e2, s2 = ts, e2 = te;
        }
        if (e > s2)
            break;
        char *t = malloc(e2 - s + 1);
        size_t n = 0;
        memcpy(t + n, buf + s2, e2 - s2), n += e2 - s2;
        memcpy(t + n, buf + e, s2 - e), n += s2 - e;
        memcpy(t + n, buf + s, e - s), n += e - s;
        splice(s, e2 - s, t, n);
        free(t);
        break;
    }
    }
}

/* A `#pragma ad` line gets a clause rewritten. */
static void m_pragma(void)
{
    static const char *subst[] = {"[0]", "[-1]", "[n/0]", "[1.5]", "[x]", "[n][n]", "[]",
                                  "(x, x, x)", "(return, return)", "()", "(", ")", "",
                                  " wrt(q)", " name(main)", " out(return) out(return)",
                                  " batch(x)", " sparse", " scratch(x[n])", " may_alias(x, x)"};
    char *p = strstr(buf + pick(len), "#pragma ad");
    if (!p)
        p = strstr(buf, "#pragma ad");
    if (!p)
        return;
    size_t s, e;
    line_at((size_t)(p - buf), &s, &e);
    size_t at = s + 10 + pick(e - s > 11 ? e - s - 11 : 1);
    const char *w = subst[pick(sizeof subst / sizeof subst[0])];
    size_t del = 0;
    if (at < len && (buf[at] == '[' || buf[at] == '(')) {
        char close = buf[at] == '[' ? ']' : ')';
        while (at + del < e && buf[at + del] != close)
            del++;
        if (at + del < e)
            del++;
        else
            del = 0;
    }
    splice(at, del, w, strlen(w));
}

/* Deep nesting around a line inside a function, or deep parentheses. */
static void m_nest(void)
{
    size_t depth = 500 + pick(8000), s, e;
    char *p = strstr(buf + pick(len), ";\n");
    if (!p)
        p = strstr(buf, ";\n");
    if (!p)
        return;
    line_at((size_t)(p - buf), &s, &e);
    int parens = pick(2);
    const char *open = parens ? "(" : "if (1) {", *close = parens ? ")" : "}";
    size_t no = strlen(open), nc = strlen(close);
    char *o = malloc(depth * no + 1), *c = malloc(depth * nc + 2);
    for (size_t i = 0; i < depth; i++) {
        memcpy(o + i * no, open, no);
        memcpy(c + i * nc, close, nc);
    }
    if (parens) {
        /* ((((x)))) around the right-hand side of a statement */
        char *eq = memchr(buf + s, '=', e - s);
        if (!eq || eq[1] == '=')
            goto out;
        size_t a = (size_t)(eq - buf) + 1, b = (size_t)(p - buf);
        splice(b, 0, c, depth * nc);
        splice(a, 0, o, depth * no);
    } else {
        splice(e, 0, c, depth * nc);
        splice(s, 0, o, depth * no);
    }
out:
    free(o);
    free(c);
}

/* A statement with a huge expression before a line that ends in ';'. */
static void m_huge(void)
{
    size_t terms = 1000 + pick(40000), s, e;
    char *p = strstr(buf + pick(len), ";\n");
    if (!p)
        p = strstr(buf, ";\n");
    if (!p)
        return;
    line_at((size_t)(p - buf), &s, &e);
    const char *head = "{ double huge_ = 0.5", *term = pick(2) ? " + 0.5 * huge_" : " * 1.0";
    size_t nh = strlen(head), nt = strlen(term);
    char *t = malloc(nh + terms * nt + 32);
    memcpy(t, head, nh);
    for (size_t i = 0; i < terms; i++)
        memcpy(t + nh + i * nt, term, nt);
    strcpy(t + nh + terms * nt, "; (void)huge_; }\n");
    splice(e, 0, t, strlen(t));
    free(t);
}

int main(int argc, char **argv)
{
    uint64_t seed = 1;
    const char *in = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
            seed = strtoull(argv[++i], NULL, 0);
        else
            in = argv[i];
    }
    if (!in) {
        fprintf(stderr, "usage: ccad_fuzz_mutate --seed S INPUT.c > MUTANT.c\n");
        return 2;
    }
    FILE *f = fopen(in, "rb");
    if (!f) {
        perror(in);
        return 2;
    }
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        reserve(n);
        memcpy(buf + len, chunk, n);
        len += n;
        buf[len] = 0;
    }
    fclose(f);
    if (!buf)
        return 0;
    rng_state = seed * UINT64_C(0x2545F4914F6CDD1D) + 7;
    size_t k = 1 + pick(4);
    for (size_t i = 0; i < k; i++) {
        switch (pick(20)) {
        case 0: case 1: case 2: case 3: case 4: m_byte(); break;
        case 5: case 6: case 7: case 8: case 9: m_token(); break;
        case 10: case 11: case 12: m_lines(); break;
        case 13: case 14: case 15: m_pragma(); break;
        case 16: case 17: m_nest(); break;
        default: m_huge(); break;
        }
    }
    fwrite(buf, 1, len, stdout);
    return 0;
}
