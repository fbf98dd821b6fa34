/*
 * json.c — a strict JSON syntax check (RFC 8259) for compile_commands.json.
 *
 * libclang reads the database as YAML, which accepts some malformed JSON
 * and locates few errors ("expected strings as key"); cc-ad checks the
 * syntax first so a broken database is one error at its line and column.
 */
#include <ctype.h>
#include <string.h>

#include "driver.h"

typedef struct J {
  const char *s, *p;
  const char *err;
  int depth;
} J;

enum { MAX_DEPTH = 512 };  /* nesting a database never needs; no deep recursion */

static bool fail(J *j, const char *msg) {
  if (!j->err) j->err = msg;
  return false;
}

static void blank(J *j) {
  while (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r') j->p++;
}

static bool string(J *j) {
  if (*j->p != '"') return fail(j, "expected a string in double quotes");
  for (j->p++; *j->p != '"'; j->p++) {
    if (!*j->p || *j->p == '\n') return fail(j, "unterminated string");
    if ((unsigned char)*j->p < 0x20) return fail(j, "control character in a string (write it as \\n, \\t, ...)");
    if (*j->p != '\\') continue;
    j->p++;
    if (*j->p == 'u') {
      for (int k = 1; k <= 4; k++)
        if (!isxdigit((unsigned char)j->p[k])) return fail(j, "expected four hex digits after \\u");
      j->p += 4;
    } else if (!*j->p || !strchr("\"\\/bfnrt", *j->p)) {
      return fail(j, "unknown escape in a string");
    }
  }
  j->p++;
  return true;
}

static bool number(J *j) {
  if (*j->p == '-') j->p++;
  if (!isdigit((unsigned char)*j->p)) return fail(j, "expected a value");
  if (*j->p == '0') j->p++;
  else while (isdigit((unsigned char)*j->p)) j->p++;
  if (*j->p == '.') {
    j->p++;
    if (!isdigit((unsigned char)*j->p)) return fail(j, "expected a digit after '.'");
    while (isdigit((unsigned char)*j->p)) j->p++;
  }
  if (*j->p == 'e' || *j->p == 'E') {
    j->p++;
    if (*j->p == '+' || *j->p == '-') j->p++;
    if (!isdigit((unsigned char)*j->p)) return fail(j, "expected a digit in the exponent");
    while (isdigit((unsigned char)*j->p)) j->p++;
  }
  return true;
}

static bool value(J *j);

/* '[' value {',' value} ']' or '{' string ':' value {...} '}' */
static bool container(J *j, char close) {
  if (++j->depth > MAX_DEPTH) return fail(j, "nested too deeply");
  j->p++;
  blank(j);
  if (*j->p == close) {
    j->p++;
    j->depth--;
    return true;
  }
  for (;;) {
    blank(j);
    if (close == '}') {
      if (!string(j)) return false;
      blank(j);
      if (*j->p != ':') return fail(j, "expected ':' after the key");
      j->p++;
    }
    if (!value(j)) return false;
    blank(j);
    if (*j->p == close) break;
    if (*j->p != ',')
      return fail(j, close == '}' ? "expected ',' or '}' after the value" : "expected ',' or ']' after the value");
    j->p++;
    blank(j);
    if (*j->p == close) return fail(j, "a ',' before the closing bracket (JSON allows no trailing comma)");
  }
  j->p++;
  j->depth--;
  return true;
}

static bool value(J *j) {
  blank(j);
  switch (*j->p) {
  case '[': return container(j, ']');
  case '{': return container(j, '}');
  case '"': return string(j);
  default: break;
  }
  static const char *const words[] = {"true", "false", "null"};
  for (int k = 0; k < 3; k++)
    if (!strncmp(j->p, words[k], strlen(words[k]))) {
      j->p += strlen(words[k]);
      return true;
    }
  return number(j);
}

bool json_check(const char *text, int *line, int *col, const char **msg) {
  J j = {text, text, NULL, 0};
  if (value(&j)) {
    blank(&j);
    if (*j.p) fail(&j, "text after the end of the JSON value");
  }
  if (!j.err) return true;
  *line = 1;
  const char *bol = text;
  for (const char *q = text; q < j.p; q++)
    if (*q == '\n') {
      (*line)++;
      bol = q + 1;
    }
  *col = (int)(j.p - bol) + 1;
  *msg = j.err;
  return false;
}
