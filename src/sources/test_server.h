// Test helper: a tiny HTTP/1.1 server on 127.0.0.1 (an ephemeral port) that answers each
// request with a handler's reply and closes the connection. Stand-in for credential
// endpoints, STS, SQS error replies, and for a source that hangs or talks garbage.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace swell::sources::testing {

struct TestRequest {
  std::string method, target;                          // "POST", "/latest/api/token"
  mutable std::map<std::string, std::string> headers;  // names lowercased ([] in handlers)
  std::string body;
};

struct TestReply {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  bool hang = false;     // accept and never answer (a source that hangs)
  bool garbage = false;  // answer bytes that are not HTTP
};

class TestServer {
 public:
  using Handler = std::function<TestReply(const TestRequest&)>;

  explicit TestServer(Handler handler) : handler_(std::move(handler)) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    listen(fd_, 64);
    socklen_t len = sizeof addr;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Loop(); });
  }
  ~TestServer() {
    stop_ = true;
    thread_.join();
    for (int c : hung_) close(c);
    close(fd_);
  }

  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // Every request received so far.
  std::vector<TestRequest> requests() {
    std::lock_guard<std::mutex> lock(mu_);
    return requests_;
  }

 private:
  void Loop() {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, 50) <= 0) continue;
      int c = accept(fd_, nullptr, nullptr);
      if (c < 0) continue;
      Serve(c);
    }
  }

  static bool ReadRequest(int c, TestRequest* r) {
    std::string data;
    char buf[4096];
    size_t header_end = std::string::npos;
    size_t need = 0;
    while (true) {
      pollfd p{c, POLLIN, 0};
      if (poll(&p, 1, 2000) <= 0) return false;
      ssize_t n = recv(c, buf, sizeof buf, 0);
      if (n <= 0) return false;
      data.append(buf, static_cast<size_t>(n));
      if (header_end == std::string::npos) {
        header_end = data.find("\r\n\r\n");
        if (header_end == std::string::npos) continue;
        size_t line_end = data.find("\r\n");
        std::string line = data.substr(0, line_end);
        r->method = line.substr(0, line.find(' '));
        r->target = line.substr(line.find(' ') + 1, line.rfind(' ') - line.find(' ') - 1);
        size_t pos = line_end + 2;
        while (pos < header_end) {
          size_t e = data.find("\r\n", pos);
          std::string h = data.substr(pos, e - pos);
          size_t colon = h.find(':');
          std::string name = h.substr(0, colon);
          for (char& ch : name)
            ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
          std::string value = h.substr(colon + 1);
          while (!value.empty() && value[0] == ' ') value.erase(0, 1);
          r->headers[name] = value;
          pos = e + 2;
        }
        auto cl = r->headers.find("content-length");
        need = cl == r->headers.end() ? 0 : std::stoul(cl->second);
      }
      if (data.size() >= header_end + 4 + need) {
        r->body = data.substr(header_end + 4, need);
        return true;
      }
    }
  }

  void Serve(int c) {
    TestRequest req;
    if (!ReadRequest(c, &req)) {
      close(c);
      return;
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      requests_.push_back(req);
    }
    TestReply reply = handler_(req);
    if (reply.hang) {
      hung_.push_back(c);
      return;
    }
    std::string out;
    if (reply.garbage) {
      out = "\x01\x02 this is not HTTP\r\n\r\n";
    } else {
      out = "HTTP/1.1 " + std::to_string(reply.status) +
            " X\r\nContent-Type: " + reply.content_type +
            "\r\nContent-Length: " + std::to_string(reply.body.size()) +
            "\r\nConnection: close\r\n\r\n" + reply.body;
    }
    send(c, out.data(), out.size(), MSG_NOSIGNAL);
    close(c);
  }

  Handler handler_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::vector<int> hung_;
  std::mutex mu_;
  std::vector<TestRequest> requests_;
};

}  // namespace swell::sources::testing
