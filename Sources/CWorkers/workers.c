/* Persistent worker threads for cw_workers_run (include/cworkers.h, README.md).

   Each worker owns one slot. To offer worker t a chunk, the caller writes the slot's job and
   then bumps the slot's `posted` counter to the job's number j. Whoever first moves the slot's
   `claimed` from j - 1 to j runs the chunk: the worker when it is awake, or the caller itself
   once its own chunk 0 is done (so a worker that the OS has not scheduled, on a busy machine,
   never holds the job up; DispatchQueue.concurrentPerform's caller does the same). The worker
   reads the job only after it has claimed it and sets `finished` to j when done; the caller
   waits for `finished` only on the chunks the worker claimed, so a slot is never rewritten
   while its worker reads it. A worker that sees no new job for SPIN_NS sleeps on its slot's
   condition variable; the caller signals it under the slot's mutex after posting, and the
   worker checks `posted` under the same mutex before it waits, so no wake-up is lost. */

#define _GNU_SOURCE
#include "cworkers.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define PAUSE() _mm_pause()
#else
#define PAUSE() ((void)0)
#endif

enum { MAX_CHUNKS = 64 };
/* How long an idle worker (or a waiting caller) spins before it sleeps (or yields). A LeNet
   training step leaves a few microseconds between kernels; 100 µs keeps the workers awake
   across them and costs an idle process 100 µs of one core once. */
static const long SPIN_NS = 100 * 1000;

typedef struct {
    _Alignas(64) _Atomic unsigned long posted;
    cw_chunk_fn fn;
    void *context;
    int chunk;
    _Atomic unsigned long claimed;
    _Alignas(64) _Atomic unsigned long finished;
    pthread_mutex_t mutex;
    pthread_cond_t wake;
    int started;
} Slot;

static Slot slots[MAX_CHUNKS];
static atomic_flag busy = ATOMIC_FLAG_INIT;
static int disabled = -1; /* -1: not read yet */

static long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

static void *worker_main(void *arg) {
    Slot *slot = arg;
    unsigned long seen = 0;
    for (;;) {
        unsigned long posted = atomic_load_explicit(&slot->posted, memory_order_acquire);
        if (posted == seen) {
            long start = now_ns();
            unsigned spins = 0;
            while ((posted = atomic_load_explicit(&slot->posted, memory_order_acquire)) == seen) {
                PAUSE();
                if ((++spins & 63) == 0 && now_ns() - start > SPIN_NS) break;
            }
            if (posted == seen) {
                pthread_mutex_lock(&slot->mutex);
                while ((posted = atomic_load_explicit(&slot->posted, memory_order_acquire)) == seen)
                    pthread_cond_wait(&slot->wake, &slot->mutex);
                pthread_mutex_unlock(&slot->mutex);
            }
        }
        seen = posted;
        unsigned long previous = posted - 1;
        if (atomic_compare_exchange_strong(&slot->claimed, &previous, posted)) {
            slot->fn(slot->context, slot->chunk);
            atomic_store_explicit(&slot->finished, posted, memory_order_release);
        }
    }
    return NULL;
}

static int start_worker(Slot *slot) {
    pthread_mutex_init(&slot->mutex, NULL);
    pthread_cond_init(&slot->wake, NULL);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_t thread;
    int ok = pthread_create(&thread, &attr, worker_main, slot) == 0;
    pthread_attr_destroy(&attr);
    if (ok) slot->started = 1;
    return ok;
}

int cw_workers_run(int chunks, cw_chunk_fn fn, void *context) {
    if (chunks < 2 || chunks > MAX_CHUNKS) return 0;
    if (atomic_flag_test_and_set_explicit(&busy, memory_order_acquire)) return 0;
    if (disabled < 0) {
        const char *setting = getenv("CONVWALK_WORKERS");
        disabled = setting != NULL && strcmp(setting, "dispatch") == 0;
    }
    for (int t = 1; t < chunks && !disabled; t++)
        if (!slots[t].started && !start_worker(&slots[t])) disabled = 1;
    if (disabled) {
        atomic_flag_clear_explicit(&busy, memory_order_release);
        return 0;
    }

    unsigned long job[MAX_CHUNKS];
    for (int t = 1; t < chunks; t++) {
        Slot *slot = &slots[t];
        slot->fn = fn;
        slot->context = context;
        slot->chunk = t;
        job[t] = atomic_load_explicit(&slot->posted, memory_order_relaxed) + 1;
        atomic_store_explicit(&slot->posted, job[t], memory_order_release);
        pthread_mutex_lock(&slot->mutex);
        pthread_cond_signal(&slot->wake);
        pthread_mutex_unlock(&slot->mutex);
    }
    fn(context, 0);
    for (int t = 1; t < chunks; t++) {
        unsigned long previous = job[t] - 1;
        if (atomic_compare_exchange_strong(&slots[t].claimed, &previous, job[t])) {
            fn(context, t); /* the worker has not started it: run it here */
            continue;
        }
        long start = now_ns();
        unsigned spins = 0;
        while (atomic_load_explicit(&slots[t].finished, memory_order_acquire) != job[t]) {
            PAUSE();
            /* On a busy machine the worker may be waiting for this core: give it up. */
            if ((++spins & 63) == 0 && now_ns() - start > SPIN_NS) sched_yield();
        }
    }
    atomic_flag_clear_explicit(&busy, memory_order_release);
    return 1;
}
