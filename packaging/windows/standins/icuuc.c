/* Test-only stand-in for Windows 10 1703+'s icuuc.dll, which Wine 8 lacks: Qt6Core imports 20 ucnv_* functions
   (legacy text codecs) from it. No converter ever opens. Built into the Wine prefix only, never into the bundle. */
#include <stddef.h>
#include <stdint.h>
#define X __declspec(dllexport)
static void fail(int *e) { if (e && *e <= 0) *e = 4; /* U_FILE_ACCESS_ERROR */ }
X void *ucnv_open(const char *n, int *e) { (void)n; fail(e); return NULL; }
X void ucnv_close(void *c) { (void)c; }
X void ucnv_reset(void *c) { (void)c; }
X int8_t ucnv_getMaxCharSize(const void *c) { (void)c; return 1; }
X const char *ucnv_getName(const void *c, int *e) { (void)c; fail(e); return NULL; }
X const char *ucnv_getStandardName(const char *n, const char *s, int *e) { (void)n; (void)s; (void)e; return NULL; }
X const char *ucnv_getAvailableName(int32_t n) { (void)n; return NULL; }
X int32_t ucnv_countAvailable(void) { return 0; }
X int32_t ucnv_toUCountPending(const void *c, int *e) { (void)c; fail(e); return 0; }
X int32_t ucnv_fromUCountPending(const void *c, int *e) { (void)c; fail(e); return 0; }
X void ucnv_getToUCallBack(const void *c, void **a, const void **x) { (void)c; if (a) *a = NULL; if (x) *x = NULL; }
X void ucnv_getFromUCallBack(const void *c, void **a, const void **x) { (void)c; if (a) *a = NULL; if (x) *x = NULL; }
X void ucnv_setToUCallBack(void *c, void *a, const void *x, void **oa, const void **ox, int *e)
{ (void)c; (void)a; (void)x; if (oa) *oa = NULL; if (ox) *ox = NULL; fail(e); }
X void ucnv_setFromUCallBack(void *c, void *a, const void *x, void **oa, const void **ox, int *e)
{ (void)c; (void)a; (void)x; if (oa) *oa = NULL; if (ox) *ox = NULL; fail(e); }
X void ucnv_toUnicode(void *c, void **t, const void *tl, const char **s, const char *sl, int32_t *o, int8_t f, int *e)
{ (void)c; (void)t; (void)tl; (void)s; (void)sl; (void)o; (void)f; fail(e); }
X void ucnv_fromUnicode(void *c, char **t, const char *tl, const void **s, const void *sl, int32_t *o, int8_t f, int *e)
{ (void)c; (void)t; (void)tl; (void)s; (void)sl; (void)o; (void)f; fail(e); }
X void ucnv_cbToUWriteUChars(void *a, const void *s, int32_t l, int32_t o, int *e) { (void)a; (void)s; (void)l; (void)o; fail(e); }
X void ucnv_cbFromUWriteUChars(void *a, const void **s, const void *sl, int32_t o, int *e) { (void)a; (void)s; (void)sl; (void)o; fail(e); }
X void UCNV_FROM_U_CALLBACK_SUBSTITUTE(const void *c, void *a, const void *u, int32_t l, int32_t p, int r, int *e)
{ (void)c; (void)a; (void)u; (void)l; (void)p; (void)r; (void)e; }
X void UCNV_TO_U_CALLBACK_SUBSTITUTE(const void *c, void *a, const char *u, int32_t l, int r, int *e)
{ (void)c; (void)a; (void)u; (void)l; (void)r; (void)e; }
