// RawHttp: a test client that writes exactly the bytes it is given — malformed framing, slow
// bytes, idle keep-alive connections — which a real HTTP client library refuses to send.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>

namespace hilfsnetz::testing {

struct RawResponse {
  int status = 0;                              // 0: no (complete) response
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  bool closed = false;  // the server closed the connection after it
};

class RawConnection {
 public:
  explicit RawConnection(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      ::close(fd_);
      fd_ = -1;
    }
    const int one = 1;
    if (fd_ >= 0) ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  ~RawConnection() {
    if (fd_ >= 0) ::close(fd_);
  }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool ok() const { return fd_ >= 0; }

  // False when the server closed or reset the connection.
  bool Send(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

  // Reads one response (Content-Length framed, or up to the close) within `timeout`.
  RawResponse Read(std::chrono::milliseconds timeout = std::chrono::milliseconds(10000)) {
    RawResponse r;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    size_t header_end = std::string::npos;
    size_t length = std::string::npos;
    while (true) {
      if (header_end == std::string::npos &&
          (header_end = buffer_.find("\r\n\r\n")) != std::string::npos) {
        ParseHead(buffer_.substr(0, header_end), r);
        auto cl = r.headers.find("content-length");
        if (cl != r.headers.end()) length = std::strtoul(cl->second.c_str(), nullptr, 10);
        if (r.status == 204 || r.status == 304 || r.status / 100 == 1) length = 0;
      }
      if (header_end != std::string::npos && length != std::string::npos &&
          buffer_.size() >= header_end + 4 + length) {
        r.body = buffer_.substr(header_end + 4, length);
        buffer_.erase(0, header_end + 4 + length);
        return r;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) break;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
      char chunk[65536];
      const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n <= 0) {
        r.closed = true;
        break;
      }
      buffer_.append(chunk, static_cast<size_t>(n));
    }
    if (header_end != std::string::npos && length == std::string::npos) {
      r.body = buffer_.substr(header_end + 4);  // framed by the close
      return r;
    }
    if (header_end == std::string::npos) r.status = 0;
    return r;
  }

  // Whether the server has closed the connection (waits up to `timeout` for it).
  bool ClosedByServer(std::chrono::milliseconds timeout) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return false;
    char c;
    return ::recv(fd_, &c, 1, MSG_PEEK) <= 0;
  }

 private:
  static void ParseHead(const std::string& head, RawResponse& r) {
    size_t eol = head.find("\r\n");
    const std::string status_line = head.substr(0, eol);
    const size_t sp = status_line.find(' ');
    if (sp != std::string::npos) r.status = std::atoi(status_line.c_str() + sp + 1);
    while (eol != std::string::npos) {
      const size_t start = eol + 2;
      eol = head.find("\r\n", start);
      const std::string line =
          head.substr(start, eol == std::string::npos ? std::string::npos : eol - start);
      const size_t colon = line.find(':');
      if (colon == std::string::npos) continue;
      std::string name = line.substr(0, colon);
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      size_t v = colon + 1;
      while (v < line.size() && line[v] == ' ') ++v;
      r.headers[name] = line.substr(v);
    }
  }

  int fd_ = -1;
  std::string buffer_;
};

// One request on a fresh connection.
inline RawResponse RawExchange(int port, std::string_view bytes) {
  RawConnection c(port);
  if (!c.ok() || !c.Send(bytes)) return {};
  return c.Read();
}

}  // namespace hilfsnetz::testing
