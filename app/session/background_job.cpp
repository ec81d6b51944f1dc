#include "background_job.h"

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace archscape::app {

namespace {
// Niceness of the background threads (0 = the UI thread's, 19 = lowest).
constexpr int kBackgroundNice = 10;
} // namespace

void runInBackgroundPriority() {
#ifdef __linux__
    thread_local bool lowered = false;
    if (lowered) return;
    lowered = true;
    setpriority(PRIO_PROCESS, pid_t(syscall(SYS_gettid)), kBackgroundNice);
#endif
}

} // namespace archscape::app
