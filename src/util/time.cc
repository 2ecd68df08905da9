#include "util/time.h"

#include <cstdio>

namespace swell {

std::string FormatRfc3339(TimePoint t) {
  using namespace std::chrono;
  auto days = floor<std::chrono::days>(t);
  year_month_day ymd{days};
  auto rem = t - days;
  auto h = duration_cast<hours>(rem);
  rem -= h;
  auto m = duration_cast<minutes>(rem);
  rem -= m;
  auto s = duration_cast<seconds>(rem);
  rem -= s;
  char buf[64];
  int n = std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02lld",
                        static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                        static_cast<unsigned>(ymd.day()), static_cast<int>(h.count()),
                        static_cast<int>(m.count()), static_cast<long long>(s.count()));
  std::string out(buf, static_cast<size_t>(n));
  long long us = rem.count();
  if (us != 0) {
    char frac[16];
    std::snprintf(frac, sizeof frac, ".%06lld", us);
    std::string f(frac);
    while (f.back() == '0') f.pop_back();
    out += f;
  }
  out += "Z";
  return out;
}

std::string FormatGoDuration(Duration d) {
  long long us = d.count();
  if (us == 0) return "0s";
  std::string sign = us < 0 ? "-" : "";
  unsigned long long u =
      us < 0 ? static_cast<unsigned long long>(-us) : static_cast<unsigned long long>(us);
  char buf[64];
  if (u < 1000000ULL) {
    // Below one second Go prints the largest fitting unit with a fraction: 1.5ms, 250µs.
    if (u < 1000ULL) {
      std::snprintf(buf, sizeof buf, "%lluµs", u);
    } else {
      unsigned long long ms = u / 1000, frac = u % 1000;
      if (frac == 0) {
        std::snprintf(buf, sizeof buf, "%llums", ms);
      } else {
        char f[8];
        std::snprintf(f, sizeof f, "%03llu", frac);
        std::string fs(f);
        while (fs.back() == '0') fs.pop_back();
        std::snprintf(buf, sizeof buf, "%llu.%sms", ms, fs.c_str());
      }
    }
    return sign + buf;
  }
  unsigned long long total_s = u / 1000000ULL, frac_us = u % 1000000ULL;
  unsigned long long h = total_s / 3600, m = (total_s / 60) % 60, s = total_s % 60;
  std::string secs = std::to_string(s);
  if (frac_us != 0) {
    char f[8];
    std::snprintf(f, sizeof f, "%06llu", frac_us);
    std::string fs(f);
    while (fs.back() == '0') fs.pop_back();
    secs += "." + fs;
  }
  std::string out = sign;
  if (h > 0) out += std::to_string(h) + "h";
  if (h > 0 || m > 0) out += std::to_string(m) + "m";
  out += secs + "s";
  return out;
}

}  // namespace swell

namespace swell {
namespace {
bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; i++) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}
}  // namespace

bool ParseRfc3339(std::string_view s, TimePoint* out) {
  using namespace std::chrono;
  int y, mo, d, h, mi, se;
  if (!Digits(s, 0, 4, &y) || s.size() < 20 || s[4] != '-' || !Digits(s, 5, 2, &mo) ||
      s[7] != '-' || !Digits(s, 8, 2, &d) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
      !Digits(s, 11, 2, &h) || s[13] != ':' || !Digits(s, 14, 2, &mi) || s[16] != ':' ||
      !Digits(s, 17, 2, &se)) {
    return false;
  }
  year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || se > 60) return false;
  size_t i = 19;
  int64_t frac_us = 0;
  if (i < s.size() && s[i] == '.') {
    i++;
    size_t start = i;
    int64_t scale = 100000;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      frac_us += (s[i] - '0') * scale;
      scale /= 10;
      i++;
    }
    if (i == start) return false;
  }
  int64_t offset_s = 0;
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
    i++;
  } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    int oh, om;
    if (!Digits(s, i + 1, 2, &oh) || i + 3 >= s.size() || s[i + 3] != ':' ||
        !Digits(s, i + 4, 2, &om)) {
      return false;
    }
    offset_s = (oh * 3600 + om * 60) * (s[i] == '-' ? -1 : 1);
    i += 6;
  } else {
    return false;
  }
  if (i != s.size()) return false;
  TimePoint t = sys_days(ymd) + hours(h) + minutes(mi) + seconds(se) + microseconds(frac_us) -
                seconds(offset_s);
  *out = t;
  return true;
}

}  // namespace swell
