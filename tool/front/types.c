/*
 * types.c — C types to IR types.
 *
 * Typedef names are kept for printing (a size_t stays size_t, a Particle
 * stays Particle); the kind always comes from the canonical type.
 */
#include <stdlib.h>
#include <string.h>

#include "front_int.h"

static bool is_anonymous_name(const char *s) {
  return !*s || strstr(s, "(anonymous") || strstr(s, "(unnamed");
}

/* The function a declaration sits in (block scope), or a null cursor. */
static CXCursor enclosing_function(CXCursor d) {
  for (CXCursor c = d; !clang_Cursor_isNull(c) && !clang_isTranslationUnit(clang_getCursorKind(c));
       c = clang_getCursorSemanticParent(c))
    if (clang_getCursorKind(c) == CXCursor_FunctionDecl) return c;
  return clang_getNullCursor();
}

static bool in_function(CXCursor d) { return !clang_Cursor_isNull(enclosing_function(d)); }

/* A type declared inside function f keeps its meaning at file scope of the
 * generated files under a tag of its own: struct P of f is struct f_P. */
static const char *local_tag(Front *fr, CXCursor decl, const char *tag) {
  const char *base = xfmt("%s_%s", cx_spelling(enclosing_function(decl)), tag ? tag : "anon");
  const char *t = base;
  for (int k = 2; nameset_has(&fr->local_tags, t); k++) t = xfmt("%s_%d", base, k);
  nameset_add(&fr->local_tags, t);
  return t;
}

static enum CXVisitorResult visit_field(CXCursor c, CXClientData d) {
  PtrVec *v = d;
  CXCursor *k = xmalloc(sizeof *k);
  *k = c;
  vec_push(v, k);
  return CXVisit_Continue;
}

/* Text of an enum definition with its values spelled out (no macros). */
char *enum_text(Front *fr, CXCursor c) {
  StrBuf b = {0};
  char *tag = cx_spelling(c);
  bool anon = clang_Cursor_isAnonymous(c) || is_anonymous_name(tag) || cx_untagged(fr, c);
  sb_printf(&b, "enum %s{", anon ? "" : xfmt("%s ", tag));
  CXCursor *k;
  int n = cx_children(c, &k);
  for (int i = 0; i < n; i++)
    if (clang_getCursorKind(k[i]) == CXCursor_EnumConstantDecl)
      sb_printf(&b, "%s %s = %lld", i ? "," : "", cx_spelling(k[i]), clang_getEnumConstantDeclValue(k[i]));
  free(k);
  sb_puts(&b, " };");
  return sb_take(&b);
}

/* Enums defined inside a record: C gives their names file scope, so the
 * record's definition is preceded by theirs. */
static void record_enums(Front *fr, Record *r, CXCursor decl) {
  CXCursor *k;
  int n = cx_children(decl, &k);
  for (int i = 0; i < n; i++)
    if (clang_getCursorKind(k[i]) == CXCursor_EnumDecl && clang_isCursorDefinition(k[i])) {
      r->enums = xrealloc(r->enums, sizeof(char *) * (size_t)(r->nenums + 1));
      r->enums[r->nenums++] = enum_text(fr, k[i]);
    }
  free(k);
}

static bool has_attr(CXCursor c, enum CXCursorKind kind) {
  CXCursor *k;
  int n = cx_children(c, &k);
  bool r = false;
  for (int i = 0; i < n; i++) r |= clang_getCursorKind(k[i]) == kind;
  free(k);
  return r;
}

/* The alignment to write for a field declared with _Alignas(N): the
 * attribute's value is not in libclang, but the largest power of two that
 * divides the field's offset, at most the record's alignment, places it
 * where N does and keeps the record's size and alignment. */
static int field_align(CXCursor rec, CXCursor f) {
  long long ra = clang_Type_getAlignOf(clang_getCursorType(rec));
  long long off = clang_Cursor_getOffsetOfField(f) / 8;
  if (ra <= 0 || off < 0) return 0;
  long long a = off ? off & -off : ra;
  return (int)(a < ra ? a : ra);
}

Record *lower_record(Front *fr, CXCursor decl) {
  CXCursor def = clang_getCursorDefinition(decl);
  if (!clang_Cursor_isNull(def)) decl = def;
  Record *r = cmap_get(&fr->recs, decl);
  if (r) return r;
  r = xmalloc(sizeof *r);
  cmap_put(&fr->recs, decl, r);
  vec_push(&fr->m->records, r);
  r->is_union = clang_getCursorKind(decl) == CXCursor_UnionDecl;
  char *tag = cx_spelling(decl);
  /* XXX(libclang 19): an untagged struct named by a typedef is spelled with
   * the typedef's name; clang_Cursor_isAnonymous tells them apart. */
  r->tag = (is_anonymous_name(tag) || clang_Cursor_isAnonymous(decl) || clang_Cursor_isAnonymousRecordDecl(decl) ||
            cx_untagged(fr, decl))
               ? NULL
               : tag;
  r->local = in_function(decl);
  if (r->local) r->tag = local_tag(fr, decl, r->tag);
  r->in_main_file = cx_in_main_file(fr, decl);
  r->loc = cx_loc(fr, decl);
  enum CXCursorKind pk = clang_getCursorKind(clang_getCursorLexicalParent(decl));
  r->nested = pk == CXCursor_StructDecl || pk == CXCursor_UnionDecl;
  /* attributes that change the layout: FILE.ad.c's must be FILE.c's */
  r->is_packed = has_attr(decl, CXCursor_PackedAttr);
  if (has_attr(decl, CXCursor_AlignedAttr)) r->align = (int)clang_Type_getAlignOf(clang_getCursorType(decl));
  record_enums(fr, r, decl);
  PtrVec fields = {0};
  clang_Type_visitFields(clang_getCursorType(decl), visit_field, &fields);
  r->nfields = fields.len;
  r->fields = xmalloc(sizeof(Field) * (size_t)(fields.len ? fields.len : 1));
  for (int i = 0; i < fields.len; i++) {
    CXCursor f = *(CXCursor *)fields.data[i];
    r->fields[i].name = cx_spelling(f);
    /* XXX(libclang 19): a C11 anonymous member is spelled "union Q::(anonymous at ...)" */
    if (is_anonymous_name(r->fields[i].name) || strstr(r->fields[i].name, "::")) r->fields[i].name = "";
    r->fields[i].type = lower_type(fr, clang_getCursorType(f), NULL, f);
    r->fields[i].is_bitfield = clang_Cursor_isBitField(f);
    r->fields[i].width = clang_getFieldDeclBitWidth(f);
    if (has_attr(f, CXCursor_AlignedAttr)) r->fields[i].align = field_align(decl, f);
  }
  if (r->local && !r->nested) {  /* after the local types its fields use */
    TypeDecl *d = xmalloc(sizeof *d);
    d->kind = TD_RECORD;
    d->rec = r;
    vec_push(&fr->m->typedecls, d);
  }
  return r;
}

/* VLA lengths: the size expressions are the non-initializer expression
 * children of the declaration, outermost dimension first.
 * XXX(libclang 19): no API returns a VariableArrayType's size expression. */
static CXCursor vla_size_cursor(CXCursor decl, int dim) {
  CXCursor found = clang_getNullCursor();
  if (clang_Cursor_isNull(decl)) return found;
  CXCursor *kids;
  int n = cx_children(decl, &kids);
  CXCursor init = clang_Cursor_getVarDeclInitializer(decl);
  /* XXX(libclang 19): the size expressions come innermost dimension first */
  int count = 0;
  for (int i = 0; i < n; i++)
    if (clang_isExpression(clang_getCursorKind(kids[i])) &&
        (clang_Cursor_isNull(init) || !clang_equalCursors(kids[i], init)))
      count++;
  int seen = 0;
  for (int i = 0; i < n && clang_Cursor_isNull(found); i++) {
    if (!clang_isExpression(clang_getCursorKind(kids[i]))) continue;
    if (!clang_Cursor_isNull(init) && clang_equalCursors(kids[i], init)) continue;
    if (seen++ == count - 1 - dim) found = kids[i];
  }
  free(kids);
  return found;
}

static Expr *vla_length(Lower *l, CXCursor decl, int dim) {
  if (!l) return NULL;
  CXCursor e = vla_size_cursor(decl, dim);
  return clang_Cursor_isNull(e) ? NULL : lower_expr(l, e);
}

/* A length C counts as variable but that is a constant: const int N = 8;
 * double a[N] (a const local with a constant initializer, also in
 * N * 2); -1 when it is not. */
static long vla_constant(CXCursor decl, int dim) {
  CXCursor e = vla_size_cursor(decl, dim);
  if (clang_Cursor_isNull(e)) return -1;
  CXEvalResult r = clang_Cursor_Evaluate(e);
  if (!r) return -1;
  long v = clang_EvalResult_getKind(r) == CXEval_Int ? (long)clang_EvalResult_getAsLongLong(r) : -1;
  clang_EvalResult_dispose(r);
  return v > 0 ? v : -1;
}

static Type *lower_type_dim(Front *fr, CXType t, Lower *l, CXCursor decl, int dim) {
  bool is_const = clang_isConstQualifiedType(t);
  bool is_volatile = clang_isVolatileQualifiedType(t);
  if (t.kind == CXType_Elaborated) t = clang_Type_getNamedType(t);
  /* __typeof__(e) (clang's <tgmath.h> casts to one): what it names */
  if (t.kind == CXType_Unexposed && clang_getCanonicalType(t).kind != CXType_Unexposed) t = clang_getCanonicalType(t);
  Type *r = NULL;
  if (t.kind == CXType_Typedef) {
    char *name = cx_str(clang_getTypedefName(t));
    CXType canon = clang_getCanonicalType(t);
    r = xmalloc(sizeof *r);
    *r = *lower_type_dim(fr, canon, l, decl, dim);
    if (in_function(clang_getTypeDeclaration(t))) {  /* a block-scope typedef: printed as what it names */
      r->is_const = is_const || r->is_const;
      r->is_volatile = is_volatile || r->is_volatile;
      return r;
    }
    /* A typedef of an array or pointer prints by name; its parts stay known.
     * A typedef that is itself const (typedef const double creal) prints
     * as what it names, so derivative code can drop the const. */
    if (clang_isConstQualifiedType(canon))
      r->name = r->kind == TY_RECORD ? NULL : cx_str(clang_getTypeSpelling(clang_getUnqualifiedType(canon)));
    else
      r->name = name;
    if (r->kind == TY_RECORD && r->rec && !r->rec->tdname && !r->rec->tag) r->rec->tdname = name;
    r->is_const = is_const || r->is_const;
      r->is_volatile = is_volatile || r->is_volatile;
    return r;
  }
  switch (t.kind) {
  case CXType_Void: r = ty_new(TY_VOID, "void"); break;
  case CXType_Float: r = ty_new(TY_FLOAT, "float"); break;
  case CXType_Double: r = ty_new(TY_DOUBLE, "double"); break;
  case CXType_LongDouble:
    r = ty_new(TY_LDOUBLE, "long double");
    fr->m->uses_ldouble = true;
    break;
  case CXType_Bool:
  case CXType_Char_U:
  case CXType_UChar:
  case CXType_Char_S:
  case CXType_SChar:
  case CXType_UShort:
  case CXType_UInt:
  case CXType_ULong:
  case CXType_ULongLong:
  case CXType_Short:
  case CXType_Int:
  case CXType_Long:
  case CXType_LongLong:
  case CXType_Int128:
  case CXType_UInt128:
  case CXType_Enum: {
    CXType u = t;
    u = clang_getUnqualifiedType(u);
    char *name = cx_str(clang_getTypeSpelling(u));
    /* enum { A, B } e: an untagged enum cannot be named again; its
     * integer type has its size (its constants are defined elsewhere) */
    if (is_anonymous_name(name) || (t.kind == CXType_Enum && in_function(clang_getTypeDeclaration(t))))
      name = cx_str(clang_getTypeSpelling(clang_getEnumDeclIntegerType(clang_getTypeDeclaration(t))));
    r = ty_new(TY_INT, name);
    r->is_enum = t.kind == CXType_Enum && !str_eq(name, cx_str(clang_getTypeSpelling(clang_getEnumDeclIntegerType(clang_getTypeDeclaration(t)))));
    CXType k = t.kind == CXType_Enum ? clang_getEnumDeclIntegerType(clang_getTypeDeclaration(t)) : t;
    k = clang_getCanonicalType(k);
    r->is_unsigned = k.kind == CXType_Bool || k.kind == CXType_Char_U || k.kind == CXType_UChar ||
                     k.kind == CXType_UShort || k.kind == CXType_UInt || k.kind == CXType_ULong ||
                     k.kind == CXType_ULongLong || k.kind == CXType_UInt128;
    long long size = clang_Type_getSizeOf(k);
    r->narrow = size > 0 && size <= 4;
    break;
  }
  case CXType_Pointer: {
    CXType pt = clang_getPointeeType(t);
    CXType pc = clang_getCanonicalType(pt);
    if (pc.kind == CXType_FunctionProto || pc.kind == CXType_FunctionNoProto) {
      /* Function pointers print through their full spelling. */
      r = ty_new(TY_PTR, cx_str(clang_getTypeSpelling(clang_getUnqualifiedType(t))));
      r->base = ty_new(TY_FUNC, NULL);
    } else if (l && clang_getCanonicalType(pt).kind == CXType_VariableArray) {
      /* double (*m)[n] = ...: a local pointer to rows of a run-time length,
       * which the declaration spells (the pointer is no dimension) */
      r = ty_ptr(lower_type_dim(fr, pt, l, decl, dim));
    } else {
      r = ty_ptr(lower_type_dim(fr, pt, NULL, clang_getNullCursor(), 0));
    }
    break;
  }
  case CXType_ConstantArray:
  case CXType_IncompleteArray:
  case CXType_VariableArray:
  case CXType_DependentSizedArray:
    r = ty_new(TY_ARRAY, NULL);
    r->base = lower_type_dim(fr, clang_getArrayElementType(t), l, decl, dim + 1);
    r->len = t.kind == CXType_ConstantArray ? (long)clang_getArraySize(t) : -1;
    if (t.kind == CXType_VariableArray && (r->len = vla_constant(decl, dim)) < 0) r->vla = vla_length(l, decl, dim);
    break;
  case CXType_Record: {
    r = ty_new(TY_RECORD, NULL);
    r->rec = lower_record(fr, clang_getTypeDeclaration(t));
    break;
  }
  case CXType_FunctionProto:
  case CXType_FunctionNoProto: r = ty_new(TY_FUNC, NULL); break;
  case CXType_Complex: {
    /* float or double complex (long double complex is refused where used) */
    enum CXTypeKind ek = clang_getCanonicalType(clang_getElementType(t)).kind;
    if (ek != CXType_Float && ek != CXType_Double) {
      r = ty_new(TY_INT, cx_str(clang_getTypeSpelling(clang_getUnqualifiedType(t))));
      break;
    }
    r = xmalloc(sizeof *r);
    *r = *ty_complex(ek == CXType_Float ? ty_float() : ty_double());
    fr->m->uses_complex = true;
    break;
  }
  default: {
    /* sugar over another type (__auto_type, an attributed type): what it
     * stands for, never an integer named "double" that carries nothing */
    CXType canon = clang_getCanonicalType(t);
    if (canon.kind != t.kind && canon.kind != CXType_Unexposed && canon.kind != CXType_Invalid) {
      r = xmalloc(sizeof *r);
      *r = *lower_type_dim(fr, canon, l, decl, dim);
      r->is_const = is_const || r->is_const;
      r->is_volatile = is_volatile || r->is_volatile;
      return r;
    }
    r = ty_new(TY_INT, cx_str(clang_getTypeSpelling(clang_getUnqualifiedType(t))));
    break;
  }
  }
  r->is_const = is_const;
  r->is_volatile = is_volatile;
  return r;
}

Type *lower_type(Front *fr, CXType t, Lower *l, CXCursor decl) { return lower_type_dim(fr, t, l, decl, 0); }
