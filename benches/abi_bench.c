/* abi_bench.c: measures a libtdjson through its C ABI only (dlopen), so ours and TDLib's are
 * measured by the same code.  Build: cc -O2 -o abi_bench abi_bench.c -ldl
 *   abi_bench LIB exec N REPS   td_execute calls/s for the requests below (best of REPS)
 *   abi_bench LIB latency N     td_send -> td_receive round trip of getOption(version), one client
 *   abi_bench LIB rss CLIENTS   VmRSS growth from process start to CLIENTS idle clients
 * Output is one "key value" line per figure, for benches/run.sh to compare. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef const char *(*execute_t)(const char *);
typedef int (*create_t)(void);
typedef void (*send_t)(int, const char *);
typedef const char *(*receive_t)(double);
static execute_t td_execute;
static create_t td_create_client_id;
static send_t td_send;
static receive_t td_receive;

static double seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long status_kib(const char *key) {
  char line[256];
  long value = -1;
  size_t n = strlen(key);
  FILE *f = fopen("/proc/self/status", "r");
  if (!f) return -1;
  while (fgets(line, sizeof line, f))
    if (strncmp(line, key, n) == 0) { value = atol(line + n); break; }
  fclose(f);
  return value;
}

static void open_lib(const char *path) {
  void *lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!lib) { fprintf(stderr, "dlopen: %s\n", dlerror()); exit(1); }
  td_execute = (execute_t)dlsym(lib, "td_execute");
  td_create_client_id = (create_t)dlsym(lib, "td_create_client_id");
  td_send = (send_t)dlsym(lib, "td_send");
  td_receive = (receive_t)dlsym(lib, "td_receive");
  if (!td_execute || !td_create_client_id || !td_send || !td_receive) {
    fprintf(stderr, "%s lacks a td_* symbol\n", path);
    exit(1);
  }
  td_execute("{\"@type\":\"setLogVerbosityLevel\",\"new_verbosity_level\":0}");
}

/* ~200 characters with ten entities of different kinds, and a MarkdownV2 text of similar size. */
static const char *ENTITIES =
    "{\"@type\":\"getTextEntities\",\"text\":\"Hello @durov, see https://telegram.org and t.me/tdlib "
    "#tdlib $USD /start@bot mail me: test@example.com, call +1 (555) 123-4567, card 4242424242424242, "
    "cmd /help and \\u0141\\u00d3D\\u0179 \\ud83d\\ude00 www.example.org/path?q=1\"}";
static const char *MARKDOWN =
    "{\"@type\":\"parseTextEntities\",\"text\":\"*bold* _italic_ __underline__ ~strike~ ||spoiler|| "
    "`code` [link](https://t.me) [mention](tg://user?id=123) \\\\*escaped\\\\* and some more plain "
    "text to reach about two hundred characters in total, *bold again* _x_\","
    "\"parse_mode\":{\"@type\":\"textParseModeMarkdown\",\"version\":2}}";

static void exec_rate(const char *name, const char *request, long n, int reps) {
  const char *first = td_execute(request);
  if (!first || strstr(first, "\"@type\":\"error\"")) {
    fprintf(stderr, "%s: %s\n", name, first ? first : "NULL");
    exit(1);
  }
  size_t expected = strlen(first);
  double best = 0;
  for (int r = 0; r < reps; r++) {
    size_t total = 0;
    double t0 = seconds();
    for (long i = 0; i < n; i++) total += strlen(td_execute(request));
    double rate = (double)n / (seconds() - t0);
    if (total != expected * (size_t)n) { fprintf(stderr, "%s: answer changed\n", name); exit(1); }
    if (rate > best) best = rate;
  }
  printf("exec_%s_calls_per_s %.0f\n", name, best);
}

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static void await_extra(long tag) {
  char needle[48];
  snprintf(needle, sizeof needle, "\"@extra\":%ld,", tag);
  double deadline = seconds() + 10;
  while (seconds() < deadline) {
    const char *answer = td_receive(1.0);
    if (answer && strstr(answer, needle)) return;
  }
  fprintf(stderr, "no answer for @extra %ld\n", tag);
  exit(1);
}

static void latency(long n) {
  int client = td_create_client_id();
  td_send(client, "{\"@type\":\"getOption\",\"name\":\"version\",\"@extra\":0}");
  await_extra(0);
  while (td_receive(0.2)) {}
  double *samples = malloc(sizeof(double) * (size_t)n);
  char request[96];
  for (long i = 0; i < n; i++) {
    snprintf(request, sizeof request, "{\"@type\":\"getOption\",\"name\":\"version\",\"@extra\":%ld}", i + 1);
    double t0 = seconds();
    td_send(client, request);
    await_extra(i + 1);
    samples[i] = seconds() - t0;
  }
  qsort(samples, (size_t)n, sizeof(double), by_value);
  printf("latency_median_us %.2f\nlatency_p90_us %.2f\nlatency_p99_us %.2f\n", samples[n / 2] * 1e6,
         samples[n * 9 / 10] * 1e6, samples[n * 99 / 100] * 1e6);
  free(samples);
}

static void rss(const char *path, int clients) {
  long start = status_kib("VmRSS:");
  open_lib(path);
  long loaded = status_kib("VmRSS:");
  for (int i = 0; i < clients; i++) {
    char request[96];
    snprintf(request, sizeof request, "{\"@type\":\"getOption\",\"name\":\"version\",\"@extra\":%d}", i);
    td_send(td_create_client_id(), request);
  }
  int answers = 0;
  while (answers < clients) {
    const char *answer = td_receive(10.0);
    if (!answer) { fprintf(stderr, "only %d of %d answers\n", answers, clients); exit(1); }
    if (strstr(answer, "\"@type\":\"optionValueString\"")) answers++;
  }
  while (td_receive(0.5)) {}
  long end = status_kib("VmRSS:");
  printf("rss_library_kib %ld\nrss_clients_kib %ld\nrss_total_kib %ld\nthreads %ld\n", loaded - start,
         end - loaded, end - start, status_kib("Threads:"));
}

int main(int argc, char **argv) {
  if (argc < 4) { fprintf(stderr, "usage: %s LIB exec N REPS | latency N | rss CLIENTS\n", argv[0]); return 2; }
  const char *mode = argv[2];
  if (strcmp(mode, "rss") == 0) {
    rss(argv[1], atoi(argv[3]));
  } else {
    open_lib(argv[1]);
    if (strcmp(mode, "exec") == 0) {
      long n = atol(argv[3]);
      int reps = argc > 4 ? atoi(argv[4]) : 3;
      exec_rate("getTextEntities", ENTITIES, n, reps);
      exec_rate("parseTextEntities", MARKDOWN, n, reps);
    } else if (strcmp(mode, "latency") == 0) {
      latency(atol(argv[3]));
    } else {
      fprintf(stderr, "unknown mode %s\n", mode);
      return 2;
    }
  }
  fflush(stdout);
  _exit(0); /* live clients: skip the libraries' destructors */
}
