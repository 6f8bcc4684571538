/* The trace audit's baseline: a trivial windowed program that shows a window, pumps messages briefly and exits,
   so whatever Wine itself writes for any windowed program cancels out of the comparison. */
#include <windows.h>
int WINAPI WinMain(HINSTANCE instance, HINSTANCE previous, LPSTR command, int show)
{
    (void)previous; (void)command;
    HWND window = CreateWindowExW(0, L"STATIC", L"baseline", WS_OVERLAPPEDWINDOW, 0, 0, 320, 200, NULL, NULL, instance, NULL);
    ShowWindow(window, show ? show : SW_SHOW);
    DWORD until = GetTickCount() + 1500;
    MSG message;
    while (GetTickCount() < until) {
        while (PeekMessageW(&message, NULL, 0, 0, PM_REMOVE)) DispatchMessageW(&message);
        Sleep(20);
    }
    ShowWindow(window, SW_HIDE);
    DestroyWindow(window);
    return 0;
}
