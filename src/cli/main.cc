#include <cstdio>

int main() {
  std::puts("swell");
  return 0;
}
