/* Test-only stand-in for mscms.dll: Wine 8.0's WcsCreateIccProfile aborts, and qwindows.dll calls it for the
   monitor's colour profile. Here no profile opens, so Qt keeps sRGB. Prefix only (WINEDLLOVERRIDES=mscms=n). */
#include <windows.h>
__declspec(dllexport) HANDLE WINAPI OpenColorProfileW(void *p, DWORD a, DWORD s, DWORD c)
{ (void)p; (void)a; (void)s; (void)c; SetLastError(ERROR_FILE_NOT_FOUND); return NULL; }
__declspec(dllexport) HANDLE WINAPI WcsCreateIccProfile(HANDLE p, DWORD o) { (void)p; (void)o; return NULL; }
__declspec(dllexport) BOOL WINAPI GetColorProfileFromHandle(HANDLE p, BYTE *b, DWORD *n) { (void)p; (void)b; if (n) *n = 0; return FALSE; }
__declspec(dllexport) BOOL WINAPI CloseColorProfile(HANDLE p) { (void)p; return TRUE; }
