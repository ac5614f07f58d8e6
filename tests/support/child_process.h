// Child processes for end-to-end tests of the `hilfsnetz` executable: start it with arguments,
// stdin from a file, stdout and stderr into files; wait with a timeout.
//
//   Child c = Child::Spawn({HN_CLI_PATH, "serve", ...}, "/dev/null", tmp.Path("out"),
//                          tmp.Path("err"));
//   int status = WaitChild(c.pid, std::chrono::seconds(30));   // -1: timed out (killed)
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace hilfsnetz::testing {

struct Child {
  pid_t pid = -1;  // -1: the spawn failed (with a test failure)

  // argv[0] is the executable's path; the output files are created or truncated.
  static Child Spawn(std::vector<std::string> argv, const std::string& stdin_path,
                     const std::string& stdout_path, const std::string& stderr_path);
};

// The raw wait status, or -1 when the child did not exit within `timeout` (it is then killed
// with SIGKILL and reaped).
int WaitChild(pid_t pid, std::chrono::milliseconds timeout = std::chrono::seconds(30));

}  // namespace hilfsnetz::testing
