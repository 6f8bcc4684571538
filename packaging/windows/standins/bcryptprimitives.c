/* Test-only stand-in for Windows 8+'s bcryptprimitives.dll, which Wine 8 lacks: Rust's std (in cryptography's
   _rust.pyd and in nh3) imports ProcessPrng. Built into the Wine prefix only, never into the bundle. */
#include <windows.h>
#include <bcrypt.h>
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size)
{
    while (size) {
        ULONG chunk = size > 0x10000000 ? 0x10000000 : (ULONG)size;
        if (BCryptGenRandom(NULL, data, chunk, BCRYPT_USE_SYSTEM_PREFERRED_RNG)) return FALSE;
        data += chunk;
        size -= chunk;
    }
    return TRUE;
}
