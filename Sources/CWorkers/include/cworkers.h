#ifndef CWORKERS_H
#define CWORKERS_H

/* A small pool of persistent worker threads for the kernels' batch chunks (see README.md).
   Workers spin for a short while after each job before they sleep, as OpenMP's do, so a
   kernel of a few hundred microseconds does not pay a thread wake-up per call. */

/* One chunk of a job: chunk is 0 ..< chunks. */
typedef void (*cw_chunk_fn)(void *context, int chunk);

/* Runs fn(context, t) for every t in 0 ..< chunks and returns when all have finished: chunk 0
   on the calling thread, chunk t on worker t (started on first use). Returns 1 when it ran the
   job; 0 without running anything when the pool cannot take it: another job is running (a
   nested or concurrent call), chunks < 2, chunks > 64, or the environment variable
   CONVWALK_WORKERS is "dispatch". The caller then runs the chunks another way. */
int cw_workers_run(int chunks, cw_chunk_fn fn, void *context);

#endif
