// ThreadSanitizer cannot see librdkafka's threads and locks: librdkafka
// uses C11 <threads.h>, which glibc 2.36 implements by calling its internal
// pthread functions directly, past the pthread_create and
// pthread_mutex_lock that GCC 12's libtsan intercepts. Under TSan, every
// librdkafka thread then crashed in TSan's allocator. Preloaded
// (LD_PRELOAD), this library defines the C11 calls librdkafka uses on top
// of the public pthread ones, which resolve to libtsan's interceptors in an
// instrumented program and to glibc in any other (Go binaries ignore it).
// Built without instrumentation; glibc's C11 types share the layout of the
// pthread ones. Used by tests/sanitizers/run-tsan.sh.
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <threads.h>

static int map_error(int rc) {
  if (rc == 0) return thrd_success;
  if (rc == ENOMEM) return thrd_nomem;
  if (rc == EBUSY) return thrd_busy;
  if (rc == ETIMEDOUT) return thrd_timedout;
  return thrd_error;
}

struct start {
  thrd_start_t fn;
  void* arg;
};

static void* trampoline(void* p) {
  struct start s = *(struct start*)p;
  free(p);
  return (void*)(intptr_t)s.fn(s.arg);
}

int thrd_create(thrd_t* thr, thrd_start_t fn, void* arg) {
  struct start* s = malloc(sizeof *s);
  if (!s) return thrd_nomem;
  s->fn = fn;
  s->arg = arg;
  int rc = pthread_create((pthread_t*)thr, NULL, trampoline, s);
  if (rc) free(s);
  return map_error(rc);
}

int thrd_join(thrd_t thr, int* res) {
  void* value = NULL;
  int rc = pthread_join((pthread_t)thr, &value);
  if (rc == 0 && res) *res = (int)(intptr_t)value;
  return map_error(rc);
}

int thrd_detach(thrd_t thr) { return map_error(pthread_detach((pthread_t)thr)); }

int mtx_init(mtx_t* m, int type) {
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  if (type & mtx_recursive) pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
  int rc = pthread_mutex_init((pthread_mutex_t*)m, &attr);
  pthread_mutexattr_destroy(&attr);
  return map_error(rc);
}
int mtx_lock(mtx_t* m) { return map_error(pthread_mutex_lock((pthread_mutex_t*)m)); }
int mtx_trylock(mtx_t* m) { return map_error(pthread_mutex_trylock((pthread_mutex_t*)m)); }
int mtx_timedlock(mtx_t* m, const struct timespec* t) {
  return map_error(pthread_mutex_timedlock((pthread_mutex_t*)m, t));
}
int mtx_unlock(mtx_t* m) { return map_error(pthread_mutex_unlock((pthread_mutex_t*)m)); }
void mtx_destroy(mtx_t* m) { pthread_mutex_destroy((pthread_mutex_t*)m); }

int cnd_init(cnd_t* c) { return map_error(pthread_cond_init((pthread_cond_t*)c, NULL)); }
int cnd_signal(cnd_t* c) { return map_error(pthread_cond_signal((pthread_cond_t*)c)); }
int cnd_broadcast(cnd_t* c) { return map_error(pthread_cond_broadcast((pthread_cond_t*)c)); }
int cnd_wait(cnd_t* c, mtx_t* m) {
  return map_error(pthread_cond_wait((pthread_cond_t*)c, (pthread_mutex_t*)m));
}
int cnd_timedwait(cnd_t* c, mtx_t* m, const struct timespec* t) {
  return map_error(pthread_cond_timedwait((pthread_cond_t*)c, (pthread_mutex_t*)m, t));
}
void cnd_destroy(cnd_t* c) { pthread_cond_destroy((pthread_cond_t*)c); }

void call_once(once_flag* flag, void (*fn)(void)) { pthread_once((pthread_once_t*)flag, fn); }
